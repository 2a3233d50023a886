import { collectDefaultMetrics, Registry } from 'prom-client';
import { metricFactories } from './metric-factories.js';

/** Every metric of the collector starts with this; the default process metrics keep their names. */
export const METRIC_PREFIX = 'market_collector_';

/**
 * Batch times from a few ms (a small validator batch) to a minute (a large sink batch waiting
 * out a slow database); beyond that the batch is stuck and the retry counters say why.
 */
const BATCH_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The collector's metrics in one registry of their own (not prom-client's global one, so tests
 * and several wirings in one process never collide). Labels are bounded sets: stage, topic,
 * source, reason code, status, job name; never an asset or a job id.
 */
export function createCollectorMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const { counter, gauge, histogram } = metricFactories(registry, METRIC_PREFIX);
  return {
    registry,
    recordsConsumed: counter(
      'records_consumed_total',
      'Messages a stage read from its input topic (dead-lettered ones included).',
      ['stage', 'topic'],
    ),
    recordsProduced: counter(
      'records_produced_total',
      'Messages a stage published and the broker acknowledged, per output topic.',
      ['stage', 'topic'],
    ),
    barsValidated: counter(
      'bars_validated_total',
      'Bars the validator accepted for storage (flagged ones included).',
    ),
    barsFlagged: counter(
      'bars_flagged_total',
      'Accepted bars carrying a flag, by flag code (price_spike, trading_halt).',
      ['code'],
    ),
    barsRejected: counter(
      'bars_rejected_total',
      'Bars the validator rejected (not stored), by the first reason code.',
      ['code'],
    ),
    rowsUpserted: counter(
      'rows_upserted_total',
      'Rows the sink upserted into price_daily (committed transactions only).',
    ),
    batchDuration: histogram(
      'batch_duration_seconds',
      'Time a stage took to handle one consumed batch, retries and isolation included.',
      ['stage'],
      BATCH_BUCKETS,
    ),
    dlqMessages: counter(
      'dlq_messages_total',
      'Messages a stage sent to the dead-letter topic of its input.',
      ['stage', 'topic'],
    ),
    sourceFetchDuration: histogram(
      'source_fetch_duration_seconds',
      'Time the fetcher took for one unit from a source, retries included.',
      ['source', 'outcome'],
      [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    ),
    sourceFetchAttempts: counter(
      'source_fetch_attempts_total',
      'Calls made to a source, first tries and retries, as reported by the lifecycle events.',
      ['source'],
    ),
    sourceFetchRetries: counter(
      'source_fetch_retries_total',
      'Calls to a source that were retries of a failed call.',
      ['source'],
    ),
    sourceFetchFailures: counter(
      'source_fetch_failures_total',
      'Units a source failed to deliver once the retries were spent.',
      ['source'],
    ),
    databaseErrors: counter(
      'database_errors_total',
      'Database failures a stage waited out (retried), by SQLSTATE or socket error code.',
      ['stage', 'code'],
    ),
    brokerErrors: counter(
      'broker_errors_total',
      'Broker or schema-registry failures a stage waited out (retried), by error type.',
      ['stage', 'code'],
    ),
    consumerLag: gauge(
      'consumer_lag',
      'Messages not yet committed by a consumer group: high watermark minus committed offset.',
      ['group', 'topic', 'partition'],
    ),
    consumerGroupLag: gauge(
      'consumer_group_lag',
      'The sum of consumer_lag over the partitions of a group.',
      ['group', 'topic'],
    ),
    lagRefreshErrors: counter(
      'lag_refresh_errors_total',
      'Times the lag could not be read from the broker admin API.',
    ),
    stageUp: gauge(
      'stage_up',
      '1 while the stage has joined its consumer group, 0 while starting, rebalancing or crashed.',
      ['stage'],
    ),
    jobsFinished: counter(
      'jobs_finished_total',
      'Jobs in job_run that ended, by status (read from the database every few seconds).',
      ['status'],
    ),
    jobLastSuccess: gauge(
      'job_last_success_timestamp_seconds',
      'When the last job of a name ended in success, Unix time.',
      ['job_name'],
    ),
    staleAssets: gauge(
      'stale_assets',
      'Assets whose latest stored date is behind the session their calendar expects.',
    ),
  };
}

export type CollectorMetrics = ReturnType<typeof createCollectorMetrics>;
