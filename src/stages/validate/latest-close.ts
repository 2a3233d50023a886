import type { Database } from '../../db/database.js';

/** The date and close of the latest stored bar of an asset from a source strictly before a date, if any. */
export async function latestCloseBefore(
  db: Database,
  assetId: string,
  source: string,
  date: string,
): Promise<{ date: string; close: number } | undefined> {
  const row = await db.oneOrNone<{ date: string; close: number }>(
    `SELECT date, close FROM price_daily
      WHERE asset_id = $1 AND source = $2 AND date < $3
      ORDER BY date DESC LIMIT 1`,
    [assetId, source, date],
  );
  return row ?? undefined;
}
