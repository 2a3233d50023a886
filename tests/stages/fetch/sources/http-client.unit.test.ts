import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../../src/errors.js';
import { type LocalServer, sequence, startLocalServer } from '../../../support/local-server.js';
import { fastClient } from './fixtures.js';

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(() => server.close());

const request = { assetId: '005930' };

/** The AppError a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('createHttpClient', () => {
  it('returns the status, headers, body and a single attempt', async () => {
    server.handle(sequence([200, 'hello', { 'x-test': 'yes' }]));
    const reply = await fastClient().get(`${server.baseUrl}/a`, request);
    expect(reply).toMatchObject({ status: 200, body: 'hello', attempts: 1 });
    expect(reply.headers.get('x-test')).toBe('yes');
  });

  it('retries 5xx and reports the attempts the success took', async () => {
    server.handle(sequence([500, 'down'], [503, 'down'], [200, 'ok']));
    const reply = await fastClient().get(`${server.baseUrl}/a`, request);
    expect(reply).toMatchObject({ body: 'ok', attempts: 3 });
    expect(server.requests).toHaveLength(3);
  });

  it('gives up with SOURCE_HTTP after maxRetries + 1 attempts', async () => {
    server.handle(sequence([500, 'down']));
    const error = await failure(fastClient({ maxRetries: 3 }).get(`${server.baseUrl}/a`, request));
    expect(error).toMatchObject({ code: 'SOURCE_HTTP', retryable: true, attempts: 4 });
    expect(error.message).toContain('HTTP 500');
    expect(server.requests).toHaveLength(4);
  });

  it('waits as long as a 429 Retry-After asks before retrying', async () => {
    server.handle(sequence([429, 'Too Many Requests', { 'retry-after': '1' }], [200, 'ok']));
    const sleep = vi.fn(async (_ms: number, _signal?: AbortSignal) => {});
    const reply = await fastClient({ sleep }).get(`${server.baseUrl}/a`, request);
    expect(reply.attempts).toBe(2);
    expect(sleep).toHaveBeenCalledTimes(1);
    expect(sleep).toHaveBeenCalledWith(1000, undefined);
  });

  it('ends SOURCE_RATE_LIMITED when throttling outlasts the retries', async () => {
    server.handle(sequence([429, 'Too Many Requests']));
    const sleep = vi.fn(async (_ms: number) => {});
    const client = fastClient({ sleep, baseDelayMs: 10, random: () => 0.5 });
    const error = await failure(client.get(`${server.baseUrl}/a`, request));
    expect(error).toMatchObject({ code: 'SOURCE_RATE_LIMITED', attempts: 3 });
    // Without Retry-After the backoff applies: 10 then 20 ms, plus 15% of jitter here.
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([12, 23]);
  });

  it('does not retry other 4xx', async () => {
    server.handle(sequence([404, 'Not Found']));
    const error = await failure(fastClient().get(`${server.baseUrl}/a`, request));
    expect(error).toMatchObject({ code: 'SOURCE_HTTP', retryable: false, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('hands accepted statuses to the caller', async () => {
    server.handle(sequence([404, '{"error":"gone"}']));
    const reply = await fastClient().get(`${server.baseUrl}/a`, {
      ...request,
      acceptStatuses: [404],
    });
    expect(reply).toMatchObject({ status: 404, body: '{"error":"gone"}', attempts: 1 });
  });

  it('times out each attempt and ends SOURCE_TIMEOUT', async () => {
    server.handle(() => {}); // never answers
    const started = performance.now();
    const error = await failure(fastClient({ timeoutMs: 100 }).get(`${server.baseUrl}/a`, request));
    expect(error).toMatchObject({ code: 'SOURCE_TIMEOUT', retryable: true, attempts: 3 });
    expect(server.requests).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('retries network errors as SOURCE_HTTP', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(fastClient().get(`http://127.0.0.1:${port}/a`, request));
    expect(error).toMatchObject({ code: 'SOURCE_HTTP', retryable: true, attempts: 3 });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('stops at once, with the abort reason, when the caller aborts', async () => {
    server.handle(() => {});
    const controller = new AbortController();
    const pending = fastClient().get(`${server.baseUrl}/a`, {
      ...request,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('shutting down')), 20);
    await expect(pending).rejects.toThrow('shutting down');
    expect(server.requests).toHaveLength(1);
  });

  it('retries what the parser finds unreadable, then ends SOURCE_BAD_RESPONSE', async () => {
    server.handle(sequence([200, 'garbage'], [200, '{"n":1}']));
    const parse = (reply: { body: string }) => JSON.parse(reply.body) as { n: number };
    const parsed = await fastClient().getParsed(`${server.baseUrl}/a`, parse, request);
    expect(parsed).toEqual({ value: { n: 1 }, attempts: 2 });

    server.handle(sequence([200, 'garbage']));
    const error = await failure(fastClient().getParsed(`${server.baseUrl}/a`, parse, request));
    expect(error).toMatchObject({ code: 'SOURCE_BAD_RESPONSE', attempts: 3 });
  });

  it('does not retry what the parser declares final', async () => {
    server.handle(sequence([200, 'x']));
    const parse = () => {
      throw new AppError('SOURCE_UNKNOWN_SYMBOL', 'no such symbol');
    };
    const error = await failure(fastClient().getParsed(`${server.baseUrl}/a`, parse, request));
    expect(error).toMatchObject({ code: 'SOURCE_UNKNOWN_SYMBOL', attempts: 1 });
  });

  it('logs each retried failure as a warning, with secrets kept out of the URL', async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    server.handle(sequence([502, 'bad gateway'], [200, 'ok']));
    const client = fastClient({ logger: pino({ level: 'warn' }, destination) });
    await client.get(`${server.baseUrl}/a?symbol=X&apiKey=s3cret`, request);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      assetId: '005930',
      attempt: 1,
      url: `${server.baseUrl}/a?symbol=X&apiKey=redacted`,
      err: { code: 'SOURCE_HTTP' },
    });
    expect(lines[0]?.delayMs).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(lines)).not.toContain('s3cret');
  });
});
