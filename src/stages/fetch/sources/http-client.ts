import { AppError, errorMessage, isAppError } from '../../../errors.js';
import type { Logger } from '../../../logging/logger.js';
import { redactCredentials, redactUrl } from '../../../logging/redact-credentials.js';
import { readCappedBody } from './read-capped-body.js';
import { snippet } from './response-body.js';
import { parseRetryAfterMs, retryDelayMs } from './retry-policy.js';
import { sleep as realSleep, type Sleep } from './sleep.js';

export interface HttpReply {
  status: number;
  headers: Headers;
  body: string;
}

export interface HttpRequestOptions {
  /** Logged with every attempt, so that a failure can be traced to its unit. */
  assetId: string;
  /** Aborts the call and its retries (e.g. on shutdown); the abort reason is rethrown as is. */
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Statuses besides 2xx that the parser reads itself (e.g. a 404 whose body names the error). */
  acceptStatuses?: readonly number[];
}

export interface HttpClientOptions {
  timeoutMs: number;
  maxRetries: number;
  baseDelayMs: number;
  /** The largest body read; a larger one ends the call as a final SOURCE_BAD_RESPONSE. */
  maxResponseBytes?: number;
  logger: Logger;
  random?: () => number;
  sleep?: Sleep;
}

export interface HttpClient {
  /** A 2xx (or accepted) response and the attempts it took. */
  get(url: string, options: HttpRequestOptions): Promise<HttpReply & { attempts: number }>;
  /**
   * Like `get`, with `parse` run inside the retry loop: a retryable AppError it throws (a garbled
   * body, a throttling page) is retried like a failed request, and any other error it throws is
   * taken as a bad response.
   */
  getParsed<T>(
    url: string,
    parse: (reply: HttpReply) => T,
    options: HttpRequestOptions,
  ): Promise<{ value: T; attempts: number }>;
}

/** Some providers refuse Node's default user agent; callers may still override it. */
const DEFAULT_HEADERS = { 'user-agent': 'Mozilla/5.0 (compatible; market-collector)' };

/** 32 MiB: a decade of daily bars is well under 1 MiB in every provider's format. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** Same-host redirects (http to https, a moved path) followed before giving up. */
const MAX_REDIRECTS = 5;

const isRedirect = (status: number) => [301, 302, 303, 307, 308].includes(status);

/**
 * `fetch` with redirects followed by hand: only to the same origin. A source sending us to
 * another host is refused (final SOURCE_HTTP) instead of followed silently: the base URL
 * settings name the hosts we trust.
 */
async function fetchSameOrigin(url: string, init: RequestInit): Promise<Response> {
  const origin = new URL(url).origin;
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await fetch(current, { ...init, redirect: 'manual' });
    const location = response.headers.get('location');
    if (!isRedirect(response.status) || location === null) return response;
    await response.body?.cancel().catch(() => undefined);
    const target = new URL(location, current);
    if (target.origin !== origin) {
      throw new AppError(
        'SOURCE_HTTP',
        `HTTP ${response.status} redirect to another host (${target.protocol}//${target.host}) refused; point the source's base URL setting at the host that answers`,
        { retryable: false },
      );
    }
    if (hop >= MAX_REDIRECTS) {
      throw new AppError('SOURCE_HTTP', `more than ${MAX_REDIRECTS} redirects`, {
        retryable: false,
      });
    }
    current = target.toString();
  }
}

/**
 * The HTTP client every source adapter calls through. Each attempt has its own timeout
 * (SOURCE_TIMEOUT); network errors and 5xx are SOURCE_HTTP, retried; 429 is
 * SOURCE_RATE_LIMITED, retried no sooner than its Retry-After; any other status is SOURCE_HTTP,
 * not retried. Retries follow `retryDelayMs`, at most `maxRetries` of them; the error that ends
 * the call carries `attempts`.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { timeoutMs, maxRetries, baseDelayMs, logger } = options;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? realSleep;

  async function attemptOnce(url: string, request: HttpRequestOptions): Promise<HttpReply> {
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (request.signal !== undefined) signals.push(request.signal);
    let reply: HttpReply;
    try {
      const response = await fetchSameOrigin(url, {
        headers: { ...DEFAULT_HEADERS, ...request.headers },
        signal: AbortSignal.any(signals),
      });
      const body = await readCappedBody(response, maxResponseBytes);
      reply = { status: response.status, headers: response.headers, body };
    } catch (error) {
      if (request.signal?.aborted || isAppError(error)) throw error;
      if (error instanceof Error && error.name === 'TimeoutError') {
        throw new AppError('SOURCE_TIMEOUT', `no complete answer within ${timeoutMs} ms`, {
          cause: error,
        });
      }
      // fetch reports every network failure as "fetch failed"; the cause says which.
      // Its message can quote the URL, credentials included.
      const reason = redactCredentials(errorMessage((error as { cause?: unknown }).cause ?? error));
      throw new AppError('SOURCE_HTTP', `request failed: ${reason}`, { cause: error });
    }
    const accepted = request.acceptStatuses?.includes(reply.status) ?? false;
    if ((reply.status >= 200 && reply.status < 300) || accepted) return reply;
    if (reply.status === 429) {
      throw new AppError('SOURCE_RATE_LIMITED', `HTTP 429: ${snippet(reply.body)}`, {
        retryAfterMs: parseRetryAfterMs(reply.headers.get('retry-after'), Date.now()),
      });
    }
    throw new AppError('SOURCE_HTTP', `HTTP ${reply.status}: ${snippet(reply.body)}`, {
      retryable: reply.status >= 500,
    });
  }

  async function getParsed<T>(
    url: string,
    parse: (reply: HttpReply) => T,
    request: HttpRequestOptions,
  ): Promise<{ value: T; attempts: number }> {
    const logged = { assetId: request.assetId, url: redactUrl(url) };
    for (let attempt = 1; ; attempt++) {
      try {
        const reply = await attemptOnce(url, request);
        const value = parse(reply);
        logger.debug({ ...logged, attempt, status: reply.status }, 'source call answered');
        return { value, attempts: attempt };
      } catch (error) {
        if (request.signal?.aborted) throw request.signal.reason;
        const failure = isAppError(error)
          ? error
          : new AppError('SOURCE_BAD_RESPONSE', `unreadable response: ${errorMessage(error)}`, {
              cause: error,
            });
        if (!failure.retryable || attempt > maxRetries) {
          logger.warn({ ...logged, attempt, err: failure }, 'source call failed; giving up');
          throw new AppError(
            failure.code,
            `GET ${logged.url}: ${failure.message}${attempt > 1 ? ` (after ${attempt} attempts)` : ''}`,
            { cause: failure.cause, retryable: failure.retryable, attempts: attempt },
          );
        }
        const delayMs = retryDelayMs(attempt, baseDelayMs, failure.retryAfterMs, random);
        logger.warn({ ...logged, attempt, delayMs, err: failure }, 'source call failed; retrying');
        await sleep(delayMs, request.signal);
      }
    }
  }

  return {
    async get(url, request) {
      const { value, attempts } = await getParsed(url, (reply) => reply, request);
      return { ...value, attempts };
    },
    getParsed,
  };
}
