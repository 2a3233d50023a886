import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarFor } from '../../src/calendar/market-calendar.js';
import { DEFAULT_CATALOG } from '../../src/catalog/assets.js';
import { closeDatabase, createDatabase, type Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { checkFreshness } from '../../src/healthcheck/freshness.js';
import { upsertPrices } from '../../src/stages/store/upsert-prices.js';
import { expectUnreachableDatabaseExit } from '../cli/unreachable-database.js';
import { createTestDatabase, requireServices, testLogger } from '../support/integration.js';
import { runCli } from '../support/run-cli.js';
import { startWebhookServer, type WebhookServer } from '../support/webhook-server.js';

const { services, skip } = requireServices('postgres');

// Thursday 2026-02-12 at 18:00 in Seoul: every market expects Wednesday Feb 11.
const NOW = '2026-02-12T09:00:00Z';
const EXPECTED = '2026-02-11';
const WEEK_OLD = '2026-02-04';

describe.skipIf(skip)('npm run healthcheck against PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let webhook: WebhookServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase(services.postgresAdminUrl ?? '');
    await migrate({ databaseUrl: database.url, direction: 'up', logger: testLogger() });
    db = createDatabase(database.url);
    webhook = await startWebhookServer();
    env = { DATABASE_URL: database.url, ALERT_WEBHOOK_URL: webhook.url };
    // Each asset's last two weeks of sessions up to the expected one, from its own source.
    const rows = DEFAULT_CATALOG.flatMap((asset) =>
      calendarFor(asset.market)
        .sessions('2026-01-29', EXPECTED)
        .map((date) => ({
          asset_id: asset.id,
          date,
          source: asset.source,
          open: 100,
          high: 101,
          low: 99,
          close: 100,
          volume: 1000,
          flags: [],
        })),
    );
    await db.tx((t) => upsertPrices(t, rows, 500));
  });

  afterAll(async () => {
    if (db !== undefined) await closeDatabase(db);
    await webhook?.close();
    await database?.drop();
  });

  it('exits 0 with every asset OK when each has its expected session, and sends no alert', async () => {
    const result = await runCli('src/cli/healthcheck.ts', ['--now', NOW], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const asset of DEFAULT_CATALOG) {
      expect(result.stdout).toMatch(
        new RegExp(
          `^${asset.id.replace('/', '\\/')}\\s+${asset.source}\\s+${EXPECTED}\\s+${EXPECTED}\\s+0\\s+OK$`,
          'm',
        ),
      );
    }
    expect(result.stdout).toContain(`all 7 assets fresh as of 2026-02-12T09:00:00.000Z`);
    expect(webhook.messages).toEqual([]);
  });

  it('reports an asset a week behind as STALE with its lag, exits 1, and alerts once', async () => {
    await db.none('DELETE FROM price_daily WHERE asset_id = $1 AND date > $2', ['US500', WEEK_OLD]);
    const result = await runCli('src/cli/healthcheck.ts', ['--now', NOW], env);
    expect(result.code).toBe(1);
    // Feb 5, 6, 9, 10 and 11: five sessions behind.
    expect(result.stdout).toMatch(
      new RegExp(`^US500\\s+yahoo\\s+${WEEK_OLD}\\s+${EXPECTED}\\s+5\\s+STALE$`, 'm'),
    );
    expect(result.stdout.match(/STALE$/gm)).toHaveLength(1);
    expect(result.stdout).toContain('1 of 7 assets STALE as of 2026-02-12T09:00:00.000Z: US500');

    expect(webhook.messages).toHaveLength(1);
    const [message] = webhook.messages;
    expect(message).toContain('**Stale market data: 1 of 7 assets**');
    expect(message).toContain('status: stale');
    expect(message).toContain(
      `US500 (S&P 500, yahoo): latest ${WEEK_OLD}, 5 sessions behind; expected ${EXPECTED}`,
    );
    for (const other of DEFAULT_CATALOG.filter((asset) => asset.id !== 'US500')) {
      expect(message).not.toContain(`${other.id} (`);
    }
  });

  it('prints one JSON document with --json', async () => {
    const before = webhook.messages.length;
    const result = await runCli('src/cli/healthcheck.ts', ['--json', '--now', NOW], env);
    expect(result.code).toBe(1);
    const document = JSON.parse(result.stdout) as {
      fresh: boolean;
      stale: string[];
      assets: Array<{ assetId: string; lag: number | null; status: string }>;
    };
    expect(document).toMatchObject({ fresh: false, stale: ['US500'], source: 'own' });
    expect(document.assets).toHaveLength(7);
    expect(document.assets.find((row) => row.assetId === 'US500')).toMatchObject({
      latestStored: WEEK_OLD,
      expected: EXPECTED,
      lag: 5,
      status: 'STALE',
    });
    expect(webhook.messages).toHaveLength(before + 1);
  });

  it('with --source, checks that source: nothing stored is STALE with lag "all"', async () => {
    const result = await runCli('src/cli/healthcheck.ts', ['--source', 'sample', '--now', NOW], {
      DATABASE_URL: database.url,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^005930\s+sample\s+-\s+2026-02-11\s+all\s+STALE$/m);
    expect(result.stdout).toContain('7 of 7 assets STALE');
  });

  it('checkFreshness takes the clock, so holidays are judged by the calendar', async () => {
    // Friday Feb 20 after Seollal (KRX closed Feb 16-18): KRX expects Thursday Feb 19.
    const rows = await checkFreshness({
      db,
      catalog: DEFAULT_CATALOG,
      now: new Date('2026-02-20T09:00:00Z'),
    });
    const samsung = rows.find((row) => row.assetId === '005930');
    // Stored up to Feb 11; Feb 12, 13 and 19 are the sessions since.
    expect(samsung).toMatchObject({ latestStored: EXPECTED, expected: '2026-02-19', lag: 3 });
  });

  it('an unreachable database is exit code 1 with one line saying what to do', async () => {
    await expectUnreachableDatabaseExit(
      'src/cli/healthcheck.ts',
      /^healthcheck: cannot reach PostgreSQL .*DATABASE_URL/,
    );
  });
});
