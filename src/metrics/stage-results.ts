import type { JobEvent } from '../contracts/events.js';
import type { TopicNames } from '../contracts/topics.js';
import type { CollectorMetrics } from './collector-metrics.js';

/** What the validator handler returns, reduced to what the counters need. */
interface ValidatorOutputCounts {
  validated: readonly { value: { bars: readonly { flags: readonly string[] }[] } }[];
  flagged: readonly { value: { code: string; severity: string } }[];
  jobs: readonly unknown[];
}

/**
 * Counts a validator batch from the handler's result, after its outputs were acknowledged:
 * bars accepted, flags on accepted bars by code, rejected bars by reason code (one anomaly of
 * severity `rejected` per rejected bar), and the records published per topic.
 */
export function countValidatorBatch(
  metrics: CollectorMetrics,
  topics: TopicNames,
  outputs: ValidatorOutputCounts,
): void {
  let accepted = 0;
  const flags = new Map<string, number>();
  for (const { value } of outputs.validated) {
    accepted += value.bars.length;
    for (const bar of value.bars) {
      for (const flag of bar.flags) flags.set(flag, (flags.get(flag) ?? 0) + 1);
    }
  }
  metrics.barsValidated.inc(accepted);
  for (const [code, count] of flags) metrics.barsFlagged.inc({ code }, count);
  for (const { value } of outputs.flagged) {
    if (value.severity === 'rejected') metrics.barsRejected.inc({ code: value.code });
  }
  const stage = 'validator';
  metrics.recordsProduced.inc({ stage, topic: topics.validated }, outputs.validated.length);
  metrics.recordsProduced.inc({ stage, topic: topics.flagged }, outputs.flagged.length);
  metrics.recordsProduced.inc({ stage, topic: topics.jobs }, outputs.jobs.length);
}

/** Counts a committed sink batch: rows upserted and one UnitStored per unit. */
export function countSinkBatch(
  metrics: CollectorMetrics,
  topics: TopicNames,
  result: { rows: number; units: number },
): void {
  metrics.rowsUpserted.inc(result.rows);
  metrics.recordsProduced.inc({ stage: 'sink', topic: topics.jobs }, result.units);
}

/**
 * Counts source calls from the lifecycle events the tracker folds: every producer reports its
 * attempts there, so the numbers cover produce runs of any process (the scheduler's children,
 * a person's backfill) without each of them serving metrics.
 */
export function countSourceCalls(metrics: CollectorMetrics, events: readonly JobEvent[]): void {
  for (const event of events) {
    if (event.type !== 'UnitFetched' && event.type !== 'UnitFetchFailed') continue;
    const { source, attempts, durationMs } = event.payload;
    metrics.sourceFetchAttempts.inc({ source }, attempts);
    if (durationMs !== null) metrics.sourceFetchDuration.observe({ source }, durationMs / 1000);
    if (attempts > 1) metrics.sourceFetchRetries.inc({ source }, attempts - 1);
    if (event.type === 'UnitFetchFailed') metrics.sourceFetchFailures.inc({ source });
  }
}
