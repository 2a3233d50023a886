import type { Database } from './database.js';

/**
 *   UPDATE asset SET active = false WHERE id = $1
 *
 * Takes an asset out of the catalog's collection; its stored prices and anomalies stay. Returns
 * false when no asset has the id.
 */
export async function disableAsset(db: Database, id: string): Promise<boolean> {
  const result = await db.result('UPDATE asset SET active = false WHERE id = $1', [id]);
  return result.rowCount > 0;
}
