import type { ITask } from 'pg-promise';
import { pgp } from '../../db/database.js';
import { ON_PRICE_CONFLICT, type PriceRow } from './price-row.js';
import { writeInChunks } from './write-in-chunks.js';

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
export function upsertPricesMultiRow(
  t: ITask<unknown>,
  rows: readonly PriceRow[],
  chunkSize: number,
  between?: () => Promise<void>,
  table = 'price_daily',
): Promise<number> {
  const columns = columnsOf(table);
  const statementOf = (chunk: PriceRow[]) =>
    `${pgp.helpers.insert(chunk, columns)}\n${ON_PRICE_CONFLICT}`;
  return writeInChunks(t, rows, chunkSize, statementOf, between);
}
