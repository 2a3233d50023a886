import {
  type Asset,
  type Category,
  DEFAULT_CATALOG,
  type Market,
  type SourceName,
} from '../catalog/assets.js';
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

/**
 * The `asset` table, the catalog every command reads: the active assets, or all of them, in the
 * order they were added (the seeded seven, added together, in the design brief's order).
 */
export async function listAssets(
  db: Database,
  options: { includeDisabled?: boolean } = {},
): Promise<CatalogEntry[]> {
  const rows = await db.any<AssetRow>(
    `SELECT id, name, category, market, currency, source, source_symbol, active
       FROM asset ${options.includeDisabled ? '' : 'WHERE active'}
      ORDER BY created_at, array_position($1::text[], id), id`,
    [DEFAULT_CATALOG.map((asset) => asset.id)],
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
