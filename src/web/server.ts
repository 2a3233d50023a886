import helmet from '@fastify/helmet';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
} from 'fastify';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import { isLoopbackHost, requireToken } from './access-token.js';
import { registerApiRoutes } from './api-routes.js';
import { html } from './html.js';
import { registerPageRoutes } from './page-routes.js';
import { layout } from './pages/layout.js';
import { BadRequest, NotFound } from './params.js';
import { loadStaticFiles } from './static-files.js';

export interface WebServerOptions {
  db: Database;
  logger: Logger;
  /** WEB_HOST: off loopback, `token` is required. */
  host: string;
  token: string | undefined;
  now?: () => Date;
  /**
   * More routes on the same server, registered after the built-in ones: the hook for the
   * Prometheus `/metrics` route of long-running processes (a plugin calling `app.get('/metrics')`).
   * They sit behind the same token check.
   */
  plugins?: readonly FastifyPluginAsync[];
}

/**
 * The read-only web server: pages and a JSON API over runs, freshness, anomalies and prices.
 * It only runs SELECTs; every outside text is escaped; a Content-Security-Policy allows
 * scripts, styles and requests from its own origin only. Off loopback it refuses to be built
 * without a token (CONFIG_INVALID, exit 2).
 */
export async function createWebServer(options: WebServerOptions): Promise<FastifyInstance> {
  const { db, token } = options;
  if (!isLoopbackHost(options.host) && token === undefined) {
    throw new AppError(
      'CONFIG_INVALID',
      `WEB_HOST ${options.host} is reachable from other machines and WEB_TOKEN is unset; set WEB_TOKEN (16+ characters) or use WEB_HOST=127.0.0.1`,
    );
  }
  const now = options.now ?? (() => new Date());
  const app = Fastify({
    // pino's Logger is Fastify's logger; only the generic parameters differ.
    loggerInstance: options.logger.child({ component: 'web' }) as FastifyBaseLogger,
    // Asset ids such as BTC/KRW arrive as BTC%2FKRW in one path segment.
    routerOptions: { ignoreTrailingSlash: true },
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        // lightweight-charts 5 adds one <style> block for its TradingView attribution logo
        // (a#tv-attr-logo{...}); its hash allows that block and no other inline style. A new
        // library version may change it: the browser tests then see a CSP console error.
        styleSrc: ["'self'", "'sha256-3pRED1tOXas1FXFoPb9TGCjmYe9XQsmO9OV23khV2nY='"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Served over plain HTTP on a local port: no HSTS.
    strictTransportSecurity: false,
  });
  if (token !== undefined) app.addHook('onRequest', requireToken(token));

  const files = await loadStaticFiles();
  app.get<{ Params: { name: string } }>('/static/:name', async (request, reply) => {
    const file = files.get(request.params.name);
    if (file === undefined) throw new NotFound(`no static file ${request.params.name}`);
    return reply.type(file.type).header('cache-control', 'public, max-age=3600').send(file.body);
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  registerApiRoutes(app, db, now);
  registerPageRoutes(app, db, now);
  for (const plugin of options.plugins ?? []) await app.register(plugin);

  app.setNotFoundHandler((request, reply) => {
    sendError(request.url, reply, 404, `no page ${request.url.split('?')[0]}`);
  });
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof BadRequest) return sendError(request.url, reply, 400, error.message);
    if (error instanceof NotFound) return sendError(request.url, reply, 404, error.message);
    request.log.error({ err: error, url: request.url }, 'request failed');
    return sendError(request.url, reply, 500, 'the server could not answer; see its log');
  });
  return app;
}

/** One line: `{"error": "..."}` under /api/, a small page elsewhere. */
function sendError(url: string, reply: FastifyReply, status: number, message: string): void {
  if (url.startsWith('/api/')) {
    reply.code(status).type('application/json; charset=utf-8').send({ error: message });
    return;
  }
  const title = status === 404 ? 'Not found' : status === 400 ? 'Bad request' : 'Error';
  reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(layout(title, html`<p class="error">${message}</p>`));
}
