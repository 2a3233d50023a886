import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServices } from '../../../support/integration.js';
import { type LocalServer, startLocalServer } from '../../../support/local-server.js';
import { jobIdIn } from '../../../support/log-lines.js';
import { type CliResult, runCli } from '../../../support/run-cli.js';
import { type OpenTestDatabase, openTestDatabase } from '../../../support/test-database.js';
import { startWebhookServer, type WebhookServer } from '../../../support/webhook-server.js';

const { services, skip } = requireServices('postgres');

const PASSWORD = 'SeCrEt123';
/** One US500 unit from Yahoo, embedded mode: every stage in the CLI's process. */
const YAHOO_JOB = ['--start', '2026-02-02', '--end', '2026-02-06', '--assets', 'US500'];
const UPBIT_JOB = ['--start', '2026-02-01', '--end', '2026-02-02', '--assets', 'BTC/KRW'];

interface JobRow {
  job_id: string;
  status: string;
  error_message: string | null;
  rows_written: number;
}

/**
 * Hostile market-data sources and credentials planted in URLs, through the real path: the
 * produce CLI in embedded mode against a local HTTP server, job_run in a real PostgreSQL
 * database, alerts to a local webhook.
 */
describe.skipIf(skip)('hostile sources and credentials in URLs', () => {
  let database: OpenTestDatabase;
  let source: LocalServer;
  let elsewhere: LocalServer;
  let webhook: WebhookServer;

  beforeAll(async () => {
    database = await openTestDatabase(services.postgresAdminUrl ?? '', { migrated: false });
    source = await startLocalServer();
    elsewhere = await startLocalServer();
    webhook = await startWebhookServer();
  });

  afterAll(async () => {
    await source?.close();
    await elsewhere?.close();
    await webhook?.close();
    await database?.close();
  });

  const produce = (args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
    runCli(
      'src/cli/produce.ts',
      args,
      {
        DATABASE_URL: database.url,
        YAHOO_BASE_URL: source.baseUrl,
        UPBIT_BASE_URL: source.baseUrl,
        ALERT_WEBHOOK_URL: webhook.url,
        FETCH_MAX_RETRIES: '2',
        FETCH_BASE_DELAY_MS: '5',
        FETCH_TIMEOUT_MS: '5000',
        LOG_LEVEL: 'debug',
        ...env,
      },
      90_000,
    );

  const jobOf = async (result: CliResult): Promise<JobRow> => {
    const jobId = jobIdIn(result.stdout);
    return database.db.one<JobRow>(
      'SELECT job_id, status, error_message, rows_written FROM job_run WHERE job_id = $1',
      [jobId],
    );
  };

  /** Every text the system wrote anywhere a person or a table keeps it. */
  const everythingWritten = async (result: CliResult) => {
    const tables = await database.db
      .any<{ text: string }>(
        `SELECT coalesce(error_message, '') || params::text AS text FROM job_run
         UNION ALL SELECT coalesce(error, '') FROM job_unit`,
      )
      .catch(() => []);
    return [result.stdout, result.stderr, ...tables.map((row) => row.text), ...webhook.messages];
  };

  describe('credentials in a URL', () => {
    it('refuses a source base URL with user:password@ at start-up, in one line without it', async () => {
      const result = await produce(YAHOO_JOB, {
        YAHOO_BASE_URL: `http://user:${PASSWORD}@127.0.0.1:18701`,
      });
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/YAHOO_BASE_URL must be a URL without user:password@/);
      expect((await everythingWritten(result)).join('\n')).not.toContain(PASSWORD);
    });

    it('does not echo a malformed SCHEMA_REGISTRY_URL holding a password', async () => {
      const result = await produce(YAHOO_JOB, {
        KAFKA_BROKERS: '127.0.0.1:9092',
        SCHEMA_REGISTRY_URL: `http://u:${PASSWORD}@`,
      });
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/SCHEMA_REGISTRY_URL must be/);
      expect(result.stderr + result.stdout).not.toContain(PASSWORD);
    });

    it('keeps a password out of logs, job_run, job_unit and alerts when a source redirects to a URL with one', async () => {
      source.handle((_request, response) =>
        response
          .writeHead(302, {
            location: `http://user:${PASSWORD}@127.0.0.1:${new URL(source.baseUrl).port}/x`,
          })
          .end(),
      );
      webhook.messages.length = 0;
      const result = await produce(YAHOO_JOB);
      expect(result.code).toBe(0);
      const job = await jobOf(result);
      expect(job.status).toBe('failure');
      // The failure is recorded and alerted, with the URL's credentials replaced.
      expect(job.error_message).toContain('[redacted]@127.0.0.1');
      expect(webhook.messages.join('\n')).toContain('US500');
      expect(result.stdout).toMatch(/source call failed/);
      expect((await everythingWritten(result)).join('\n')).not.toContain(PASSWORD);
    });
  });

  describe('hostile sources', () => {
    it('ends a unit whose response passes FETCH_MAX_RESPONSE_BYTES as a fetch failure, without reading it all', async () => {
      let sent = 0;
      source.handle((_request, response) => {
        // 64 MiB of JSON-looking text, chunked (no Content-Length), written as fast as read.
        response.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(1024 * 1024, 'x');
        const write = () => {
          while (sent < 64 * 1024 * 1024) {
            sent += chunk.length;
            if (!response.write(chunk)) return void response.once('drain', write);
          }
          response.end();
        };
        response.once('close', () => {
          sent = Math.min(sent, 64 * 1024 * 1024);
        });
        write();
      });
      const result = await produce(YAHOO_JOB, { FETCH_MAX_RESPONSE_BYTES: '1048576' });
      expect(result.code).toBe(0);
      const job = await jobOf(result);
      expect(job).toMatchObject({ status: 'failure', rows_written: 0 });
      expect(job.error_message).toMatch(/response larger than 1048576 bytes/);
      expect(job.error_message).toMatch(/SOURCE_BAD_RESPONSE/);
      // Final, not retried: one request, abandoned long before the 64 MiB were written.
      expect(source.requests).toHaveLength(1);
      expect(sent).toBeLessThan(32 * 1024 * 1024);
    });

    it('stops paging Upbit after the pages a window can take when the pages step back seconds', async () => {
      source.handle((_request, response, url) => {
        const to = Date.parse(`${url.searchParams.get('to')}Z`);
        // 200 candles one second apart, all before `to`: never a short page, never the start.
        const candles = Array.from({ length: 200 }, (_, i) => {
          const at = new Date(to - (i + 1) * 1000).toISOString().slice(0, 19);
          return {
            market: 'KRW-BTC',
            candle_date_time_utc: at,
            opening_price: 100,
            high_price: 101,
            low_price: 99,
            trade_price: 100,
            candle_acc_trade_volume: 1,
          };
        });
        sendJson(response, candles);
      });
      const result = await produce(UPBIT_JOB);
      const job = await jobOf(result);
      expect(job).toMatchObject({ status: 'failure', rows_written: 0 });
      expect(job.error_message).toMatch(/upbit sent 2 full pages without reaching 2026-02-01/);
      expect(source.requests).toHaveLength(2);
    });

    it('ends a unit that outlasts FETCH_UNIT_DEADLINE_MS as SOURCE_TIMEOUT, retries and all', async () => {
      // Never answers; each attempt would wait FETCH_TIMEOUT_MS (5 s) three times over.
      source.handle(() => undefined);
      const started = Date.now();
      const result = await produce(YAHOO_JOB, { FETCH_UNIT_DEADLINE_MS: '1500' });
      const job = await jobOf(result);
      expect(job.status).toBe('failure');
      expect(job.error_message).toMatch(/SOURCE_TIMEOUT/);
      expect(job.error_message).toMatch(/within 1500 ms \(FETCH_UNIT_DEADLINE_MS\)/);
      expect(source.requests).toHaveLength(1);
      // Well under the 15 s of three full attempts (the CLI's start-up included).
      expect(Date.now() - started).toBeLessThan(14_000);
    });

    it('refuses a redirect to another host and never calls it', async () => {
      source.handle((_request, response, url) =>
        response.writeHead(302, { location: `${elsewhere.baseUrl}${url.pathname}` }).end(),
      );
      elsewhere.handle((_request, response) => sendJson(response, {}));
      const result = await produce(YAHOO_JOB);
      const job = await jobOf(result);
      expect(job.status).toBe('failure');
      expect(job.error_message).toMatch(/redirect to another host \(http:\/\/127\.0\.0\.1:\d+\)/);
      expect(source.requests).toHaveLength(1);
      expect(elsewhere.requests).toHaveLength(0);
    });

    it('still follows a redirect on the same host', async () => {
      source.handle((_request, response, url) => {
        if (!url.pathname.startsWith('/moved')) {
          return void response
            .writeHead(301, { location: `/moved${url.pathname}${url.search}` })
            .end();
        }
        sendJson(response, yahooChart());
      });
      const result = await produce(YAHOO_JOB);
      const job = await jobOf(result);
      expect(job).toMatchObject({ status: 'success', rows_written: 1 });
      expect(source.requests.map((request) => request.pathname)).toEqual([
        '/v8/finance/chart/%5EGSPC',
        '/moved/v8/finance/chart/%5EGSPC',
      ]);
    });
  });
});

function sendJson(response: ServerResponse, body: unknown) {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Yahoo's chart format with one session, 2026-02-03 in New York. */
function yahooChart() {
  const quote = { open: [100], high: [102], low: [99], close: [101], volume: [1000] };
  return {
    chart: {
      result: [
        {
          meta: { symbol: '^GSPC', exchangeTimezoneName: 'America/New_York', gmtoffset: -18000 },
          timestamp: [Date.parse('2026-02-03T15:00:00Z') / 1000],
          indicators: { quote: [quote], adjclose: [{ adjclose: quote.close }] },
        },
      ],
      error: null,
    },
  };
}
