import { z } from 'zod';
import { addDays, daysBetween } from '../../../calendar/iso-date.js';
import type { RawBar } from '../../../contracts/events.js';
import { AppError } from '../../../errors.js';
import type { HttpClient, HttpReply } from './http-client.js';
import { createRequestPacer } from './request-pacer.js';
import { parseJsonBody, snippet } from './response-body.js';
import type { Sleep } from './sleep.js';
import type { SourceAdapter } from './source-adapter.js';
import { barDate, isInWindow } from './source-dates.js';

/** Upbit's largest page. */
const PAGE_SIZE = 200;

/**
 * The most pages a window can honestly take: each full page steps back at least PAGE_SIZE days
 * (days without trades are absent, never repeated), plus one for the page that crosses the
 * window start. A source stepping back less (seconds a page) would otherwise be paged for ever.
 */
export function maxUpbitPages(start: string, end: string): number {
  return Math.ceil((daysBetween(start, end) + 1) / PAGE_SIZE) + 1;
}

/** Upbit allows about 10 candle requests a second per IP; stay a little under. */
const DEFAULT_MIN_INTERVAL_MS = 125;

const candleSchema = z.object({
  candle_date_time_utc: z.string().regex(/^\d{4}-\d{2}-\d{2}T/),
  opening_price: z.number(),
  high_price: z.number(),
  low_price: z.number(),
  trade_price: z.number(),
  candle_acc_trade_volume: z.number(),
});
type Candle = z.infer<typeof candleSchema>;
const pageSchema = z.array(candleSchema);
const errorBodySchema = z.object({ error: z.object({ message: z.string() }) });

function errorMessageOf(body: string): string {
  try {
    return errorBodySchema.parse(JSON.parse(body)).error.message;
  } catch {
    return snippet(body);
  }
}

/**
 * Upbit `GET /v1/candles/days?market=KRW-BTC&to=<ISO time>&count=<1..200>`, newest first:
 *
 * ```
 * [{"market":"KRW-BTC","candle_date_time_utc":"2025-07-29T00:00:00",
 *   "candle_date_time_kst":"2025-07-29T09:00:00","opening_price":162483000.0,
 *   "high_price":163800000.0,"low_price":162034000.0,"trade_price":163158000.0,
 *   "candle_acc_trade_volume":1487.53432374,...},...]
 * ```
 *
 * The day runs from 00:00 UTC, so the bar's date is `candle_date_time_utc`'s; days without
 * trades are absent. Errors: 404 `{"error":{"name":404,"message":"Code not found"}}` for an
 * unknown market; 429 when throttled (the client retries it) and 418 when throttling was
 * ignored and the IP is blocked for a while, retried the same way.
 */
function parsePage(reply: HttpReply): Candle[] {
  if (reply.status === 404) {
    throw new AppError(
      'SOURCE_UNKNOWN_SYMBOL',
      `upbit does not know the market (${errorMessageOf(reply.body)})`,
    );
  }
  if (reply.status === 418) {
    throw new AppError('SOURCE_RATE_LIMITED', `upbit blocked us (${errorMessageOf(reply.body)})`);
  }
  return parseJsonBody('upbit', reply.body, pageSchema);
}

function toBar(candle: Candle): RawBar {
  return {
    date: barDate(candle.candle_date_time_utc.slice(0, 10)),
    open: candle.opening_price,
    high: candle.high_price,
    low: candle.low_price,
    close: candle.trade_price,
    volume: candle.candle_acc_trade_volume,
    halted: false,
  };
}

export interface UpbitAdapterOptions {
  baseUrl: string;
  http: HttpClient;
  /** The least time between two requests of this adapter, all fetches together. */
  minIntervalMs?: number;
  sleep?: Sleep;
}

/**
 * Crypto in KRW from Upbit's day candles. A window longer than a page is read newest page
 * first, each next page ending (exclusive `to`) at the oldest candle received, until the window
 * start is reached or a page comes back short; more pages than `maxUpbitPages` is a bad response.
 */
export function createUpbitAdapter(options: UpbitAdapterOptions): SourceAdapter {
  const { baseUrl, http } = options;
  const pace = createRequestPacer(options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS, options.sleep);
  return {
    name: 'upbit',
    async fetchDaily({ asset, start, end, signal }) {
      const candles: Candle[] = [];
      // The first page ends (exclusive) at the start of the day after the window, in UTC: a `to`
      // without an offset is UTC to Upbit, like the `candle_date_time_utc` the next pages use.
      let to = `${addDays(end, 1)}T00:00:00`;
      let attempts = 1;
      const maxPages = maxUpbitPages(start, end);
      for (let pages = 1; ; pages++) {
        await pace(signal);
        const query = new URLSearchParams({
          market: asset.sourceSymbol,
          to,
          count: String(PAGE_SIZE),
        });
        const page = await http.getParsed(`${baseUrl}/v1/candles/days?${query}`, parsePage, {
          assetId: asset.id,
          signal,
          acceptStatuses: [404, 418],
        });
        attempts = Math.max(attempts, page.attempts);
        candles.push(...page.value);
        const oldest = page.value.at(-1)?.candle_date_time_utc;
        if (page.value.length < PAGE_SIZE || oldest === undefined || oldest.slice(0, 10) <= start) {
          break;
        }
        if (oldest >= to) {
          throw new AppError('SOURCE_BAD_RESPONSE', `upbit did not page back from ${to}`, {
            attempts,
          });
        }
        if (pages >= maxPages) {
          throw new AppError(
            'SOURCE_BAD_RESPONSE',
            `upbit sent ${pages} full pages without reaching ${start} (the oldest candle is ${oldest}); a window of ${daysBetween(start, end) + 1} days takes at most ${maxPages}`,
            { attempts, retryable: false },
          );
        }
        to = oldest;
      }
      const bars = candles.map(toBar).filter((bar) => isInWindow(bar.date, start, end));
      return { bars: bars.reverse(), attempts };
    },
  };
}
