import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export const EMBEDDED_DATA_DIR = 'var/pglite';

export interface EmbeddedPostgres {
  /** A connection URL for `pg`: the server's Unix socket. */
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * PGlite (PostgreSQL compiled to WebAssembly) with its data under `dataDir`, served on a Unix
 * socket by pglite-socket, so the same `pg`/`pg-promise` code and migrations run as against a
 * server. The socket server multiplexes its connections over PGlite's single session, one
 * transaction at a time.
 */
export async function startEmbeddedPostgres(
  dataDir = EMBEDDED_DATA_DIR,
): Promise<EmbeddedPostgres> {
  const directory = resolve(dataDir);
  mkdirSync(directory, { recursive: true });
  const db = await PGlite.create(`${directory}/data`);
  // pg finds a server's socket as <dir>/.s.PGSQL.<port>.
  const server = new PGLiteSocketServer({
    db,
    path: `${directory}/.s.PGSQL.5432`,
    maxConnections: 16,
  });
  await server.start();
  return {
    url: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(directory)}`,
    dataDir: directory,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
