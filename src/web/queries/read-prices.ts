import type { IsoDate } from '../../calendar/iso-date.js';
import type { Database } from '../../db/database.js';
import type { PriceRow as StoredPriceRow } from '../../stages/store/price-row.js';

/**
 * One stored bar as the API returns it (ISO date, numbers as numbers), without the asset and
 * source the query was for.
 */
export type PriceRow = Omit<StoredPriceRow, 'asset_id' | 'source'>;

/** An asset's bars of one source from `from` to `to` inclusive, oldest first (a primary-key range scan). */
export function readPrices(
  db: Database,
  assetId: string,
  source: string,
  from: IsoDate,
  to: IsoDate,
): Promise<PriceRow[]> {
  return db.any<PriceRow>(
    `SELECT date, open, high, low, close, volume, flags FROM price_daily
      WHERE asset_id = $1 AND source = $2 AND date BETWEEN $3 AND $4
      ORDER BY date`,
    [assetId, source, from, to],
  );
}
