import type { Kafka } from 'kafkajs';
import type { Logger } from '../logging/logger.js';
import type { CollectorMetrics } from './collector-metrics.js';
import { readConsumerLag } from './consumer-lag.js';

export interface LagMonitorOptions {
  kafka: Kafka;
  metrics: CollectorMetrics;
  logger: Logger;
  /** The groups to watch and the topic each consumes. */
  groups: readonly { group: string; topic: string }[];
  intervalMs?: number;
}

export interface LagMonitor {
  /** Reads the lag once now (also used by tests to avoid waiting for the timer). */
  refresh(): Promise<void>;
  /** Undefined after a successful refresh; the error of the last one otherwise. */
  brokerProblem(): string | undefined;
  stop(): Promise<void>;
}

/**
 * Refreshes the consumer-lag gauges every few seconds from the admin API, off the scrape path:
 * a scrape never waits on the broker, and a broker that is down shows as a readiness reason and
 * a lag_refresh_errors_total increase while the gauges keep their last values.
 */
export function startLagMonitor(options: LagMonitorOptions): LagMonitor {
  const { kafka, metrics, logger } = options;
  const admin = kafka.admin();
  let connected: Promise<void> | undefined;
  let problem: string | undefined = 'lag not read yet';
  let running: Promise<void> | undefined;

  async function refreshOnce(): Promise<void> {
    try {
      connected ??= admin.connect();
      await connected;
      for (const { group, topic } of options.groups) {
        const partitions = await readConsumerLag(admin, group, topic);
        let sum = 0;
        for (const entry of partitions) {
          metrics.consumerLag.set({ group, topic, partition: String(entry.partition) }, entry.lag);
          sum += entry.lag;
        }
        metrics.consumerGroupLag.set({ group, topic }, sum);
      }
      problem = undefined;
    } catch (error) {
      connected = undefined;
      metrics.lagRefreshErrors.inc();
      const message = error instanceof Error ? error.message : String(error);
      if (problem === undefined) logger.warn({ err: error }, 'cannot read consumer lag');
      problem = `broker unreachable (${message})`;
    }
  }

  const refresh = () => {
    running ??= refreshOnce().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void refresh(), options.intervalMs ?? 5_000);
  timer.unref();
  void refresh();

  return {
    refresh,
    brokerProblem: () => problem,
    async stop() {
      clearInterval(timer);
      await running;
      await admin.disconnect().catch(() => undefined);
    },
  };
}
