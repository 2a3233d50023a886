import type { Settings } from '../config/settings.js';

/**
 * The default metrics port of each long-running command, distinct so that several processes on
 * one machine never collide. `web` is reserved for the web server.
 */
export const DEFAULT_METRICS_PORTS = {
  'consume all': 9470,
  'consume validator': 9471,
  'consume sink': 9472,
  'consume tracker': 9473,
  schedule: 9474,
  web: 9475,
  'consume anomalies': 9476,
} as const;

export type MetricsProcess = keyof typeof DEFAULT_METRICS_PORTS;

/**
 * Where a process serves its metrics: `--metrics-port`, else METRICS_PORT, else the command's
 * default, on METRICS_HOST (loopback unless set). Undefined when the port is 0 (turned off).
 */
export function metricsAddress(
  settings: Settings,
  process: MetricsProcess,
  flagPort?: number,
): { host: string; port: number } | undefined {
  const port = flagPort ?? settings.metrics.port ?? DEFAULT_METRICS_PORTS[process];
  return port === 0 ? undefined : { host: settings.metrics.host, port };
}
