/** One `price_daily` row as the sink writes it. */
export interface PriceRow {
  asset_id: string;
  date: string;
  source: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number | null;
  flags: string[];
}

/**
 * What a price write does to a row already stored under its key: takes the new prices, volume
 * and flags, and stamps the time. Shared by both write paths so they cannot drift apart.
 */
export const ON_PRICE_CONFLICT = `ON CONFLICT (asset_id, date, source) DO UPDATE SET
  open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
  volume = EXCLUDED.volume, flags = EXCLUDED.flags, ingested_at = now()`;

/** Keeps the last row of each (asset, date, source): later events in a batch are newer. */
export function latestPerKey(rows: readonly PriceRow[]): PriceRow[] {
  const byKey = new Map<string, PriceRow>();
  for (const row of rows) byKey.set(`${row.asset_id}\u0000${row.date}\u0000${row.source}`, row);
  return [...byKey.values()];
}
