import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/database.js';
import { createWebServer } from '../../src/web/server.js';
import { testLogger } from './integration.js';

/**
 * The web server as the web tests see it: on loopback without a token, judging freshness at the
 * fixed instant `now` so that what is due does not depend on the day the tests run.
 */
export function createTestWebServer(db: Database, now: Date): Promise<FastifyInstance> {
  return createWebServer({
    db,
    logger: testLogger('web'),
    host: '127.0.0.1',
    token: undefined,
    now: () => now,
  });
}
