import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import copyStreams from 'pg-copy-streams';
import type { Database } from '../src/db/database.js';
import type { PriceRow } from '../src/stages/store/price-row.js';
import { upsertPricesMultiRow } from '../src/stages/store/upsert-prices-multirow.js';

/**
 * Baseline (a), the batch way: the same rows upserted straight into PostgreSQL with pg-promise
 * in 1000-row multi-row INSERT ... ON CONFLICT statements, no Kafka. Returns seconds.
 */
export async function upsertBaseline(db: Database, rows: readonly PriceRow[]): Promise<number> {
  await db.none('CREATE TABLE baseline_upsert (LIKE price_daily INCLUDING ALL)');
  const started = performance.now();
  await db.tx((t) => upsertPricesMultiRow(t, rows, 1000, async () => {}, 'baseline_upsert'));
  return (performance.now() - started) / 1000;
}

/** Baseline (b), the ceiling: COPY of the same rows into an empty table. Returns seconds. */
export async function copyBaseline(db: Database, rows: readonly PriceRow[]): Promise<number> {
  await db.none('CREATE TABLE baseline_copy (LIKE price_daily INCLUDING ALL)');
  const connection = await db.connect();
  try {
    const started = performance.now();
    // pg-promise types client.query as a promise; with a copy stream pg returns the stream.
    const client = connection.client as unknown as { query: <T>(stream: T) => T };
    const copy = client.query(
      copyStreams.from(
        'COPY baseline_copy (asset_id, date, source, open, high, low, close, volume, flags) FROM STDIN',
      ),
    );
    const lines = (function* () {
      for (const row of rows) {
        const flags = `{${row.flags.join(',')}}`;
        yield `${row.asset_id}\t${row.date}\t${row.source}\t${row.open}\t${row.high}\t${row.low}\t${row.close}\t${row.volume ?? '\\N'}\t${flags}\n`;
      }
    })();
    await pipeline(Readable.from(lines), copy);
    return (performance.now() - started) / 1000;
  } finally {
    connection.done();
  }
}
