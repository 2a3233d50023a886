import type { Database } from '../db/database.js';
import type { Logger } from '../logging/logger.js';
import { createWebServer } from './server.js';

export interface ServeWebOptions {
  db: Database;
  logger: Logger;
  web: { host: string; port: number; token: string | undefined };
  /** Resolves when the server should stop (SIGINT/SIGTERM in the CLIs). */
  until: Promise<unknown>;
  /** Told the address once listening, e.g. to print it for a person. */
  onListening: (url: string) => void;
}

/** Builds the web server, listens, says where, and closes it when `until` resolves. */
export async function serveWeb(options: ServeWebOptions): Promise<void> {
  const { web } = options;
  const app = await createWebServer({
    db: options.db,
    logger: options.logger,
    host: web.host,
    token: web.token,
  });
  const address = await app.listen({ host: web.host, port: web.port });
  const host = web.host.includes(':') ? `[${web.host}]` : web.host;
  const port = new URL(address).port;
  options.onListening(
    `http://${host}:${port}/${web.token === undefined ? '' : '?token=<WEB_TOKEN>'}`,
  );
  await options.until;
  await app.close();
}
