import type { Asset } from '../../catalog/assets.js';

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

export const ASSET_COLUMNS =
  'a.id, a.name, a.category, a.market, a.currency, a.source, a.source_symbol, a.active';

export function toAsset(row: AssetRow): Asset & { active: boolean } {
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
