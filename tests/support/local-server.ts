import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (request: IncomingMessage, response: ServerResponse, url: URL) => void;

export interface LocalServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  baseUrl: string;
  /** Every request since the last `handle`, in order. */
  requests: URL[];
  /** Serves every following request with `handler` and forgets the requests seen so far. */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1 and a free port, serving recorded-format responses. */
export async function startLocalServer(): Promise<LocalServer> {
  let handler: Handler = (_request, response) => response.writeHead(501).end();
  const requests: URL[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    handler(request, response, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      handler = next;
      requests.length = 0;
    },
    close: () =>
      new Promise((resolve, reject) => {
        // Tests leave requests hanging on purpose (timeouts); drop them.
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}

/** Answers one status and body per request, in turn, repeating the last one. */
export function sequence(
  ...replies: Array<[status: number, body: string, headers?: Record<string, string>]>
): Handler {
  let next = 0;
  return (_request, response) => {
    const reply = replies[Math.min(next++, replies.length - 1)];
    if (reply === undefined) throw new Error('sequence() needs at least one reply');
    const [status, body, headers] = reply;
    response
      .writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers })
      .end(body);
  };
}
