import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Anomaly } from '../../src/contracts/events.js';
import type { Database } from '../../src/db/database.js';
import { cliEnv, sourcesAt } from '../support/cli-env.js';
import { requireServices } from '../support/integration.js';
import { type LocalServer, startLocalServer } from '../support/local-server.js';
import { jobIdIn } from '../support/log-lines.js';
import { createPipelineFixture, type PipelineFixture } from '../support/pipeline-fixture.js';
import { readTopic } from '../support/read-topic.js';
import { type CliResult, type RunningCli, runCli } from '../support/run-cli.js';
import { type OpenTestDatabase, openTestDatabase } from '../support/test-database.js';
import { startWebhookServer, type WebhookServer } from '../support/webhook-server.js';

const { services, skip } = requireServices('kafka', 'registry', 'postgres');

/** The reproduction of issue 11 item 1: one good bar, one on a day February does not have. */
const BAD_DATE_CSV =
  'Date,Open,High,Low,Close,Volume\n2026-02-02,100,110,90,105,1000\n20260230,100,110,90,105,1000\n';
const BAD_DATE_ARGS = ['--start', '2026-02-02', '--end', '2026-03-05', '--source', 'csv'];

/** Produces 005930 from BAD_DATE_CSV, written to `folder`. */
async function produceBadDateCsv(folder: string, env: Record<string, string>): Promise<CliResult> {
  const csv = join(folder, 'bad.csv');
  await writeFile(csv, BAD_DATE_CSV);
  return runCli(
    'src/cli/produce.ts',
    [...BAD_DATE_ARGS, '--csv-path', csv, '--assets', '005930'],
    env,
  );
}

interface JobRow {
  status: string;
  ended_at: Date | null;
  error_message: string | null;
  units_failed: number;
  bars_fetched: number;
  bars_rejected: number;
  rows_written: number;
}

/** The stored dates of an asset, as text. */
const storedDates = (db: Database, assetId: string) =>
  db.map(
    'SELECT date FROM price_daily WHERE asset_id = $1 ORDER BY date',
    [assetId],
    (row: { date: string }) => row.date,
  );

/** One log line's JSON whose `msg` matches, or undefined. */
function logLine(stdout: string, msg: RegExp): Record<string, unknown> | undefined {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((line) => typeof line.msg === 'string' && msg.test(line.msg));
}

