import type { IsoDate } from '../calendar/iso-date.js';
import { type AssetRow, toAsset } from '../db/asset-row.js';
import type { Database } from '../db/database.js';
import { NotFound } from './params.js';
import { priceWindow, type RangeName } from './price-window.js';
import { readAsset } from './queries/read-asset.js';
import { readLatestBar } from './queries/read-latest-bar.js';
import { type PriceRow, readPrices } from './queries/read-prices.js';

export interface WindowQuery {
  source?: string | undefined;
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
  range?: string | undefined;
}

export interface AssetWindow {
  asset: AssetRow;
  /** The source shown: asked for, else of the latest stored bar, else the catalog's. */
  source: string;
  latest: IsoDate | undefined;
  from: IsoDate;
  to: IsoDate;
  range: RangeName | undefined;
}

/**
 * The asset, the source to show and the window of dates. Without `source`, the source of the
 * latest stored bar, so a demo's `sample` rows show without asking. Unknown asset: NotFound.
 */
export async function resolveAssetWindow(
  db: Database,
  id: string,
  query: WindowQuery,
  fallback: RangeName,
): Promise<AssetWindow> {
  const asset = await readAsset(db, id);
  if (asset === null) {
    throw new NotFound(`unknown asset ${JSON.stringify(id)}; GET /api/assets lists the ids`);
  }
  const latestBar = await readLatestBar(db, id, query.source);
  const source = query.source ?? latestBar?.source ?? toAsset(asset).source;
  return {
    asset,
    source,
    latest: latestBar?.date,
    ...priceWindow(latestBar?.date, query, fallback),
  };
}

/** The bars of `resolveAssetWindow`'s window, oldest first. */
export async function loadAssetPrices(
  db: Database,
  id: string,
  query: WindowQuery,
  fallback: RangeName,
): Promise<AssetWindow & { prices: PriceRow[] }> {
  const window = await resolveAssetWindow(db, id, query, fallback);
  const prices = await readPrices(db, id, window.source, window.from, window.to);
  return { ...window, prices };
}
