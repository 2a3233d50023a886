import type { IsoDate } from '../../calendar/iso-date.js';
import { ASSET_COLUMNS, type AssetRow } from '../../db/asset-row.js';
import type { Database } from '../../db/database.js';

export interface AssetSummaryRow extends AssetRow {
  /** The source of the latest stored bar (or the one asked for); null when nothing is stored. */
  shown_source: string | null;
  latest: IsoDate | null;
  close: number | null;
  previous_close: number | null;
}

/**
 * Every asset of the catalog (or the one of `onlyId`) with its latest stored bar and the close before it. Each LATERAL
 * is a backward scan of the primary key (asset_id, date, source) that stops after one row, so
 * the cost grows with the number of assets, not with the years stored:
 *
 *   asset a -> (latest bar of a [of source]) -> (the bar before it, same source)
 */
export function listAssetSummaries(
  db: Database,
  source: string | undefined,
  onlyId?: string,
): Promise<AssetSummaryRow[]> {
  return db.any<AssetSummaryRow>(
    `SELECT ${ASSET_COLUMNS}, l.source AS shown_source, l.date AS latest, l.close,
            p.close AS previous_close
       FROM asset a
       LEFT JOIN LATERAL (
         SELECT d.source, d.date, d.close FROM price_daily d
          WHERE d.asset_id = a.id AND ($1::text IS NULL OR d.source = $1)
          ORDER BY d.date DESC, d.source LIMIT 1) l ON true
       LEFT JOIN LATERAL (
         SELECT d.close FROM price_daily d
          WHERE d.asset_id = a.id AND d.source = l.source AND d.date < l.date
          ORDER BY d.date DESC LIMIT 1) p ON true
      WHERE ($2::text IS NULL OR a.id = $2)
      ORDER BY a.id`,
    [source ?? null, onlyId ?? null],
  );
}
