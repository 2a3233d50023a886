import type { Database } from '../db/database.js';
import { listAssets } from '../db/list-assets.js';
import { upsertAsset } from '../db/upsert-asset.js';
import { AppError } from '../errors.js';
import type { Asset } from './assets.js';
import { loadCatalog } from './load-catalog.js';

/**
 * The catalog every command works on: the active rows of the `asset` table. CATALOG_FILE, when
 * set, is imported first (each of its assets added, or updated and re-enabled); it adds to the
 * table and disables nothing.
 */
export async function readCatalog(
  db: Database,
  catalogFile: string | undefined,
): Promise<readonly Asset[]> {
  if (catalogFile !== undefined) {
    const imported = loadCatalog(catalogFile);
    await db.tx('catalog-import', async (t) => {
      for (const asset of imported) await upsertAsset(t, asset);
    });
  }
  const assets = await listAssets(db);
  if (assets.length === 0) {
    throw new AppError(
      'CONFIG_INVALID',
      'the catalog (table asset) has no active asset; add one with npm run assets -- add <id>',
    );
  }
  return assets.map(({ active: _active, ...asset }) => asset);
}
