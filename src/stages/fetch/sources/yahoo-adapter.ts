import { z } from 'zod';
import { toEpochDay } from '../../../calendar/iso-date.js';
import type { Category, Market } from '../../../catalog/assets.js';
import type { RawBar } from '../../../contracts/events.js';
import { AppError } from '../../../errors.js';
import type { HttpClient, HttpReply } from './http-client.js';
import { oneCallAdapter, type WindowReply } from './one-call-adapter.js';
import { parseJsonBody, snippet } from './response-body.js';
import type { Listing, SourceAdapter } from './source-adapter.js';

const DAY_SECONDS = 86_400;

const series = z.array(z.number().nullable()).optional();
const errorSchema = z.object({ code: z.string(), description: z.string() }).nullable();
const chartSchema = z.object({
  chart: z.object({
    result: z
      .array(
        z.object({
          meta: z.object({
            exchangeTimezoneName: z.string(),
            currency: z.string().nullish(),
            instrumentType: z.string().nullish(),
            longName: z.string().nullish(),
            shortName: z.string().nullish(),
          }),
          // Absent when the range holds no bar.
          timestamp: z.array(z.number()).optional(),
          indicators: z.object({
            quote: z.array(
              z.object({ open: series, high: series, low: series, close: series, volume: series }),
            ),
          }),
        }),
      )
      .nullable(),
    error: errorSchema,
  }),
});
const errorBodySchema = z.object({ chart: z.object({ error: errorSchema }) });

/** Yahoo's words for a range before the first bar (HTTP 400), not a bad request of ours. */
const NO_DATA = /doesn't exist|no data/i;

/** `code: description` from an error body, or the start of a body that is not one. */
function describeError(body: string): string {
  try {
    const error = errorBodySchema.parse(JSON.parse(body)).chart.error;
    if (error !== null) return `${error.code}: ${error.description}`;
  } catch {
    // Not Yahoo's error JSON (a proxy page, plain text): show what came.
  }
  return snippet(body);
}

/** A formatter of epoch instants as the exchange's local date, YYYY-MM-DD. */
function localDateIn(timeZone: string): (epochSeconds: number) => string {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return (epochSeconds) => {
    const parts = format.formatToParts(epochSeconds * 1000);
    const part = (type: string) => parts.find((p) => p.type === type)?.value;
    return `${part('year')}-${part('month')}-${part('day')}`;
  };
}

/**
 * Yahoo `GET /v8/finance/chart/{symbol}?period1=<unix s>&period2=<unix s>&interval=1d`:
 *
 * ```
 * {"chart":{"result":[{"meta":{"exchangeTimezoneName":"America/New_York","gmtoffset":-18000,..},
 *   "timestamp":[1577975400,..],
 *   "indicators":{"quote":[{"low":[..],"close":[..],"open":[..],"high":[..],"volume":[..]}],
 *                 "adjclose":[{"adjclose":[..]}]}}],"error":null}}
 * ```
 *
 * `timestamp[i]` is the session start (the last trade for the bar in progress); its date is
 * taken in `meta.exchangeTimezoneName`, since `gmtoffset` is the offset at request time and
 * wrong across daylight-saving changes. Any element may be null: a bar without a close is
 * skipped, other nulls are kept for the validator to judge. A bar in progress that repeats a
 * date replaces the earlier one. Errors: 404 `{"chart":{"result":null,"error":{"code":
 * "Not Found",..}}}` for an unknown symbol; 400 `"Bad Request"`, "Data doesn't exist for
 * startDate..." for a range before the first bar (no bars, not an error); 429 plain text when
 * throttled (the client retries it).
 */
function parseChart(reply: HttpReply): WindowReply {
  if (reply.status === 404) {
    throw new AppError(
      'SOURCE_UNKNOWN_SYMBOL',
      `yahoo does not know the symbol (${describeError(reply.body)})`,
    );
  }
  if (reply.status === 400) {
    const description = describeError(reply.body);
    if (NO_DATA.test(description)) return { bars: [] };
    throw new AppError('SOURCE_HTTP', `yahoo refused the request (HTTP 400 ${description})`, {
      retryable: false,
    });
  }
  const { chart } = parseJsonBody('yahoo', reply.body, chartSchema);
  if (chart.error !== null) {
    throw new AppError(
      'SOURCE_BAD_RESPONSE',
      `yahoo answered an error: ${chart.error.code}: ${chart.error.description}`,
    );
  }
  const result = chart.result?.[0];
  if (result === undefined) {
    throw new AppError('SOURCE_BAD_RESPONSE', 'yahoo answered neither a result nor an error');
  }
  const quote = result.indicators.quote[0] ?? {};
  const localDate = localDateIn(result.meta.exchangeTimezoneName);
  const byDate = new Map<string, RawBar>();
  (result.timestamp ?? []).forEach((timestamp, i) => {
    const close = quote.close?.[i] ?? null;
    if (close === null) return;
    const date = localDate(timestamp);
    byDate.set(date, {
      date,
      open: quote.open?.[i] ?? null,
      high: quote.high?.[i] ?? null,
      low: quote.low?.[i] ?? null,
      close,
      volume: quote.volume?.[i] ?? null,
      halted: false,
    });
  });
  return { bars: [...byDate.values()], listing: listingOf(result.meta) };
}

/** Yahoo's `instrumentType` in the catalog's categories. */
const CATEGORY_OF: Record<string, Category> = {
  EQUITY: 'stock',
  ETF: 'etf',
  INDEX: 'index',
  FUTURE: 'commodity',
  CRYPTOCURRENCY: 'crypto',
};
/** Exchange zones with a trading calendar here. */
const MARKET_OF: Record<string, Market> = {
  'Asia/Seoul': 'KRX',
  'America/New_York': 'US',
  'America/Chicago': 'US',
};

/** The catalog fields the chart meta tells: name, currency, category, market. */
function listingOf(meta: {
  exchangeTimezoneName: string;
  currency?: string | null | undefined;
  instrumentType?: string | null | undefined;
  longName?: string | null | undefined;
  shortName?: string | null | undefined;
}): Listing {
  const name = meta.longName ?? meta.shortName;
  const category = CATEGORY_OF[meta.instrumentType ?? ''];
  const market = MARKET_OF[meta.exchangeTimezoneName];
  return {
    ...(name ? { name } : {}),
    ...(meta.currency ? { currency: meta.currency } : {}),
    ...(category === undefined ? {} : { category }),
    ...(market === undefined ? {} : { market }),
  };
}

/** Indices, US listings and futures (e.g. ^GSPC, GC=F) from Yahoo Finance's chart API. */
export function createYahooAdapter(options: { baseUrl: string; http: HttpClient }): SourceAdapter {
  const { baseUrl, http } = options;
  return oneCallAdapter('yahoo', http, {
    url: ({ asset, start, end }) => {
      // A day of margin on each side: exchange-local dates straddle UTC days.
      const query = new URLSearchParams({
        period1: String((toEpochDay(start) - 1) * DAY_SECONDS),
        period2: String((toEpochDay(end) + 2) * DAY_SECONDS),
        interval: '1d',
      });
      return `${baseUrl}/v8/finance/chart/${encodeURIComponent(asset.sourceSymbol)}?${query}`;
    },
    parse: parseChart,
    acceptStatuses: [400, 404],
  });
}
