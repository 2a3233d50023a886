import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePriceRows } from '../../bench/sample-price-rows.js';
import { DEFAULT_CATALOG } from '../../src/catalog/assets.js';
import { closeDatabase, createDatabase, type Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { buildBackfillReport } from '../../src/report/backfill-report.js';
import { upsertPrices } from '../../src/stages/store/upsert-prices.js';
import { createTestDatabase, requireServices, testLogger } from '../support/integration.js';
import { runCli } from '../support/run-cli.js';

const { services, skip } = requireServices('postgres');

const START = '2023-01-01';
const END = '2025-12-31';

describe.skipIf(skip)('backfill report over a 3-year sample backfill', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  const outDir = mkdtempSync(join(tmpdir(), 'report-'));

  const report = () =>
    buildBackfillReport({
      db,
      assets: DEFAULT_CATALOG,
      start: START,
      end: END,
      source: 'sample',
      now: new Date(),
    });
  const coverageOf = async (id: string) =>
    (await report()).assets.find((asset) => asset.assetId === id);

  beforeAll(async () => {
    database = await createTestDatabase(services.postgresAdminUrl ?? '');
    await migrate({ databaseUrl: database.url, direction: 'up', logger: testLogger() });
    db = createDatabase(database.url);
    const rows = await samplePriceRows(DEFAULT_CATALOG, START, END);
    await db.tx((t) => upsertPrices(t, rows, 1000));
  });

  afterAll(async () => {
    if (db !== undefined) await closeDatabase(db);
    await database?.drop();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('lists zero missing sessions for every asset', async () => {
    const result = await report();
    expect(result.assets.map((asset) => asset.assetId)).toEqual(
      DEFAULT_CATALOG.map((asset) => asset.id),
    );
    for (const asset of result.assets) {
      expect(asset.missingCount, asset.assetId).toBe(0);
      expect(asset.unsureCount, asset.assetId).toBe(0);
      expect(asset.rows, asset.assetId).toBe(asset.expected);
      expect(asset.offCalendar, asset.assetId).toBe(0);
    }
    // Three years of sessions: about 245 a year on an exchange, every day for crypto.
    expect(result.assets.find((asset) => asset.assetId === 'BTC/KRW')?.expected).toBe(1096);
    expect(result.assets.find((asset) => asset.assetId === '005930')?.rows).toBeGreaterThan(720);
  });

  it('shows a deleted row as a missing date', async () => {
    // A Thursday session (May 1 is a KRX closure, so Apr 30 and May 2 are neighbours).
    await db.none(
      "DELETE FROM price_daily WHERE asset_id = '005930' AND source = 'sample' AND date = '2024-05-02'",
    );
    const samsung = await coverageOf('005930');
    expect(samsung?.missingCount).toBe(1);
    expect(samsung?.missing).toEqual([{ first: '2024-05-02', last: '2024-05-02' }]);
    expect(samsung?.rows).toBe((samsung?.expected ?? 0) - 1);
  });

  it('compresses consecutive missing sessions across a holiday into one range', async () => {
    // Jul 4 2024 is an NYSE holiday: Jul 3 and Jul 5 are consecutive sessions.
    await db.none(
      "DELETE FROM price_daily WHERE asset_id = 'US500' AND source = 'sample' AND date IN ('2024-07-03', '2024-07-05')",
    );
    expect((await coverageOf('US500'))?.missing).toEqual([
      { first: '2024-07-03', last: '2024-07-05' },
    ]);
  });

  it('counts flagged days and their flags', async () => {
    await db.none(
      "UPDATE price_daily SET flags = '{price_spike}' WHERE asset_id = 'BTC/KRW' AND date IN ('2024-03-01', '2024-03-02')",
    );
    const bitcoin = await coverageOf('BTC/KRW');
    expect(bitcoin?.flagged).toBe(2);
    expect(bitcoin?.flags).toEqual({ price_spike: 2 });
  });

  it('npm run report prints the same and writes it as Markdown to --out', async () => {
    const out = join(outDir, 'nested', 'backfill-report.md');
    const result = await runCli(
      'src/cli/report.ts',
      ['--start', START, '--end', END, '--source', 'sample', '--out', out],
      { DATABASE_URL: database.url },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('005930 missing: 2024-05-02');
    expect(result.stdout).toContain('US500 missing: 2024-07-03..2024-07-05');
    expect(result.stdout).toContain('BTC/KRW flags: price_spike 2');
    expect(result.stdout).toMatch(
      /^GC=F\s+sample\s+\d+\s+2023-01-03\s+2025-12-31\s+\d+\s+0\s+0\s+0$/m,
    );
    const markdown = readFileSync(out, 'utf8');
    expect(markdown).toContain(`- Range: ${START} .. ${END}`);
    expect(markdown).toContain('- Source: sample');
    expect(markdown).toMatch(/- Generated at: \d{4}-\d{2}-\d{2}T/);
    expect(markdown).toContain('| 005930 | 2024-05-02 | - |');
    expect(markdown).toContain('| US500 | 2024-07-03..2024-07-05 | - |');
    expect(markdown).toContain('| BTC/KRW | 2 | price_spike 2 |');
  });

  it('--assets limits the report to those assets', async () => {
    const result = await runCli(
      'src/cli/report.ts',
      ['--start', '2024-05-01', '--end', '2024-05-10', '--source', 'sample', '--assets', '005930'],
      { DATABASE_URL: database.url },
    );
    expect(result.code).toBe(0);
    // KRX is closed May 1 (Labor Day) and May 6 (Children's Day substitute): 6 sessions, and
    // May 2 was deleted above.
    expect(result.stdout).toMatch(
      /^005930\s+sample\s+5\s+2024-05-03\s+2024-05-10\s+6\s+1\s+0\s+0$/m,
    );
    expect(result.stdout).not.toMatch(/^US500/m);
  });
});
