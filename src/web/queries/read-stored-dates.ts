import type { IsoDate } from '../../calendar/iso-date.js';
import type { Database } from '../../db/database.js';

/** Every date stored for an asset and source, oldest first (an index-only scan), for gap lists. */
export async function readStoredDates(
  db: Database,
  assetId: string,
  source: string,
): Promise<IsoDate[]> {
  const rows = await db.any<{ date: IsoDate }>(
    'SELECT date FROM price_daily WHERE asset_id = $1 AND source = $2 ORDER BY date',
    [assetId, source],
  );
  return rows.map((row) => row.date);
}
