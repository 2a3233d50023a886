import type { Asset } from '../catalog/assets.js';

/** The `asset` table's columns as SQL returns them. */
export interface AssetRow {
  id: string;
  name: string;
  category: Asset['category'];
  market: Asset['market'];
  currency: string;
  source: Asset['source'];
  source_symbol: string;
  active: boolean;
}

/** A catalog asset and whether it is collected. */
export interface CatalogEntry extends Asset {
  active: boolean;
}

/** The columns of an `AssetRow`, from the `asset` table aliased `a`. */
export const ASSET_COLUMNS =
  'a.id, a.name, a.category, a.market, a.currency, a.source, a.source_symbol, a.active';

export function toAsset(row: AssetRow): CatalogEntry {
  return {
    id: row.id,
    name: row.name,
    category: row.category,
    market: row.market,
    currency: row.currency,
    source: row.source,
    sourceSymbol: row.source_symbol,
    active: row.active,
  };
}
