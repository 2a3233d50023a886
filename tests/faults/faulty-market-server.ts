import type { ServerResponse } from 'node:http';
import type { FakeMarketServer } from '../support/fake-market-server.js';
import { startLocalServer } from '../support/local-server.js';

export type Provider = 'naver' | 'yahoo' | 'upbit';

/**
 * How a provider answers, in front of the fake market server's real formats:
 * - `ok`: the upstream answer, untouched;
 * - `html`: HTTP 200 with an HTML page (a proxy's error page, a changed site);
 * - `truncated`: HTTP 200 with the first half of the upstream body (a dropped connection);
 * - `flapping`: HTTP 503 to the first `failuresBeforeOk` calls of each URL, then the upstream
 *   answer (a source that recovers while the client retries);
 * - `down`: HTTP 503 always.
 */
export type FaultMode = 'ok' | 'html' | 'truncated' | 'flapping' | 'down';

export interface FaultyMarketServer {
  baseUrl: string;
  modes: Record<Provider, FaultMode>;
  /** Answers given so far, by provider and HTTP status, e.g. `yahoo 503`. */
  answers: Record<string, number>;
  /** Distinct request URLs seen so far, by provider. */
  urls: Record<Provider, Set<string>>;
  close(): Promise<void>;
}

const HTML =
  '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>';

function providerOf(pathname: string): Provider | undefined {
  if (pathname.startsWith('/siseJson')) return 'naver';
  if (pathname.startsWith('/v8/finance/chart/')) return 'yahoo';
  if (pathname.startsWith('/v1/candles/days')) return 'upbit';
  return undefined;
}

/**
 * A proxy on its own local port in front of `upstream`, faulting each provider as its mode says.
 * Point NAVER_BASE_URL, YAHOO_BASE_URL and UPBIT_BASE_URL at `baseUrl`.
 */
export async function startFaultyMarketServer(
  upstream: Pick<FakeMarketServer, 'baseUrl'>,
  options: { failuresBeforeOk?: number } = {},
): Promise<FaultyMarketServer> {
  const failuresBeforeOk = options.failuresBeforeOk ?? 2;
  const server = await startLocalServer();
  const modes: FaultyMarketServer['modes'] = { naver: 'ok', yahoo: 'ok', upbit: 'ok' };
  const answers: Record<string, number> = {};
  const urls: FaultyMarketServer['urls'] = { naver: new Set(), yahoo: new Set(), upbit: new Set() };
  const calls = new Map<string, number>();

  server.handle((_request, response, url) => {
    const provider = providerOf(url.pathname);
    const path = `${url.pathname}${url.search}`;
    const reply = (status: number, body: string, type: string) => {
      const key = `${provider ?? 'unknown'} ${status}`;
      answers[key] = (answers[key] ?? 0) + 1;
      send(response, status, body, type);
    };
    if (provider === undefined) return reply(404, '{}', 'application/json');
    urls[provider].add(path);
    const call = (calls.get(path) ?? 0) + 1;
    calls.set(path, call);
    const mode = modes[provider];
    if (mode === 'down' || (mode === 'flapping' && call <= failuresBeforeOk)) {
      return reply(503, 'Service Unavailable', 'text/plain');
    }
    if (mode === 'html') return reply(200, HTML, 'text/html; charset=utf-8');
    fetch(`${upstream.baseUrl}${path}`).then(
      async (answer) => {
        const body = await answer.text();
        const type = answer.headers.get('content-type') ?? 'application/json';
        if (mode === 'truncated' && answer.status === 200) {
          // Half of a JSON document (or of Naver's list literal) never parses: a bracket is open.
          return reply(200, body.slice(0, Math.floor(body.length / 2)), type);
        }
        return reply(answer.status, body, type);
      },
      (error: unknown) => reply(502, `upstream failed: ${String(error)}`, 'text/plain'),
    );
  });

  return { baseUrl: server.baseUrl, modes, answers, urls, close: () => server.close() };
}

function send(response: ServerResponse, status: number, body: string, type: string) {
  response.writeHead(status, { 'content-type': type }).end(body);
}
