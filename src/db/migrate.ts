import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import { isConnectionError } from '../connection-errors.js';
import { AppError, errorMessage } from '../errors.js';
import type { Logger } from '../logging/logger.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));
const MIGRATIONS_TABLE = 'pgmigrations';

export type MigrationDirection = 'up' | 'down';

export interface MigrateOptions {
  databaseUrl: string;
  direction: MigrationDirection;
  /** How many migrations to apply or undo; all pending (up) or one (down) when omitted. */
  count?: number;
  logger: Logger;
}

/**
 * Applies or reverts the SQL migrations in `migrations/`, each in its own transaction, under
 * node-pg-migrate's advisory lock so two processes starting together do not race.
 * Returns the names of the migrations that ran; none means the database was already there.
 */
export async function migrate(options: MigrateOptions): Promise<string[]> {
  const { databaseUrl, direction, logger } = options;
  try {
    const ran = await runner({
      databaseUrl,
      dir: MIGRATIONS_DIR,
      migrationsTable: MIGRATIONS_TABLE,
      direction,
      count: options.count ?? (direction === 'up' ? Number.POSITIVE_INFINITY : 1),
      checkOrder: true,
      singleTransaction: false,
      log: (message: string) => logger.debug({ migration: true }, message),
      logger: {
        debug: (message: string) => logger.debug(message),
        info: (message: string) => logger.debug(message),
        warn: (message: string) => logger.warn(message),
        error: (message: string) => logger.error(message),
      },
    });
    return ran.map((migration) => migration.name);
  } catch (error) {
    if (isConnectionError(error)) {
      throw new AppError(
        'DATABASE_UNREACHABLE',
        `cannot reach PostgreSQL (${errorMessage(error)}); start it (npm run infra:up) or fix DATABASE_URL`,
        { cause: error },
      );
    }
    throw new AppError(
      'MIGRATION_FAILED',
      `migration ${direction} failed: ${errorMessage(error)}`,
      {
        cause: error,
      },
    );
  }
}