describe.skipIf(skip)('hostile source input, embedded wiring (produce with DATABASE_URL)', () => {
  let database: OpenTestDatabase;
  let source: LocalServer;
  let webhook: WebhookServer;
  let folder: string;

  const env = () => ({
    DATABASE_URL: database.url,
    ...sourcesAt(source.baseUrl),
    ALERT_WEBHOOK_URL: webhook.url,
    FETCH_MAX_RETRIES: '0',
    LOG_LEVEL: 'info',
  });

  /** Produces one asset from `start` to `end`, expecting a clean exit: 0, nothing on stderr. */
  async function produce(asset: string, start: string, end: string): Promise<CliResult> {
    const result = await runCli(
      'src/cli/produce.ts',
      ['--start', start, '--end', end, '--assets', asset],
      env(),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return result;
  }

  const job = (jobId: string) =>
    database.db.one<JobRow>('SELECT * FROM job_run WHERE job_id = $1', [jobId]);

  beforeAll(async () => {
    database = await openTestDatabase(services.postgresAdminUrl ?? '', { migrated: false });
    source = await startLocalServer();
    webhook = await startWebhookServer();
    folder = await mkdtemp(join(tmpdir(), 'hostile-input-'));
  });

  afterAll(async () => {
    await source?.close();
    await webhook?.close();
    await database?.close();
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  it('stores the good CSV bar and rejects 20260230 as a bad date, naming it', async () => {
    const result = await produceBadDateCsv(folder, env());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const jobId = jobIdIn(result.stdout);
    expect(await storedDates(database.db, '005930')).toEqual(['2026-02-02']);
    const rejected = logLine(result.stdout, /^bar rejected/);
    expect(rejected).toMatchObject({ code: 'date_invalid', assetId: '005930' });
    expect(String(rejected?.msg)).toContain('20260230');
    const row = await job(jobId);
    expect(row).toMatchObject({ status: 'success', bars_fetched: 2, bars_rejected: 1 });
    expect(row.ended_at).not.toBeNull();
    expect(result.stdout).toMatch(/1 row\(s\) written to price_daily, 1 bar\(s\) rejected/);
  });

  it('rejects an Upbit candle dated 2026-01-32 instead of refusing the arguments', async () => {
    const candle = (date: string, close: number) => ({
      market: 'KRW-BTC',
      candle_date_time_utc: `${date}T00:00:00`,
      candle_date_time_kst: `${date}T09:00:00`,
      opening_price: close,
      high_price: close * 1.01,
      low_price: close * 0.99,
      trade_price: close,
      candle_acc_trade_volume: 12.5,
    });
    source.handle((_request, response) =>
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(
          JSON.stringify([
            candle('2026-02-01', 100_000_000),
            candle('2026-01-32', 100_000_000),
            candle('2026-01-31', 100_000_000),
          ]),
        ),
    );
    const result = await produce('BTC/KRW', '2026-01-31', '2026-02-01');
    expect(await storedDates(database.db, 'BTC/KRW')).toEqual(['2026-01-31', '2026-02-01']);
    expect(String(logLine(result.stdout, /^bar rejected/)?.msg)).toContain('2026-01-32');
    expect((await job(jobIdIn(result.stdout))).status).toBe('success');
  });

  it('ends a job whose every fetched bar was rejected as failure, with an alert and the reason', async () => {
    // Yahoo's chart API with the prices of both sessions left out but the closes present.
    source.handle((_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          chart: {
            result: [
              {
                meta: { symbol: '^GSPC', exchangeTimezoneName: 'America/New_York' },
                timestamp: [1770042600, 1770129000],
                indicators: {
                  quote: [
                    {
                      open: [null, null],
                      high: [null, null],
                      low: [null, null],
                      close: [6900.5, 6910.25],
                      volume: [null, null],
                    },
                  ],
                },
              },
            ],
            error: null,
          },
        }),
      ),
    );
    const sentBefore = webhook.messages.length;
    const result = await produce('US500', '2026-02-02', '2026-02-03');
    const row = await job(jobIdIn(result.stdout));
    expect(row).toMatchObject({
      status: 'failure',
      units_failed: 1,
      bars_fetched: 2,
      bars_rejected: 2,
      rows_written: 0,
    });
    expect(JSON.parse(row.error_message ?? '[]')).toEqual([
      expect.objectContaining({
        asset: 'US500',
        code: 'ALL_BARS_REJECTED',
        error: expect.stringMatching(/all 2 fetched bar\(s\) rejected/),
      }),
    ]);
    expect(webhook.messages.slice(sentBefore).join('\n')).toMatch(/failure[\s\S]*US500/);
    expect(result.stdout).toMatch(
      /job [0-9a-f-]{36} failure: 0 row\(s\) written.*2 bar\(s\) rejected/,
    );
  });

  it('rejects a price far above the currency ceiling (1e20 KRW) and stores the sane bar of the same unit', async () => {
    const csv = join(folder, 'huge.csv');
    await writeFile(
      csv,
      'Date,Open,High,Low,Close,Volume\n2026-02-03,100,110,90,105,1000\n2026-02-04,100000000000000000000,100000000000000000000,100000000000000000000,100000000000000000000,1\n',
    );
    const result = await runCli(
      'src/cli/produce.ts',
      [
        '--start',
        '2026-02-03',
        '--end',
        '2026-02-04',
        '--source',
        'csv',
        '--csv-path',
        csv,
        '--assets',
        '000660',
      ],
      env(),
    );
    expect(result.code).toBe(0);
    expect(await storedDates(database.db, '000660')).toEqual(['2026-02-03']);
    const rejected = logLine(result.stdout, /^bar rejected/);
    expect(rejected).toMatchObject({ code: 'price_out_of_range' });
  });
});

describe.skipIf(skip)('hostile source input, Kafka wiring (produce, then consumers)', () => {
  let fixture: PipelineFixture;
  let consumers: RunningCli;
  let folder: string;

  beforeAll(async () => {
    fixture = await createPipelineFixture(services);
    folder = await mkdtemp(join(tmpdir(), 'hostile-input-'));
    consumers = await fixture.startConsumers();
  });

  afterAll(async () => {
    expect(await consumers?.stop('SIGTERM')).toBe(0);
    await fixture?.cleanup();
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  it('stores the good CSV bar, flags 20260230 on ohlcv.flagged and ends the job within a minute', async () => {
    const result = await produceBadDateCsv(folder, cliEnv(fixture));
    expect(result.code).toBe(0);
    const jobId = jobIdIn(result.stdout);

    const deadline = Date.now() + 60_000;
    let row: JobRow | null = null;
    while (Date.now() < deadline) {
      row = await fixture.db.oneOrNone<JobRow>('SELECT * FROM job_run WHERE job_id = $1', [jobId]);
      if (row !== null && row.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(row, consumers.output().slice(-3000)).toMatchObject({
      status: 'success',
      bars_rejected: 1,
    });
    expect(await storedDates(fixture.db, '005930')).toEqual(['2026-02-02']);

    const messages = await readTopic(fixture.kafka, fixture.topics.flagged, (found) =>
      found.some((message) => message.value?.includes('20260230')),
    );
    const anomalies: Anomaly[] = await Promise.all(
      messages.map((message) => fixture.codec.decode('flagged', message.value as Buffer)),
    );
    const rejected = anomalies.filter(
      (anomaly) => anomaly.jobId === jobId && anomaly.severity === 'rejected',
    );
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ code: 'date_invalid', date: null });
    expect(rejected[0]?.message).toContain('20260230');
    expect(rejected[0]?.bar?.date).toBe('20260230');
    expect(await fixture.db.one('SELECT count(*)::int AS n FROM job_run')).toEqual({ n: 1 });
  }, 120_000);
});
