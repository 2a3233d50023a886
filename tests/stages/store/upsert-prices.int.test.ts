import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase, type Database } from '../../../src/db/database.js';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../../src/db/embedded-postgres.js';
import { migrate } from '../../../src/db/migrate.js';
import { latestPerKey, type PriceRow } from '../../../src/stages/store/price-row.js';
import { upsertPrices } from '../../../src/stages/store/upsert-prices.js';
import { upsertPricesMultiRow } from '../../../src/stages/store/upsert-prices-multirow.js';
import { createTestDatabase, requireServices, testLogger } from '../../support/integration.js';

const { services, skip } = requireServices('postgres');

const bar = (
  asset_id: string,
  date: string,
  close: number,
  extra: Partial<PriceRow> = {},
): PriceRow => ({
  asset_id,
  date,
  source: 'sample',
  open: close - 1,
  high: close + 2,
  low: close - 2,
  close,
  volume: 1000 + close,
  flags: [],
  ...extra,
});

/**
 * A first batch, then a second that overwrites part of it: keys twice in one batch (the later
 * wins), nulls, empty and several flags, flags needing quoting, another source as another key,
 * fractional and large numbers.
 */
const BATCHES: PriceRow[][] = [
  [
    bar('005930', '2026-02-02', 100),
    bar('005930', '2026-02-03', 101, { volume: null }),
    bar('005930', '2026-02-02', 102, { flags: ['price_spike'] }),
    bar('BTC/KRW', '2026-02-02', (0.1 + 0.2) * 1e8, { volume: 0.1 + 0.2 }),
    bar('BTC/KRW', '2026-02-02', 99.5, {
      source: 'upbit',
      flags: ['a,b', 'q"uote', 'back\\slash'],
    }),
    bar('GC=F', '2026-02-03', 2050.1, { flags: ['trading_halt', 'price_spike'], volume: null }),
  ],
  [
    bar('005930', '2026-02-03', 105, { flags: ['price_spike'] }),
    bar('005930', '2026-02-03', 106, { volume: 7 }),
    bar('GC=F', '2026-02-03', 2051, { flags: [] }),
    bar('GC=F', '2026-02-04', 2052, { flags: ['{brace}', ''] }),
  ],
];

/** A checksum of every stored column except ingested_at, in key order. */
const checksum = (table: string) =>
  `SELECT count(*)::int AS rows,
          md5(string_agg(format('%s|%s|%s|%s|%s|%s|%s|%s|%s', asset_id, date, source, open, high,
                                low, close, volume, flags), E'\\n' ORDER BY asset_id, date, source)) AS sum
     FROM ${table}`;

/** Writes the batches with the old statement into a copy of the table and the new one into it. */
async function bothPaths(db: Database) {
  await db.none('CREATE TABLE reference_prices (LIKE price_daily INCLUDING ALL)');
  for (const batch of BATCHES) {
    const unique = latestPerKey(batch);
    await db.tx((t) => upsertPricesMultiRow(t, unique, 2, async () => {}, 'reference_prices'));
    await db.tx((t) => upsertPrices(t, unique, 2));
  }
  return {
    old: await db.one(checksum('reference_prices')),
    new: await db.one(checksum('price_daily')),
  };
}

describe.skipIf(skip)('the unnest upsert on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;

  beforeAll(async () => {
    database = await createTestDatabase(services.postgresAdminUrl ?? '');
    await migrate({ databaseUrl: database.url, direction: 'up', logger: testLogger() });
    db = createDatabase(database.url);
  });

  afterAll(async () => {
    if (db !== undefined) await closeDatabase(db);
    await database?.drop();
  });

  it('stores exactly what the multi-row INSERT stores', async () => {
    const sums = await bothPaths(db);
    expect(sums.new).toEqual(sums.old);
    expect(sums.new.rows).toBe(6);
    const flags = await db.map(
      `SELECT flags FROM price_daily WHERE asset_id = 'BTC/KRW' AND source = 'upbit'`,
      [],
      (row: { flags: string[] }) => row.flags,
    );
    expect(flags).toEqual([['a,b', 'q"uote', 'back\\slash']]);
    const updated = await db.one(
      `SELECT close, volume, flags FROM price_daily WHERE asset_id = '005930' AND date = '2026-02-03'`,
    );
    expect(updated).toEqual({ close: 106, volume: 7, flags: [] });
  });

  it('renews ingested_at on an update and writes the same rows again on redelivery', async () => {
    const before = await db.one(
      `SELECT ingested_at FROM price_daily WHERE asset_id = 'GC=F' AND date = '2026-02-04'`,
    );
    const rows = latestPerKey(BATCHES[1] ?? []);
    const written = await db.tx((t) => upsertPrices(t, rows, 1000));
    expect(written).toBe(rows.length);
    const after = await db.one(
      `SELECT ingested_at FROM price_daily WHERE asset_id = 'GC=F' AND date = '2026-02-04'`,
    );
    expect(after.ingested_at.getTime()).toBeGreaterThan(before.ingested_at.getTime());
    expect(await db.one(checksum('price_daily'))).toEqual(
      await db.one(checksum('reference_prices')),
    );
  });
});

describe('the unnest upsert on PGlite', () => {
  let dir: string;
  let embedded: EmbeddedPostgres;
  let db: Database;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upsert-pglite-'));
    embedded = await startEmbeddedPostgres(dir);
    await migrate({ databaseUrl: embedded.url, direction: 'up', logger: testLogger() });
    db = createDatabase(embedded.url, { max: 2 });
  });

  afterAll(async () => {
    if (db !== undefined) await closeDatabase(db);
    await embedded?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores exactly what the multi-row INSERT stores', async () => {
    const sums = await bothPaths(db);
    expect(sums.new).toEqual(sums.old);
    expect(sums.new.rows).toBe(6);
  });
});
