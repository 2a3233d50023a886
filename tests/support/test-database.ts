import { closeDatabase, createDatabase, type Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { createTestDatabase, testLogger } from './integration.js';

/** A database of the test's own on the test server, with a connection pool open on it. */
export interface OpenTestDatabase {
  url: string;
  db: Database;
  /** Closes the pool, then drops the database. */
  close(): Promise<void>;
}

/**
 * Creates and opens a fresh database; `migrated` brings it to the latest schema first. Tests of
 * a command that migrates by itself (embedded produce) leave it empty, as a user's would be.
 */
export async function openTestDatabase(
  adminUrl: string,
  { migrated }: { migrated: boolean },
): Promise<OpenTestDatabase> {
  const database = await createTestDatabase(adminUrl);
  if (migrated) {
    await migrate({ databaseUrl: database.url, direction: 'up', logger: testLogger() });
  }
  const db = createDatabase(database.url);
  return {
    url: database.url,
    db,
    async close() {
      await closeDatabase(db).catch(() => undefined);
      await database.drop();
    },
  };
}
