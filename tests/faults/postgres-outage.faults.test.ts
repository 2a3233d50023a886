import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { requireServices } from '../support/integration.js';
import { comparedWithCleanRun, expectCleanRunOutcome, infra, LARGE_JOB } from './fault-harness.js';

const { services, skip } = requireServices('kafka', 'registry', 'postgres');

const OUTAGE_MS = 20_000;

describe.skipIf(skip)('PostgreSQL stopped for 20 s in the middle of a job', () => {
  const startFaultedRun = comparedWithCleanRun(services, LARGE_JOB, { restart: 'postgres' });

  it('ends success with every row, the same checksum and the same counters as an undisturbed run', async () => {
    const { clean, faulted } = await startFaultedRun();
    const consumers = await faulted.startConsumers('all');
    const producing = faulted.produce(LARGE_JOB);
    producing.catch(() => undefined); // awaited below; a failure before that fails the test anyway

    const total = clean.prices.rows;
    const rowsAtStop = await faulted.waitForRows(total / 5);
    const stoppedAt = Date.now();
    let downMs = 0;
    try {
      await infra('postgres', 'stop');
      await sleep(OUTAGE_MS);
    } finally {
      downMs = Date.now() - stoppedAt;
      await infra('postgres', 'start');
    }
    const upAt = Date.now();
    const rowsAfterRestart = await faulted.rowCount();
    // The outage hit the job in its middle: rows were still missing when PostgreSQL came back.
    expect(rowsAtStop).toBeLessThan(total);
    expect(rowsAfterRestart).toBeLessThan(total);

    const jobId = await producing;
    const job = await faulted.finishedJob(jobId, 120_000);
    const recoveryMs = Date.now() - upAt;

    expect(job.status).toBe('success');
    // An outage is not poison: nothing was dead-lettered, and no batch was taken apart.
    await expectCleanRunOutcome(faulted, job, clean);
    expect(consumers.output()).not.toContain('isolating the event that breaks it');
    // The consumers waited the outage out instead of crashing.
    expect(consumers.child.exitCode).toBeNull();
    const retries = retryWarnings(consumers.output());
    // Which stages hit the outage depends on timing (the validator reads the latest stored close,
    // so it stalls too and may starve the sink); at least one of them waited it out.
    expect(Object.keys(retries).length).toBeGreaterThan(0);
    console.info(
      `[faults] postgres outage: clean run ${clean.elapsedMs} ms, ${total} rows; ` +
        `stopped at ${rowsAtStop} rows, down ${downMs} ms (stop to answering again), ` +
        `${rowsAfterRestart} rows right after; job success ${recoveryMs} ms later; ` +
        `retry warnings while it was down: ${JSON.stringify(retries)}`,
    );
  });
});

/** The stage runners' "<what> failed; retrying" warnings, counted by stage, what and why. */
function retryWarnings(output: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of output.split('\n')) {
    if (!line.includes('retrying (nothing is committed')) continue;
    let key = 'unparsed line';
    try {
      const { component, msg, err } = JSON.parse(line) as {
        component?: string;
        msg: string;
        err?: { message?: string };
      };
      key = `${component ?? '?'}: ${msg.split(' failed;')[0]} (${err?.message ?? '?'})`;
    } catch {
      // A line cut by interleaved stderr output still counts, without its details.
    }
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
