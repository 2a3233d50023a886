import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockDataDir } from './data-dir-lock.js';

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
 *
 * One command at a time owns the folder (a pid file, see `lockDataDir`); a second one fails
 * with `DATABASE_IN_USE` naming the first. A socket file found once the lock is taken was left
 * by a process that died without closing it, and is removed.
 */
export async function startEmbeddedPostgres(
  dataDir = EMBEDDED_DATA_DIR,
): Promise<EmbeddedPostgres> {
  const directory = resolve(dataDir);
  mkdirSync(directory, { recursive: true });
  const lock = lockDataDir(directory);
  // pg finds a server's socket as <dir>/.s.PGSQL.<port>.
  const socketPath = `${directory}/.s.PGSQL.5432`;
  let db: PGlite | undefined;
  let server: PGLiteSocketServer;
  try {
    rmSync(socketPath, { force: true });
    db = await PGlite.create(`${directory}/data`);
    server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 16 });
    await server.start();
  } catch (error) {
    await db?.close().catch(() => undefined);
    lock.release();
    throw error;
  }
  return {
    url: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(directory)}`,
    dataDir: directory,
    async stop() {
      try {
        await server.stop();
        await db?.close();
      } finally {
        lock.release();
      }
    },
  };
}
