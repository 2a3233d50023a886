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

/** Keeps the last row of each (asset, date, source): later events in a batch are newer. */
export function latestPerKey(rows: readonly PriceRow[]): PriceRow[] {
  const byKey = new Map<string, PriceRow>();
  for (const row of rows) byKey.set(`${row.asset_id}\u0000${row.date}\u0000${row.source}`, row);
  return [...byKey.values()];
}
