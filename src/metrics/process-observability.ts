import type { Logger } from '../logging/logger.js';
import { type CollectorMetrics, createCollectorMetrics } from './collector-metrics.js';
import { type MetricsServer, startMetricsServer } from './metrics-server.js';
import type { ReadinessCheck } from './readiness.js';

export interface ProcessObservability {
  metrics: CollectorMetrics;
  /** Adds a named /readyz check (a stage's group membership, the database, the broker). */
  addReadinessCheck(name: string, check: ReadinessCheck): void;
  /** Starts the server when an address is given; a port in use throws ARGUMENT_INVALID. */
  serve(address: { host: string; port: number } | undefined): Promise<MetricsServer | undefined>;
  /** Runs on close, before the server stops: timers, admin clients, probe pools. */
  onClose(step: () => Promise<void> | void): void;
  close(): Promise<void>;
}

/**
 * The metrics registry, readiness checks and health server of one long-running process. The
 * web server can take `metrics` and the checks and mount `handleHealthRequest` instead.
 */
export function createProcessObservability(logger: Logger): ProcessObservability {
  const metrics = createCollectorMetrics();
  const readiness: Record<string, ReadinessCheck> = {};
  const closers: (() => Promise<void> | void)[] = [];
  let server: MetricsServer | undefined;
  return {
    metrics,
    addReadinessCheck(name, check) {
      readiness[name] = check;
    },
    async serve(address) {
      if (address === undefined) {
        logger.info('metrics server off (port 0)');
        return undefined;
      }
      server = await startMetricsServer({ registry: metrics.registry, readiness }, address);
      logger.info(
        { metricsUrl: server.url },
        `serving ${server.url}/metrics, /healthz and /readyz`,
      );
      return server;
    },
    onClose(step) {
      closers.push(step);
    },
    async close() {
      await Promise.allSettled(closers.map(async (step) => step()));
      await server?.close();
    },
  };
}
