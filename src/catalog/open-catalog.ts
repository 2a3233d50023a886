import type { Settings } from '../config/settings.js';
import {
  databaseFailure,
  type OperationsDatabase,
  openOperationsDatabase,
} from '../db/open-database.js';
import type { Logger } from '../logging/logger.js';
import type { Asset } from './assets.js';
import { readCatalog } from './read-catalog.js';

/**
 * The database an operations command reads and the catalog in it (the `asset` table, after
 * importing CATALOG_FILE). Failures are the one-line database errors; the database is closed
 * when the catalog cannot be read.
 */
export async function openCatalog(
  settings: Settings,
  logger: Logger,
): Promise<{ database: OperationsDatabase; catalog: readonly Asset[] }> {
  const database = await openOperationsDatabase(settings, logger).catch((error: unknown) => {
    throw databaseFailure(error);
  });
  try {
    return { database, catalog: await readCatalog(database.db, settings.catalogFile) };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw databaseFailure(error);
  }
}
