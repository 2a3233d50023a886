import type { IsoDate } from '../../calendar/iso-date.js';
import type { Database } from '../../db/database.js';

/**
 * The date and source of an asset's latest stored bar (of one source when given), or null: a
 * backward scan of the primary key that reads one row.
 */
export function readLatestBar(
  db: Database,
  assetId: string,
  source: string | undefined,
): Promise<{ date: IsoDate; source: string } | null> {
  return db.oneOrNone(
    `SELECT date, source FROM price_daily
      WHERE asset_id = $1 AND ($2::text IS NULL OR source = $2)
      ORDER BY date DESC, source LIMIT 1`,
    [assetId, source ?? null],
  );
}
