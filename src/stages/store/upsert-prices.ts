import type { ITask } from 'pg-promise';
import { pgp } from '../../db/database.js';
import { ON_PRICE_CONFLICT, type PriceRow } from './price-row.js';
import { writeInChunks } from './write-in-chunks.js';

/**
 * One statement per chunk, its rows sent as nine array parameters (one per column) that
 * PostgreSQL zips back into rows with `unnest`:
 *
 *   INSERT INTO price_daily (...) SELECT ... FROM unnest($1::text[], $2::date[], ...)
 *   ON CONFLICT (asset_id, date, source) DO UPDATE SET open = EXCLUDED.open, ..., ingested_at = now()
 *
 * The client only joins values into array literals instead of formatting and escaping each one
 * into SQL text (what made the seed's multi-row INSERT the sink's main CPU cost), and the server
 * parses a short fixed text instead of thousands of literals. `flags` is one array per row and
 * PostgreSQL has no ragged arrays, so each row's flags travel as one array literal (`{"a","b"}`)
 * cast per row. The same statement runs on PostgreSQL and PGlite. It is unnamed on purpose:
 * pglite-socket multiplexes its connections over one session, where two connections preparing
 * the same statement name would collide.
 */
const UPSERT = `INSERT INTO price_daily (asset_id, date, source, open, high, low, close, volume, flags)
SELECT asset_id, date, source, open, high, low, close, volume, flags::text[]
  FROM unnest($1::text[], $2::date[], $3::text[], $4::float8[], $5::float8[], $6::float8[],
              $7::float8[], $8::float8[], $9::text[])
    AS u(asset_id, date, source, open, high, low, close, volume, flags)
${ON_PRICE_CONFLICT}`;

/** A PostgreSQL array literal of one row's flags, each element quoted and escaped. */
function flagsLiteral(flags: readonly string[]): string {
  if (flags.length === 0) return '{}';
  return `{${flags.map((flag) => `"${flag.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

function columnsOf(rows: readonly PriceRow[]): unknown[][] {
  const n = rows.length;
  const columns = Array.from({ length: 9 }, () => new Array<unknown>(n));
  const [assetIds, dates, sources, opens, highs, lows, closes, volumes, flags] = columns as [
    unknown[],
    unknown[],
    unknown[],
    unknown[],
    unknown[],
    unknown[],
    unknown[],
    unknown[],
    unknown[],
  ];
  for (let i = 0; i < n; i++) {
    const row = rows[i] as PriceRow;
    assetIds[i] = row.asset_id;
    dates[i] = row.date;
    sources[i] = row.source;
    opens[i] = row.open;
    highs[i] = row.high;
    lows[i] = row.low;
    closes[i] = row.close;
    volumes[i] = row.volume;
    flags[i] = flagsLiteral(row.flags);
  }
  return columns;
}

/** One chunk's statement: the fixed UPSERT text, the chunk's rows as its nine column arrays. */
function unnestStatement(chunk: readonly PriceRow[]) {
  return new pgp.ParameterizedQuery({ text: UPSERT, values: columnsOf(chunk) });
}

/**
 * Upserts rows into `price_daily` in statements of at most `chunkSize` rows, calling `between`
 * after each (the sink heartbeats there). Same effect as the multi-row INSERT it replaces:
 * ON CONFLICT (asset_id, date, source) DO UPDATE of the prices, volume, flags and ingested_at.
 * A statement may not touch one key twice, so callers pass rows with unique keys
 * (see `latestPerKey`). Returns the number of rows inserted or updated.
 */
export function upsertPrices(
  t: ITask<unknown>,
  rows: readonly PriceRow[],
  chunkSize: number,
  between?: () => Promise<void>,
): Promise<number> {
  return writeInChunks(t, rows, chunkSize, unnestStatement, between);
}
