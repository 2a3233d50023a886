import type { Asset, Category, Market, SourceName } from '../../../catalog/assets.js';
import type { RawBar } from '../../../contracts/events.js';

export interface FetchRequest {
  asset: Asset;
  /** Inclusive window in the exchange's local dates, YYYY-MM-DD. */
  start: string;
  end: string;
  /** Aborts the whole fetch (e.g. on shutdown). */
  signal?: AbortSignal;
}

export interface FetchResult {
  /** Normalized bars, oldest first, only dates inside the window. */
  bars: RawBar[];
  /** The most attempts any one HTTP call of this fetch needed (1 when nothing was retried). */
  attempts: number;
  /** What the source says about the symbol, when its response tells (Yahoo's chart meta). */
  listing?: Listing;
}

/** Catalog fields a source can tell about a symbol; `npm run assets -- add` fills them in. */
export interface Listing {
  name?: string;
  currency?: string;
  market?: Market;
  category?: Category;
}

/**
 * One provider's daily candles turned into normalized bars: the exchange's local trading date,
 * finite numbers (volume may be null). Each HTTP call goes through the retrying client
 * (timeout, backoff with jitter, Retry-After); a failure that survives the retries is thrown as
 * an AppError with a SOURCE_* code and the number of attempts made.
 */
export interface SourceAdapter {
  readonly name: SourceName;
  fetchDaily(request: FetchRequest): Promise<FetchResult>;
}
