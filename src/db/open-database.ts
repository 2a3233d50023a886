import type { Settings } from '../config/settings.js';
import { isConnectionError } from '../connection-errors.js';
import { AppError, errorMessage } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import { closeDatabase, createDatabase, type Database } from './database.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { migrate } from './migrate.js';

/** The database a read-only operations command (healthcheck, report) looks at. */
export interface OperationsDatabase {
  db: Database;
  /** For people: the PGlite folder, or "the PostgreSQL server of DATABASE_URL". */
  location: string;
  close(): Promise<void>;
}

/**
 * DATABASE_URL when set (the server is not migrated: these commands only read); otherwise the
 * embedded PGlite under EMBEDDED_DATA_DIR, migrated, so the commands work after `npm run demo`
 * or an embedded `npm run produce`. PGlite keeps one process per data folder: run these when no
 * other embedded command is using it.
 */
export async function openOperationsDatabase(
  settings: Settings,
  logger: Logger,
): Promise<OperationsDatabase> {
  if (settings.databaseUrl !== undefined) {
    const db = createDatabase(settings.databaseUrl, {
      max: 2,
      applicationName: 'market-collector-operations',
    });
    return {
      db,
      location: 'the PostgreSQL server of DATABASE_URL',
      close: () => closeDatabase(db),
    };
  }
  const embedded = await startEmbeddedPostgres(settings.embeddedDataDir);
  try {
    await migrate({ databaseUrl: embedded.url, direction: 'up', logger });
  } catch (error) {
    await embedded.stop().catch(() => undefined);
    throw error;
  }
  // PGlite runs one transaction at a time: one connection is all it can use.
  const db = createDatabase(embedded.url, { max: 1 });
  return {
    db,
    location: `PGlite in ${embedded.dataDir}`,
    async close() {
      await closeDatabase(db);
      await embedded.stop();
    },
  };
}

/**
 * The one-line AppError for a query that failed: unreachable server (exit 1, retryable), a
 * database without the tables (run the migrations), or anything else as is.
 */
export function databaseFailure(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (isConnectionError(error)) {
    return new AppError(
      'DATABASE_UNREACHABLE',
      `cannot reach PostgreSQL (${errorMessage(error)}); start it (npm run infra:up) or fix DATABASE_URL`,
      { cause: error },
    );
  }
  // SQLSTATE 42P01 undefined_table: the database was never migrated.
  if ((error as { code?: unknown } | null)?.code === '42P01') {
    return new AppError(
      'MIGRATION_FAILED',
      `the database has no price_daily table (${errorMessage(error)}); run npm run migrate first`,
      { cause: error },
    );
  }
  return error;
}
