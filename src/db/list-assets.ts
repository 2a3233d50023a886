import type { Asset, Category, Market, SourceName } from '../catalog/assets.js';
import type { Database } from './database.js';

export interface CatalogEntry extends Asset {
  active: boolean;
}

interface AssetRow {
  id: string;
  name: string;
  category: Category;
  market: Market;
  currency: string;
  source: SourceName;
  source_symbol: string;
  active: boolean;
}

/** The `asset` table, the catalog every command reads: the active assets, or all of them. */
export async function listAssets(
  db: Database,
  options: { includeDisabled?: boolean } = {},
): Promise<CatalogEntry[]> {
  const rows = await db.any<AssetRow>(
    `SELECT id, name, category, market, currency, source, source_symbol, active
       FROM asset ${options.includeDisabled ? '' : 'WHERE active'} ORDER BY created_at, id`,
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    category: row.category,
    market: row.market,
    currency: row.currency,
    source: row.source,
    sourceSymbol: row.source_symbol,
    active: row.active,
  }));
}
