import pgPromise, { type IDatabase, type IMain } from 'pg-promise';

export type Database = IDatabase<unknown>;

/** One pg-promise root per process: it owns the type parsers and the pool registry. */
const pgp: IMain = pgPromise({ capSQL: true });

// DATE columns stay 'YYYY-MM-DD' strings: a JS Date would shift them by the process's zone.
pgp.pg.types.setTypeParser(pgp.pg.types.builtins.DATE, (value: string) => value);

export { pgp };

export interface DatabaseOptions {
  /** Pool size; the sink needs a few, the validator one or two. */
  max?: number;
  applicationName?: string;
  /** Every transaction of the pool read-only, enforced by the server (the web server's pool). */
  readOnly?: boolean;
}

/** A pooled connection to PostgreSQL through pg-promise (on top of `pg`). */
export function createDatabase(url: string, options: DatabaseOptions = {}): Database {
  return pgp({
    connectionString: url,
    max: options.max ?? 4,
    application_name: options.applicationName ?? 'market-collector',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    ...(options.readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
  });
}

/** Closes the pool of one database object. */
export async function closeDatabase(db: Database): Promise<void> {
  await db.$pool.end();
}
