import { beforeAll, describe, expect, it } from 'vitest';
import { requireServices } from '../support/integration.js';
import { startLocalServer } from '../support/local-server.js';
import {
  type CleanRunResult,
  cleanRun,
  faultedRuns,
  OWN_SOURCES_JOB,
  outcomeOf,
  upbitDownWithWebhook,
} from './fault-harness.js';

const { services, skip } = requireServices('kafka', 'registry', 'postgres');

const SECRET = 'fault-test-webhook-token-7f3a9c';

describe.skipIf(skip)('the alert webhook down while a job with a failing source ends', () => {
  const servers = upbitDownWithWebhook();
  const startRun = faultedRuns(services);
  let clean: CleanRunResult;

  beforeAll(async () => {
    const { market, webhook } = servers;
    clean = await cleanRun(services, OWN_SOURCES_JOB, { market, webhookUrl: webhook.url });
    expect(clean.job.status).toBe('partial_failure');
    // Undisturbed, the tracker alerted exactly once (sent before its consumer stopped).
    expect(webhook.messages).toHaveLength(1);
  });

  it('still completes, logs one error line saying the alert failed, and never the webhook URL', async () => {
    // A port that answered a moment ago and is closed now: the POST is refused.
    const gone = await startLocalServer();
    const deadUrl = `${gone.baseUrl}/api/webhooks/424242/${SECRET}`;
    await gone.close();

    const faulted = await startRun({ market: servers.market, webhookUrl: deadUrl });
    const consumers = await faulted.startConsumers('all');
    const jobId = await faulted.produce(OWN_SOURCES_JOB);
    const job = await faulted.finishedJob(jobId, 60_000);
    await consumers.waitFor(/"msg":"alert failed:/, 15_000);
    // The failed alert did not stop the consumers: they still stop cleanly on request.
    expect(await consumers.stop('SIGTERM')).toBe(0);

    expect(job.status).toBe('partial_failure');
    expect(outcomeOf(job)).toEqual(clean.job);
    expect(await faulted.prices()).toEqual(clean.prices);
    expect(job.alerted_status).toBe('partial_failure');

    const output = consumers.output();
    const failures = output.split('\n').filter((line) => line.includes('"msg":"alert failed:'));
    expect(failures).toHaveLength(1);
    const line = JSON.parse(failures[0] ?? '{}') as { level: string; alert: string; msg: string };
    expect(line.level).toBe('error');
    expect(line.alert).toContain(jobId);
    expect(output).not.toContain(deadUrl);
    expect(output).not.toContain(SECRET);
    expect(output).not.toContain('/api/webhooks/');
    const errorLines = output.split('\n').filter((l) => l.includes('"level":"error"'));
    console.info(
      `[faults] webhook down: job ${job.status} (${job.units_failed}/${job.units_planned} units failed); ` +
        `the alert line: ${line.msg}; ${errorLines.length} error line(s) in all`,
    );
  });
});
