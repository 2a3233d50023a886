import { ASSET_COLUMNS, type AssetRow } from '../../db/asset-row.js';
import type { Database } from '../../db/database.js';

/** One asset of the catalog by id, or null. */
export function readAsset(db: Database, id: string): Promise<AssetRow | null> {
  return db.oneOrNone<AssetRow>(`SELECT ${ASSET_COLUMNS} FROM asset a WHERE a.id = $1`, [id]);
}
