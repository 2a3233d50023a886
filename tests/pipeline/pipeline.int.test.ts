import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { calendarFor } from '../../src/calendar/market-calendar.js';
import { DEFAULT_CATALOG } from '../../src/catalog/assets.js';
import { cliEnv, sourcesAt } from '../support/cli-env.js';
import { type FakeMarketServer, startFakeMarketServer } from '../support/fake-market-server.js';
import { requireServices } from '../support/integration.js';
import { jobIdIn } from '../support/log-lines.js';
import { createPipelineFixture, type PipelineFixture } from '../support/pipeline-fixture.js';
import { SAMPLE_JOB_ARGS, WINDOW_ARGS } from '../support/produce-args.js';
import { type RunningCli, runCli } from '../support/run-cli.js';
import { startWebhookServer, type WebhookServer } from '../support/webhook-server.js';

const { services, skip } = requireServices('kafka', 'registry', 'postgres');

interface JobRow {
  job_id: string;
  status: string;
  ended_at: Date | null;
  error_message: string | null;
  units_planned: number;
  units_fetched: number;
  units_failed: number;
  units_stored: number;
  bars_fetched: number;
  rows_written: number;
}

describe.skipIf(skip)(
  'the pipeline: produce, then validator, sink and tracker in consumer groups',
  () => {
    let fixture: PipelineFixture;
    let market: FakeMarketServer;
    let webhook: WebhookServer;
    let consumers: RunningCli | undefined;

    const env = () => ({
      ...cliEnv(fixture),
      ...sourcesAt(market.baseUrl),
      ALERT_WEBHOOK_URL: webhook.url,
      FETCH_MAX_RETRIES: '1',
      FETCH_BASE_DELAY_MS: '5',
    });

    async function produce(args: readonly string[]): Promise<string> {
      const result = await runCli('src/cli/produce.ts', args, env());
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      return jobIdIn(result.stdout);
    }

    async function finishedJob(jobId: string, timeoutMs = 60_000): Promise<JobRow> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const job = await fixture.db.oneOrNone<JobRow>('SELECT * FROM job_run WHERE job_id = $1', [
          jobId,
        ]);
        if (job !== null && job.status !== 'running') return job;
        if (Date.now() > deadline) {
          throw new Error(
            `job ${jobId} still ${job?.status ?? 'unknown'} after ${timeoutMs} ms\n${consumers?.output().slice(-3000)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }

    beforeAll(async () => {
      fixture = await createPipelineFixture(services);
      market = await startFakeMarketServer();
      webhook = await startWebhookServer();
      consumers = await fixture.startConsumers(env());
    });

    afterEach(() => {
      market.modes.naver = 'ok';
      market.modes.yahoo = 'ok';
      market.modes.upbit = 'ok';
    });

    afterAll(async () => {
      expect(await consumers?.stop('SIGTERM')).toBe(0);
      await market?.close();
      await webhook?.close();
      await fixture?.cleanup();
    });

    it('stores exactly the sessions of the window for each asset and ends the job in success', async () => {
      const jobId = await produce(SAMPLE_JOB_ARGS);
      const job = await finishedJob(jobId);
      expect(job.status).toBe('success');
      expect(job.ended_at).not.toBeNull();
      expect(job.error_message).toBeNull();
      expect(job).toMatchObject({
        units_planned: 7,
        units_fetched: 7,
        units_failed: 0,
        units_stored: 7,
      });

      for (const asset of DEFAULT_CATALOG) {
        const dates = await fixture.db.map(
          `SELECT date FROM price_daily WHERE asset_id = $1 AND source = 'sample' ORDER BY date`,
          [asset.id],
          (row: { date: string }) => row.date,
        );
        expect(dates, asset.id).toEqual(
          calendarFor(asset.market).sessions('2026-02-02', '2026-02-11'),
        );
      }
      const { count } = await fixture.db.one<{ count: number }>(
        'SELECT count(*)::int AS count FROM price_daily',
      );
      expect(job.rows_written).toBe(count);
      expect(job.bars_fetched).toBe(count);

      // The same command again: no new rows, newer ingested_at, a second successful job.
      const before = await fixture.db.one<{ latest: Date }>(
        'SELECT max(ingested_at) AS latest FROM price_daily',
      );
      const again = await produce(SAMPLE_JOB_ARGS);
      expect(again).not.toBe(jobId);
      expect((await finishedJob(again)).status).toBe('success');
      const after = await fixture.db.one<{ count: number; earliest: Date }>(
        'SELECT count(*)::int AS count, min(ingested_at) AS earliest FROM price_daily',
      );
      expect(after.count).toBe(count);
      expect(after.earliest.getTime()).toBeGreaterThan(before.latest.getTime());
      const { jobs } = await fixture.db.one<{ jobs: number }>(
        `SELECT count(*)::int AS jobs FROM job_run WHERE status = 'success'`,
      );
      expect(jobs).toBe(2);
    });

    it('ends partial_failure naming the asset whose source is down, and alerts once', async () => {
      market.modes.upbit = 'down';
      const jobId = await produce(WINDOW_ARGS);
      const job = await finishedJob(jobId);
      expect(job.status).toBe('partial_failure');
      const failed = JSON.parse(job.error_message ?? '[]') as { asset: string; attempts: number }[];
      expect(failed.map((f) => f.asset)).toEqual(['BTC/KRW']);
      expect(failed[0]?.attempts).toBe(2);
      expect(job).toMatchObject({ units_failed: 1, units_stored: 6 });

      const deadline = Date.now() + 10_000;
      while (!webhook.messages.some((m) => m.includes(jobId)) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const alerts = webhook.messages.filter((m) => m.includes(jobId));
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatch(/partial_failure/);
      expect(alerts[0]).toMatch(/BTC\/KRW/);
      expect(alerts[0]).toMatch(/UTC/);
      expect(alerts[0]).toMatch(/Asia\/Seoul/);
    });

    it('ends failure when every source is down', async () => {
      market.modes.naver = 'down';
      market.modes.yahoo = 'down';
      market.modes.upbit = 'down';
      const jobId = await produce(WINDOW_ARGS);
      const job = await finishedJob(jobId);
      expect(job.status).toBe('failure');
      expect(job).toMatchObject({ units_planned: 7, units_failed: 7, units_stored: 0 });
      const failed = JSON.parse(job.error_message ?? '[]') as { asset: string }[];
      expect(failed.map((f) => f.asset).sort()).toEqual(DEFAULT_CATALOG.map((a) => a.id).sort());
    });
  },
);
