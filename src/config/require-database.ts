import { AppError } from '../errors.js';
import type { Settings } from './settings.js';

/** The database URL for commands that need a PostgreSQL server. */
export function requireDatabaseUrl(settings: Settings): string {
  if (settings.databaseUrl === undefined) {
    throw new AppError(
      'CONFIG_INVALID',
      'DATABASE_URL is not set; set it to a PostgreSQL URL such as postgres://postgres@127.0.0.1:5432/market (see .env.example)',
    );
  }
  return settings.databaseUrl;
}
