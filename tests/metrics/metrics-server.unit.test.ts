import { describe, expect, it, onTestFinished } from 'vitest';
import { isAppError } from '../../src/errors.js';
import { createCollectorMetrics } from '../../src/metrics/collector-metrics.js';
import { startMetricsServer } from '../../src/metrics/metrics-server.js';
import { parseMetricsText, sumOf } from '../../src/metrics/parse-metrics-text.js';
import { checkReadiness } from '../../src/metrics/readiness.js';
import { runCli } from '../support/run-cli.js';

async function serve(readiness: Parameters<typeof startMetricsServer>[0]['readiness'] = {}) {
  const metrics = createCollectorMetrics({ defaultMetrics: false });
  const server = await startMetricsServer(
    { registry: metrics.registry, readiness },
    { host: '127.0.0.1', port: 0 },
  );
  onTestFinished(() => server.close());
  return { metrics, server };
}

describe('the metrics server', () => {
  it('serves the collector metrics in the Prometheus text format', async () => {
    const { metrics, server } = await serve();
    metrics.rowsUpserted.inc(42);
    metrics.barsRejected.inc({ code: 'high_below_low' }, 2);
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('# TYPE market_collector_rows_upserted_total counter');
    const samples = parseMetricsText(text);
    expect(sumOf(samples, 'market_collector_rows_upserted_total')).toBe(42);
    expect(sumOf(samples, 'market_collector_bars_rejected_total', { code: 'high_below_low' })).toBe(
      2,
    );
  });

  it('answers /healthz 200, /readyz 503 with the failing check, 404 elsewhere', async () => {
    let databaseUp = false;
    const { server } = await serve({
      stage: () => undefined,
      database: async () => (databaseUp ? undefined : 'connect ECONNREFUSED 127.0.0.1:5432'),
    });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const down = await fetch(`${server.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      ready: false,
      reason: 'database: connect ECONNREFUSED 127.0.0.1:5432',
    });
    databaseUp = true;
    const up = await fetch(`${server.url}/readyz`);
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ ready: true });
    expect((await fetch(`${server.url}/other`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a port in use with an ARGUMENT_INVALID error (exit 2) saying how to pick another', async () => {
    const { server } = await serve();
    const metrics = createCollectorMetrics({ defaultMetrics: false });
    const error = await startMetricsServer(
      { registry: metrics.registry },
      { host: '127.0.0.1', port: server.port },
    ).catch((caught: unknown) => caught);
    expect(isAppError(error) && error.code).toBe('ARGUMENT_INVALID');
    expect(isAppError(error) && error.exitCode).toBe(2);
    expect((error as Error).message).toMatch(/port is in use.*--metrics-port <n> or METRICS_PORT/);
  });

  it('consume with a busy --metrics-port prints one line and exits 2 before joining anything', async () => {
    const { server } = await serve();
    const result = await runCli(
      'src/cli/consume.ts',
      ['sink', '--metrics-port', String(server.port)],
      {
        KAFKA_BROKERS: '127.0.0.1:1',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
        LOG_LEVEL: 'silent',
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      `consumer: cannot serve metrics on 127.0.0.1:${server.port}: the port is in use; pick another with --metrics-port <n> or METRICS_PORT (0 turns the server off)`,
    ]);
  });

  it('a readiness check that hangs answers "no answer" in time instead of hanging the probe', async () => {
    const result = await checkReadiness({ broker: () => new Promise(() => {}) }, 50);
    expect(result).toEqual({ ready: false, reason: 'broker: no answer within 50 ms' });
  });
});
