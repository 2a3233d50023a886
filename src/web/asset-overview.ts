import type { IsoDate } from '../calendar/iso-date.js';
import { toAsset } from '../db/asset-row.js';
import type { Database } from '../db/database.js';
import { assessFreshness, type FreshnessStatus } from '../healthcheck/freshness.js';
import { listAssetSummaries } from './queries/list-asset-summaries.js';

/** One asset as the overview and `GET /api/assets` show it. */
export interface AssetOverview {
  id: string;
  name: string;
  category: string;
  market: string;
  currency: string;
  active: boolean;
  /** The source whose bars are shown: of the latest stored bar, or the catalog's when none. */
  source: string;
  latestDate: IsoDate | null;
  /** The session the asset's calendar expects by now (the healthcheck's rule). */
  expectedDate: IsoDate;
  lag: number | null;
  status: FreshnessStatus;
  lastClose: number | null;
  /** Last close minus the close before it, and that as a fraction of the one before. */
  change: number | null;
  changeFraction: number | null;
}

/**
 * Every catalog asset (or the one of `onlyId`) with its freshness (judged by `assessFreshness`, the rule of
 * `npm run healthcheck`) against the source of its latest stored bar, or `source` when given.
 */
export async function assetOverview(
  db: Database,
  now: Date,
  source?: string,
  onlyId?: string,
): Promise<AssetOverview[]> {
  const rows = await listAssetSummaries(db, source, onlyId);
  return rows.map((row) => {
    const asset = toAsset(row);
    const shown = source ?? row.shown_source ?? asset.source;
    const freshness = assessFreshness(asset, shown, row.latest, now);
    const change =
      row.close === null || row.previous_close === null ? null : row.close - row.previous_close;
    return {
      id: asset.id,
      name: asset.name,
      category: asset.category,
      market: asset.market,
      currency: asset.currency,
      active: asset.active,
      source: shown,
      latestDate: row.latest,
      expectedDate: freshness.expected,
      lag: freshness.lag,
      status: freshness.status,
      lastClose: row.close,
      change,
      changeFraction:
        change === null || !row.previous_close ? null : change / (row.previous_close as number),
    };
  });
}
