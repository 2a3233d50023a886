import type { ITask } from 'pg-promise';
import { pgp } from '../../db/database.js';
import type { PriceRow } from './price-row.js';

const COLUMNS = [
  'asset_id',
  'date',
  'source',
  'open',
  'high',
  'low',
  'close',
  'volume',
  { name: 'flags', cast: 'text[]' },
];
const columnSets = new Map<string, InstanceType<typeof pgp.helpers.ColumnSet>>();

function columnsOf(table: string) {
  let set = columnSets.get(table);
  if (set === undefined) {
    set = new pgp.helpers.ColumnSet(COLUMNS, { table });
    columnSets.set(table, set);
  }
  return set;
}

/**
 * The seed's write path, kept as baseline (a) of `npm run bench` and as the reference the faster
 * path is checked against. One multi-row statement per chunk, its text built by pg-promise:
 *
 *   INSERT INTO <table> (...) VALUES (...), (...)
 *   ON CONFLICT (asset_id, date, source) DO UPDATE SET open = EXCLUDED.open, ..., ingested_at = now()
 *
 * A statement may not touch one key twice, so callers pass rows with unique keys
 * (see `latestPerKey`). Returns the number of rows inserted or updated.
 */
export async function upsertPricesMultiRow(
  t: ITask<unknown>,
  rows: readonly PriceRow[],
  chunkSize: number,
  between: () => Promise<void> = async () => {},
  table = 'price_daily',
): Promise<number> {
  let written = 0;
  for (let offset = 0; offset < rows.length; offset += chunkSize) {
    const chunk = rows.slice(offset, offset + chunkSize);
    const sql = `${pgp.helpers.insert(chunk, columnsOf(table))}
      ON CONFLICT (asset_id, date, source) DO UPDATE SET
        open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
        volume = EXCLUDED.volume, flags = EXCLUDED.flags, ingested_at = now()`;
    const result = await t.result(sql);
    written += result.rowCount;
    await between();
  }
  return written;
}
