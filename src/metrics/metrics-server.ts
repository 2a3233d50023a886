import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { AppError } from '../errors.js';
import { checkReadiness, type ReadinessCheck } from './readiness.js';

export interface HealthEndpoints {
  registry: Registry;
  /** What /readyz checks; none means ready as soon as the process answers. */
  readiness?: Readonly<Record<string, ReadinessCheck>>;
}

/**
 * Answers `GET /metrics`, `/healthz` and `/readyz`; returns false for any other path so that a
 * bigger server (the web server) can mount these next to its own routes.
 *
 *   /metrics  200, Prometheus text format 0.0.4
 *   /healthz  200 `ok` whenever the event loop runs (liveness: a wedged process cannot answer)
 *   /readyz   200 {"ready":true} or 503 {"ready":false,"reason":"database: ..."}
 */
export async function handleHealthRequest(
  endpoints: HealthEndpoints,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path !== '/metrics' && path !== '/healthz' && path !== '/readyz') return false;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return true;
  }
  if (path === '/metrics') {
    const body = await endpoints.registry.metrics();
    response.writeHead(200, { 'content-type': endpoints.registry.contentType }).end(body);
  } else if (path === '/healthz') {
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('ok\n');
  } else {
    const result = await checkReadiness(endpoints.readiness ?? {});
    response
      .writeHead(result.ready ? 200 : 503, { 'content-type': 'application/json' })
      .end(`${JSON.stringify(result)}\n`);
  }
  return true;
}

export interface MetricsServer {
  /** The port it listens on (the one the system chose when asked for port 0). */
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the health endpoints on `host:port`. A port already in use is an ARGUMENT_INVALID
 * error (one line, exit 2) naming the way to pick another.
 */
export async function startMetricsServer(
  endpoints: HealthEndpoints,
  address: { host: string; port: number },
): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    handleHealthRequest(endpoints, request, response)
      .then((handled) => {
        if (!handled) response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      })
      .catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(`${error instanceof Error ? error.message : String(error)}\n`);
      });
  });
  // Probes come every few seconds; keep-alive sockets must not hold a stopping process open.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
        reject(
          new AppError(
            'ARGUMENT_INVALID',
            `cannot serve metrics on ${address.host}:${address.port}: ${error.code === 'EADDRINUSE' ? 'the port is in use' : 'permission denied'}; pick another with --metrics-port <n> or METRICS_PORT (0 turns the server off)`,
            { cause: error },
          ),
        );
      } else {
        reject(error);
      }
    });
    server.listen(address.port, address.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return {
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
