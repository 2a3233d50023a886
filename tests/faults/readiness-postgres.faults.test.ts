import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapBus } from '../../src/bus/bootstrap.js';
import { createKafka } from '../../src/bus/kafka-client.js';
import type { Settings } from '../../src/config/settings.js';
import { migrate } from '../../src/db/migrate.js';
import { cliEnv } from '../support/cli-env.js';
import { freePort } from '../support/free-port.js';
import { requireServices, testLogger, testSettings } from '../support/integration.js';
import { type RunningCli, startCli } from '../support/run-cli.js';
import { waitUntil } from './harness/wait-until.js';
import { type PrivatePostgres, startPrivatePostgres } from './private-postgres.js';

const { services, skip } = requireServices('kafka', 'registry');

interface Probe {
  healthz: number;
  readyz: number;
  reason?: string;
}

/**
 * /readyz follows the database: 503 with the reason while PostgreSQL is stopped, 200 once it is
 * back, while /healthz stays 200. The database is a private cluster on its own port; the shared
 * one is never touched.
 */
describe.skipIf(skip)('/readyz while PostgreSQL is stopped and started again', () => {
  let postgres: PrivatePostgres;
  let settings: Settings;
  let consumer: RunningCli | undefined;
  let base: string;
  const probes: Probe[] = [];

  const probe = async (): Promise<Probe> => {
    const healthz = (await fetch(`${base}/healthz`)).status;
    const response = await fetch(`${base}/readyz`);
    const body = (await response.json()) as { reason?: string };
    const result: Probe = {
      healthz,
      readyz: response.status,
      ...(body.reason ? { reason: body.reason } : {}),
    };
    probes.push(result);
    return result;
  };
  const until = (what: string, check: (p: Probe) => boolean, timeoutMs = 60_000) =>
    waitUntil(
      what,
      async () => {
        const result = await probe();
        return check(result) ? result : undefined;
      },
      {
        timeoutMs,
        everyMs: 250,
        detail: () =>
          `last probes ${JSON.stringify(probes.slice(-3))}\n${consumer?.output().slice(-2000)}`,
      },
    );

  beforeAll(async () => {
    postgres = await startPrivatePostgres(await freePort());
    settings = testSettings(services, { DATABASE_URL: postgres.url });
    await migrate({ databaseUrl: postgres.url, direction: 'up', logger: testLogger() });
    await bootstrapBus(settings, testLogger());
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    consumer = startCli('src/cli/consume.ts', ['sink', '--metrics-port', String(port)], {
      ...cliEnv({ settings, databaseUrl: postgres.url }),
    });
    await consumer.waitFor(/"msg":"running /);
  });

  afterAll(async () => {
    expect(await consumer?.stop('SIGTERM')).toBe(0);
    await postgres?.dispose();
    const admin = createKafka(settings, testLogger()).admin();
    await admin.connect();
    const ours = (await admin.listTopics()).filter((t) => t.startsWith(settings.kafka.topicPrefix));
    await admin.deleteTopics({ topics: ours }).catch(() => undefined);
    await admin.disconnect();
  });

  it('answers 503 naming the database while it is down, 200 again after, and /healthz 200 throughout', async () => {
    await until('ready with the database up', (p) => p.readyz === 200);
    await postgres.stop();
    const down = await until('not ready with the database stopped', (p) => p.readyz === 503);
    expect(down.reason).toMatch(/^database: /);
    // Stays not ready as long as the database is down.
    await sleep(2_000);
    expect((await probe()).readyz).toBe(503);
    await postgres.start();
    await until('ready again', (p) => p.readyz === 200);
    expect(probes.every((p) => p.healthz === 200)).toBe(true);
    console.info(
      `[faults] readyz: ${probes.length} probes, ${probes.filter((p) => p.readyz === 503).length} answered 503 (${down.reason})`,
    );
  });
});
