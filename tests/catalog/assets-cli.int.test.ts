import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../src/calendar/iso-date.js';
import { calendarFor } from '../../src/calendar/market-calendar.js';
import { requireServices } from '../support/integration.js';
import { type LocalServer, startLocalServer } from '../support/local-server.js';
import { runCli } from '../support/run-cli.js';
import { type OpenTestDatabase, openTestDatabase } from '../support/test-database.js';

const { services, skip } = requireServices('postgres');

const FIXTURES = new URL('../fixtures/market-data/', import.meta.url);
const QQQ = JSON.parse(
  readFileSync(new URL('yahoo_chart_QQQ_1d_2020-01-01_2020-01-03.json', FIXTURES), 'utf8'),
);
const NOT_FOUND = readFileSync(new URL('yahoo_chart_error_404_not_found.json', FIXTURES), 'utf8');

/**
 * Yahoo's chart API for one symbol, QQQ: the recorded response (its meta: Invesco QQQ Trust, ETF,
 * USD, America/New_York) with a bar on every US session of the asked range; any other symbol
 * gets the recorded 404.
 */
function serveYahoo(server: LocalServer) {
  server.handle((_request, response, url) => {
    const symbol = decodeURIComponent(url.pathname.split('/').pop() ?? '');
    if (symbol !== 'QQQ') {
      response.writeHead(404, { 'content-type': 'application/json' }).end(NOT_FOUND);
      return;
    }
    const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
    const sessions = calendarFor('US').sessions(
      day(Number(url.searchParams.get('period1'))),
      day(Number(url.searchParams.get('period2'))),
    );
    const closes = sessions.map((_, i) => 400 + i);
    const result = {
      ...QQQ.chart.result[0],
      timestamp: sessions.map((date) => Date.parse(`${date}T14:30:00Z`) / 1000),
      indicators: {
        quote: [
          {
            open: closes,
            high: closes.map((close) => close + 2),
            low: closes.map((close) => close - 2),
            close: closes,
            volume: closes.map(() => 1_000_000),
          },
        ],
      },
    };
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ chart: { result: [result], error: null } }));
  });
}

describe.skipIf(skip)('npm run assets: the catalog in the asset table', () => {
  let database: OpenTestDatabase;
  let server: LocalServer;
  const env = () => ({
    DATABASE_URL: database.url,
    YAHOO_BASE_URL: server.baseUrl,
    FETCH_MAX_RETRIES: '1',
    FETCH_BASE_DELAY_MS: '5',
  });

  beforeAll(async () => {
    database = await openTestDatabase(services.postgresAdminUrl ?? '', { migrated: true });
    server = await startLocalServer();
    serveYahoo(server);
  });

  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('adds a symbol with what the source tells, and the next produce collects it', {
    timeout: 180_000,
  }, async () => {
    const added = await runCli('src/cli/assets.ts', ['add', 'QQQ'], env());
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toBe('added QQQ: Invesco QQQ Trust, etf, US, USD, yahoo (QQQ)\n');
    expect(
      await database.db.one(
        'SELECT name, category, market, currency, source, source_symbol, active FROM asset WHERE id = $1',
        ['QQQ'],
      ),
    ).toEqual({
      name: 'Invesco QQQ Trust',
      category: 'etf',
      market: 'US',
      currency: 'USD',
      source: 'yahoo',
      source_symbol: 'QQQ',
      active: true,
    });

    const list = await runCli('src/cli/assets.ts', ['list'], env());
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^QQQ +Invesco QQQ Trust +etf +US +USD +yahoo \(QQQ\) +yes$/m);
    expect(list.stdout).toMatch(/^005930 +Samsung Electronics +stock/m);

    // Embedded wiring over the same database: produce reads the catalog from the asset table.
    const end = addDays(todayIn('America/New_York', new Date()), -1);
    const start = addDays(end, -9);
    const produced = await runCli(
      'src/cli/produce.ts',
      ['--start', start, '--end', end, '--assets', 'QQQ'],
      { ...env(), LOG_LEVEL: 'info' },
      120_000,
    );
    expect(produced.code, produced.stderr).toBe(0);
    const { rows } = await database.db.one<{ rows: number }>(
      `SELECT count(*)::int AS rows FROM price_daily WHERE asset_id = 'QQQ' AND source = 'yahoo'`,
    );
    expect(rows).toBe(calendarFor('US').sessions(start, end).length);
  });

  it('refuses an unknown symbol with one line and exit 2, and adds nothing', async () => {
    const result = await runCli('src/cli/assets.ts', ['add', 'NOSUCH'], env());
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^assets: yahoo does not know the symbol NOSUCH .*--symbol/);
    expect(await database.db.oneOrNone(`SELECT id FROM asset WHERE id = 'NOSUCH'`)).toBeNull();
  });

  it('disables an asset: produce no longer knows it; an unknown id exits 2', {
    timeout: 120_000,
  }, async () => {
    const disabled = await runCli('src/cli/assets.ts', ['disable', 'GC=F'], env());
    expect(disabled.code, disabled.stderr).toBe(0);
    const produce = await runCli(
      'src/cli/produce.ts',
      ['--start', '2026-02-02', '--end', '2026-02-03', '--assets', 'GC=F'],
      env(),
    );
    expect(produce.code).toBe(2);
    expect(produce.stderr).toMatch(/GC=F/);
    const unknown = await runCli('src/cli/assets.ts', ['disable', 'NOPE'], env());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^assets: no asset NOPE in the catalog/);
  });
});
