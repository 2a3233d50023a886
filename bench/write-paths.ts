/**
 * Compares the ways the sink can write a batch into `price_daily`, on a private database of the
 * configured server: the seed's multi-row INSERT (pg-promise text), one `unnest` statement of
 * array parameters, and COPY into a per-connection staging table followed by one
 * INSERT ... SELECT ... ON CONFLICT. Each path writes the same rows in transactions of the batch
 * sizes the sink sees, first into an empty table (inserts) then again (updates).
 *
 *   npx tsx bench/write-paths.ts [--rows 200000] [--batch 2000,8000]
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command } from 'commander';
import { config as loadDotenv } from 'dotenv';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { closeDatabase, createDatabase, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { createLogger } from '../src/logging/logger.js';
import type { PriceRow } from '../src/stages/store/price-row.js';
import { upsertPrices } from '../src/stages/store/upsert-prices.js';
import { upsertPricesMultiRow } from '../src/stages/store/upsert-prices-multirow.js';
import { REPO_ROOT } from './processes.js';

const options = new Command('write-paths')
  .option('--rows <n>', 'rows per path', (v) => Number(v), 200_000)
  .option('--batch <list>', 'rows per transaction', '2000,8000')
  .parse()
  .opts<{ rows: number; batch: string }>();

loadDotenv({ quiet: true, path: `${REPO_ROOT}.env.example` });
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function rowsOf(count: number): PriceRow[] {
  return Array.from({ length: count }, (_, i) => {
    const close = 100 + (i % 997) / 7;
    return {
      asset_id: `W${String(Math.floor(i / 3650)).padStart(4, '0')}`,
      date: new Date(Date.UTC(2000, 0, 1) + (i % 3650) * 86_400_000).toISOString().slice(0, 10),
      source: 'sample',
      open: close * 0.99,
      high: close * 1.01,
      low: close * 0.98,
      close,
      volume: i % 11 === 0 ? null : 1000 + i,
      flags: i % 13 === 0 ? ['price_spike'] : [],
    };
  });
}

let staging: Awaited<ReturnType<Database['connect']>> | undefined;

/**
 * COPY into a temp table made once per connection, then one INSERT ... SELECT. pg-promise does
 * not expose a transaction's client, so this path holds its own connection and transaction.
 */
async function upsertByCopy(db: Database, rows: readonly PriceRow[]): Promise<number> {
  if (staging === undefined) {
    staging = await db.connect();
    await staging.none(
      'CREATE TEMP TABLE price_daily_staging (LIKE price_daily INCLUDING DEFAULTS) ON COMMIT DELETE ROWS',
    );
  }
  const connection = staging;
  // pg-promise types client.query as a promise; with a copy stream pg returns the stream.
  const client = connection.client as unknown as { query: <T>(stream: T) => T };
  await connection.none('BEGIN');
  const copy = client.query(
    copyStreams.from(
      'COPY price_daily_staging (asset_id, date, source, open, high, low, close, volume, flags) FROM STDIN',
    ),
  );
  const lines = (function* () {
    for (const row of rows) {
      yield `${row.asset_id}\t${row.date}\t${row.source}\t${row.open}\t${row.high}\t${row.low}\t${row.close}\t${row.volume ?? '\\N'}\t{${row.flags.join(',')}}\n`;
    }
  })();
  await pipeline(Readable.from(lines), copy);
  const result = await connection.result(
    `INSERT INTO price_daily (asset_id, date, source, open, high, low, close, volume, flags)
     SELECT asset_id, date, source, open, high, low, close, volume, flags FROM price_daily_staging
     ON CONFLICT (asset_id, date, source) DO UPDATE SET
       open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
       volume = EXCLUDED.volume, flags = EXCLUDED.flags, ingested_at = now()`,
  );
  await connection.none('COMMIT');
  return result.rowCount;
}

const paths: Record<string, (db: Database, rows: readonly PriceRow[]) => Promise<number>> = {
  multirow: (db, rows) => db.tx((t) => upsertPricesMultiRow(t, rows, 1000)),
  unnest: (db, rows) => db.tx((t) => upsertPrices(t, rows, rows.length)),
  copy: upsertByCopy,
};

async function main() {
  const name = `writepaths${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const logger = createLogger({ component: 'write-paths', level: 'warn', format: 'json' });
  await migrate({ databaseUrl: url.toString(), direction: 'up', logger });
  const db = createDatabase(url.toString(), { max: 2 });
  const rows = rowsOf(options.rows);
  try {
    for (const batch of options.batch.split(',').map(Number)) {
      for (const [path, write] of Object.entries(paths)) {
        await db.none('TRUNCATE price_daily');
        for (const phase of ['insert', 'update']) {
          const started = performance.now();
          for (let offset = 0; offset < rows.length; offset += batch) {
            await write(db, rows.slice(offset, offset + batch));
          }
          const seconds = (performance.now() - started) / 1000;
          console.log(
            `batch ${batch} ${path.padEnd(8)} ${phase}: ${Math.round(rows.length / seconds)} rows/s`,
          );
        }
      }
    }
  } finally {
    staging?.done();
    await closeDatabase(db);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
