/** The five asset categories of the design brief. */
export const CATEGORIES = ['stock', 'etf', 'index', 'crypto', 'commodity'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Trading calendars: the Korean exchange, the US exchanges, and crypto (every day). */
export const MARKETS = ['KRX', 'US', 'CRYPTO'] as const;
export type Market = (typeof MARKETS)[number];

/** Providers a bar can come from; `sample` is synthetic and never mixed with real data. */
export const SOURCES = ['naver', 'yahoo', 'upbit', 'csv', 'sample'] as const;
export type SourceName = (typeof SOURCES)[number];

export interface Asset {
  id: string;
  name: string;
  category: Category;
  market: Market;
  currency: string;
  /** The source the asset is fetched from by default. */
  source: SourceName;
  /** The asset's symbol at that source (e.g. ^GSPC at Yahoo, KRW-BTC at Upbit). */
  sourceSymbol: string;
}

/**
 * The default catalog of the design brief; `migrations/` seeds the `asset` table with the same
 * rows. KS11 is read from Naver's KOSPI series (Yahoo's ^KS11 is the alternative).
 */
export const DEFAULT_CATALOG: readonly Asset[] = [
  {
    id: '005930',
    name: 'Samsung Electronics',
    category: 'stock',
    market: 'KRX',
    currency: 'KRW',
    source: 'naver',
    sourceSymbol: '005930',
  },
  {
    id: '000660',
    name: 'SK hynix',
    category: 'stock',
    market: 'KRX',
    currency: 'KRW',
    source: 'naver',
    sourceSymbol: '000660',
  },
  {
    id: '069500',
    name: 'KODEX 200',
    category: 'etf',
    market: 'KRX',
    currency: 'KRW',
    source: 'naver',
    sourceSymbol: '069500',
  },
  {
    id: 'KS11',
    name: 'KOSPI',
    category: 'index',
    market: 'KRX',
    currency: 'KRW',
    source: 'naver',
    sourceSymbol: 'KOSPI',
  },
  {
    id: 'US500',
    name: 'S&P 500',
    category: 'index',
    market: 'US',
    currency: 'USD',
    source: 'yahoo',
    sourceSymbol: '^GSPC',
  },
  {
    id: 'BTC/KRW',
    name: 'Bitcoin',
    category: 'crypto',
    market: 'CRYPTO',
    currency: 'KRW',
    source: 'upbit',
    sourceSymbol: 'KRW-BTC',
  },
  {
    id: 'GC=F',
    name: 'Gold futures',
    category: 'commodity',
    market: 'US',
    currency: 'USD',
    source: 'yahoo',
    sourceSymbol: 'GC=F',
  },
];
