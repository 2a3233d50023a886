import { DEFAULT_CATALOG } from '../catalog/assets.js';
import { ASSET_COLUMNS, type AssetRow, type CatalogEntry, toAsset } from './asset-row.js';
import type { Database } from './database.js';

/**
 * The `asset` table, the catalog every command reads: the active assets, or all of them, in the
 * order they were added (the seeded seven, added together, in the design brief's order).
 */
export async function listAssets(
  db: Database,
  options: { includeDisabled?: boolean } = {},
): Promise<CatalogEntry[]> {
  const rows = await db.any<AssetRow>(
    `SELECT ${ASSET_COLUMNS}
       FROM asset a ${options.includeDisabled ? '' : 'WHERE a.active'}
      ORDER BY a.created_at, array_position($1::text[], a.id), a.id`,
    [DEFAULT_CATALOG.map((asset) => asset.id)],
  );
  return rows.map(toAsset);
}
