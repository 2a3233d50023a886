import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Every metric of the collector starts with this; the default process metrics keep their names. */
export const METRIC_PREFIX = 'market_collector_';

const name = (suffix: string) => `${METRIC_PREFIX}${suffix}`;

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
  const registers = [registry];
  return {
    registry,
    recordsConsumed: new Counter({
      name: name('records_consumed_total'),
      help: 'Messages a stage read from its input topic (dead-lettered ones included).',
      labelNames: ['stage', 'topic'] as const,
      registers,
    }),
    recordsProduced: new Counter({
      name: name('records_produced_total'),
      help: 'Messages a stage published and the broker acknowledged, per output topic.',
      labelNames: ['stage', 'topic'] as const,
      registers,
    }),
    barsValidated: new Counter({
      name: name('bars_validated_total'),
      help: 'Bars the validator accepted for storage (flagged ones included).',
      registers,
    }),
    barsFlagged: new Counter({
      name: name('bars_flagged_total'),
      help: 'Accepted bars carrying a flag, by flag code (price_spike, trading_halt).',
      labelNames: ['code'] as const,
      registers,
    }),
    barsRejected: new Counter({
      name: name('bars_rejected_total'),
      help: 'Bars the validator rejected (not stored), by the first reason code.',
      labelNames: ['code'] as const,
      registers,
    }),
    rowsUpserted: new Counter({
      name: name('rows_upserted_total'),
      help: 'Rows the sink upserted into price_daily (committed transactions only).',
      registers,
    }),
    batchDuration: new Histogram({
      name: name('batch_duration_seconds'),
      help: 'Time a stage took to handle one consumed batch, retries and isolation included.',
      labelNames: ['stage'] as const,
      buckets: BATCH_BUCKETS,
      registers,
    }),
    dlqMessages: new Counter({
      name: name('dlq_messages_total'),
      help: 'Messages a stage sent to the dead-letter topic of its input.',
      labelNames: ['stage', 'topic'] as const,
      registers,
    }),
    sourceFetchDuration: new Histogram({
      name: name('source_fetch_duration_seconds'),
      help: 'Time the fetcher took for one unit from a source, retries included.',
      labelNames: ['source', 'outcome'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    }),
    sourceFetchAttempts: new Counter({
      name: name('source_fetch_attempts_total'),
      help: 'Calls made to a source, first tries and retries, as reported by the lifecycle events.',
      labelNames: ['source'] as const,
      registers,
    }),
    sourceFetchRetries: new Counter({
      name: name('source_fetch_retries_total'),
      help: 'Calls to a source that were retries of a failed call.',
      labelNames: ['source'] as const,
      registers,
    }),
    sourceFetchFailures: new Counter({
      name: name('source_fetch_failures_total'),
      help: 'Units a source failed to deliver once the retries were spent.',
      labelNames: ['source'] as const,
      registers,
    }),
    databaseErrors: new Counter({
      name: name('database_errors_total'),
      help: 'Database failures a stage waited out (retried), by SQLSTATE or socket error code.',
      labelNames: ['stage', 'code'] as const,
      registers,
    }),
    brokerErrors: new Counter({
      name: name('broker_errors_total'),
      help: 'Broker or schema-registry failures a stage waited out (retried), by error type.',
      labelNames: ['stage', 'code'] as const,
      registers,
    }),
    consumerLag: new Gauge({
      name: name('consumer_lag'),
      help: 'Messages not yet committed by a consumer group: high watermark minus committed offset.',
      labelNames: ['group', 'topic', 'partition'] as const,
      registers,
    }),
    consumerGroupLag: new Gauge({
      name: name('consumer_group_lag'),
      help: 'The sum of consumer_lag over the partitions of a group.',
      labelNames: ['group', 'topic'] as const,
      registers,
    }),
    lagRefreshErrors: new Counter({
      name: name('lag_refresh_errors_total'),
      help: 'Times the lag could not be read from the broker admin API.',
      registers,
    }),
    stageUp: new Gauge({
      name: name('stage_up'),
      help: '1 while the stage has joined its consumer group, 0 while starting, rebalancing or crashed.',
      labelNames: ['stage'] as const,
      registers,
    }),
    jobsFinished: new Counter({
      name: name('jobs_finished_total'),
      help: 'Jobs in job_run that ended, by status (read from the database every few seconds).',
      labelNames: ['status'] as const,
      registers,
    }),
    jobLastSuccess: new Gauge({
      name: name('job_last_success_timestamp_seconds'),
      help: 'When the last job of a name ended in success, Unix time.',
      labelNames: ['job_name'] as const,
      registers,
    }),
    staleAssets: new Gauge({
      name: name('stale_assets'),
      help: 'Assets whose latest stored date is behind the session their calendar expects.',
      registers,
    }),
  };
}

export type CollectorMetrics = ReturnType<typeof createCollectorMetrics>;
