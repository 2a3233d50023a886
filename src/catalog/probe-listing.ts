import { addDays, todayIn } from '../calendar/iso-date.js';
import { invalid, isAppError } from '../errors.js';
import type { SourceAdapter } from '../stages/fetch/sources/source-adapter.js';
import type { Asset, Category, Market, SourceName } from './assets.js';

/** The days a probe asks for: enough to hold a session after any holiday run. */
const PROBE_DAYS = 14;

export interface AddRequest {
  id: string;
  source: SourceName;
  symbol: string;
  name?: string | undefined;
  category?: Category | undefined;
  market?: Market | undefined;
  currency?: string | undefined;
}

/** What each source implies when its response does not say (Naver: KRX in won, Upbit: crypto). */
function defaultsOf(request: AddRequest): Partial<Asset> {
  if (request.source === 'naver') return { market: 'KRX', currency: 'KRW', category: 'stock' };
  if (request.source === 'upbit') {
    return {
      market: 'CRYPTO',
      category: 'crypto',
      currency: request.symbol.split('-')[0] ?? 'KRW',
    };
  }
  return { market: 'US', currency: 'USD' };
}

/**
 * Checks a symbol against its source with a short fetch (the last two weeks) and fills in the
 * catalog fields: given options first, then what the source tells (Yahoo's chart meta), then the
 * source's defaults. An unknown symbol, or one with no bar in the two weeks, is refused with one
 * ARGUMENT_INVALID line (exit 2); a source that cannot be reached fails as itself (exit 1).
 */
export async function probeListing(
  adapter: SourceAdapter,
  request: AddRequest,
  now = new Date(),
): Promise<Asset> {
  const defaults = defaultsOf(request);
  const provisional: Asset = {
    id: request.id,
    name: request.name ?? request.id,
    category: request.category ?? defaults.category ?? 'stock',
    market: request.market ?? defaults.market ?? 'US',
    currency: request.currency ?? defaults.currency ?? 'USD',
    source: request.source,
    sourceSymbol: request.symbol,
  };
  const end = todayIn('Asia/Seoul', now);
  let fetched: Awaited<ReturnType<SourceAdapter['fetchDaily']>>;
  try {
    fetched = await adapter.fetchDaily({
      asset: provisional,
      start: addDays(end, -PROBE_DAYS),
      end,
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'SOURCE_UNKNOWN_SYMBOL') {
      invalid(
        `${request.source} does not know the symbol ${request.symbol} (${error.message}); check it, or name another with --symbol or --source`,
      );
    }
    throw error;
  }
  if (fetched.bars.length === 0) {
    invalid(
      `${request.source} returned no bar for ${request.symbol} in the last ${PROBE_DAYS} days; check the symbol, or name another with --symbol or --source`,
    );
  }
  const listing = fetched.listing ?? {};
  return {
    ...provisional,
    name: request.name ?? listing.name ?? provisional.name,
    category: request.category ?? listing.category ?? provisional.category,
    market: request.market ?? listing.market ?? provisional.market,
    currency: request.currency ?? listing.currency ?? provisional.currency,
  };
}

/** The source an id most likely comes from: 6 digits Naver, `BTC/KRW` Upbit, else Yahoo. */
export function guessSource(id: string): SourceName {
  if (/^\d{6}$/.test(id)) return 'naver';
  if (/^[A-Z0-9]+\/[A-Z]+$/.test(id)) return 'upbit';
  return 'yahoo';
}

/** The symbol at the source for an id: Upbit writes BTC/KRW as KRW-BTC. */
export function guessSymbol(id: string, source: SourceName): string {
  if (source === 'upbit' && id.includes('/')) {
    const [base, quote] = id.split('/');
    return `${quote}-${base}`;
  }
  return id;
}
