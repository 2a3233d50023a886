import { describe, expect, it } from 'vitest';
import { consumerGroupId } from '../../src/pipeline/topology.js';
import { requireServices } from '../support/integration.js';
import {
  faultedRuns,
  groupLag,
  messageCount,
  OWN_SOURCES_JOB,
  outcomeOf,
  upbitDownWithWebhook,
  waitUntil,
} from './fault-harness.js';

const { services, skip } = requireServices('kafka', 'registry', 'postgres');

/** What the tracker derived, with the columns that must not move when it folds again. */
const TRACKED = `SELECT job_id, job_name, status, started_at, ended_at, params, error_message,
  units_planned, units_fetched, units_failed, units_stored, bars_fetched, bars_flagged,
  bars_rejected, rows_written, alerted_status, stalled FROM job_run ORDER BY job_id`;
const UNITS = 'SELECT * FROM job_unit ORDER BY job_id, unit_id, stage';

describe.skipIf(skip)('the tracker folding the same ingest.jobs events twice', () => {
  const servers = upbitDownWithWebhook();
  const startRun = faultedRuns(services);

  it('ends with the same job_run counters and status, and sends no second alert', async () => {
    const { market, webhook } = servers;
    const faulted = await startRun({ market, webhookUrl: webhook.url });
    const { fixture } = faulted;
    await faulted.startConsumers('validator');
    await faulted.startConsumers('sink');
    const tracker = await faulted.startConsumers('tracker');
    const jobId = await faulted.produce(OWN_SOURCES_JOB);

    // The undisturbed fold: the job ends, the tracker alerts once and commits every event.
    const first = await faulted.finishedJob(jobId, 60_000);
    expect(first.status).toBe('partial_failure');
    await waitUntil(
      'the tracker to commit all of ingest.jobs',
      async () => (await groupLag(fixture, 'tracker', 'jobs')) === 0,
      { timeoutMs: 30_000, everyMs: 100 },
    );
    // An alert is sent inside the batch, before its offsets are committed: it is out by now.
    expect(webhook.messages.filter((m) => m.includes(jobId))).toHaveLength(1);
    const jobsBefore = await fixture.db.any(TRACKED);
    const unitsBefore = await fixture.db.any(UNITS);

    // Stop the tracker (its group is then empty), rewind its group to the start, start it again.
    expect(await tracker.stop('SIGTERM')).toBe(0);
    const topic = fixture.topics.jobs;
    const admin = fixture.kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId: consumerGroupId(fixture.settings.kafka.topicPrefix, 'tracker'),
        topic,
        partitions: ends.map((end) => ({ partition: end.partition, offset: end.low })),
      });
    } finally {
      await admin.disconnect();
    }
    const events = await messageCount(fixture, topic);
    expect(await groupLag(fixture, 'tracker', 'jobs')).toBe(events);

    const refolding = await faulted.startConsumers('tracker');
    await waitUntil(
      'the tracker to fold ingest.jobs again',
      async () => (await groupLag(fixture, 'tracker', 'jobs')) === 0,
      { timeoutMs: 60_000, everyMs: 100 },
    );
    expect(await refolding.stop('SIGTERM')).toBe(0);

    const job = await faulted.job(jobId);
    expect(outcomeOf(job)).toEqual(outcomeOf(first));
    expect(await fixture.db.any(TRACKED)).toEqual(jobsBefore);
    expect(await fixture.db.any(UNITS)).toEqual(unitsBefore);
    expect(webhook.messages.filter((m) => m.includes(jobId))).toHaveLength(1);
    expect(webhook.messages).toHaveLength(1);
    console.info(
      `[faults] tracker redelivery: ${events} ingest.jobs events folded twice; job ${job.status}, ` +
        `${unitsBefore.length} unit rows unchanged; ${webhook.messages.length} alert in all`,
    );
  });
});
