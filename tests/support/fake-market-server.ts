import type { ServerResponse } from 'node:http';
import { DEFAULT_CATALOG } from '../../src/catalog/assets.js';
import { createSampleAdapter } from '../../src/stages/fetch/sources/sample-adapter.js';
import { type LocalServer, startLocalServer } from './local-server.js';

/** How each provider answers: real formats built from sample bars, garbage, or an outage. */
export type ProviderMode = 'ok' | 'garbage' | 'down';

export interface FakeMarketServer {
  baseUrl: string;
  modes: Record<'naver' | 'yahoo' | 'upbit', ProviderMode>;
  close(): Promise<void>;
}

const sample = createSampleAdapter();
const bySymbol = (symbol: string) => DEFAULT_CATALOG.find((asset) => asset.sourceSymbol === symbol);

async function barsFor(symbol: string, start: string, end: string) {
  const asset = bySymbol(symbol);
  if (asset === undefined) return undefined;
  return (await sample.fetchDaily({ asset, start, end })).bars;
}

const compact = (date: string) => date.replaceAll('-', '');
const fromCompact = (date: string) => `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
const isoDay = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString().slice(0, 10);

function send(response: ServerResponse, status: number, body: string, type = 'application/json') {
  response.writeHead(status, { 'content-type': type }).end(body);
}

/**
 * A stand-in for Naver, Yahoo and Upbit on one local port, answering in each provider's real
 * wire format (see tests/fixtures/market-data) with the sample source's bars for the catalog's
 * symbols. Each provider can be switched to garbage (an HTML page) or down (HTTP 503).
 */
export async function startFakeMarketServer(): Promise<FakeMarketServer> {
  const server: LocalServer = await startLocalServer();
  const modes: FakeMarketServer['modes'] = { naver: 'ok', yahoo: 'ok', upbit: 'ok' };
  server.handle((_request, response, url) => {
    const provider = url.pathname.startsWith('/siseJson')
      ? 'naver'
      : url.pathname.startsWith('/v8/finance/chart/')
        ? 'yahoo'
        : url.pathname.startsWith('/v1/candles/days')
          ? 'upbit'
          : undefined;
    if (provider === undefined) return send(response, 404, '{}');
    if (modes[provider] === 'garbage') {
      return send(
        response,
        200,
        '<html><body>Service temporarily changed</body></html>',
        'text/html',
      );
    }
    if (modes[provider] === 'down') return send(response, 503, 'Service Unavailable', 'text/plain');
    const answer =
      provider === 'naver' ? naver(url) : provider === 'yahoo' ? yahoo(url) : upbit(url);
    answer.then(
      ({ status, body }) => send(response, status, body),
      (error: unknown) => send(response, 500, String(error), 'text/plain'),
    );
  });
  return { baseUrl: server.baseUrl, modes, close: () => server.close() };
}

/** Naver's JavaScript-array text, oldest first. */
async function naver(url: URL) {
  const symbol = url.searchParams.get('symbol') ?? '';
  const start = fromCompact(url.searchParams.get('startTime') ?? '');
  const end = fromCompact(url.searchParams.get('endTime') ?? '');
  const bars = (await barsFor(symbol, start, end)) ?? [];
  const rows = bars.map(
    (bar) =>
      `["${compact(bar.date)}", ${bar.open}, ${bar.high}, ${bar.low}, ${bar.close}, ${bar.volume}, 0.0]`,
  );
  const body = `\n [['날짜', '시가', '고가', '저가', '종가', '거래량', '외국인소진율'],\n${rows.join(',\n\t\t\n')}\n]`;
  return { status: 200, body };
}

/** Yahoo's chart API v8: parallel arrays, timestamps in seconds during the New York session. */
async function yahoo(url: URL) {
  const symbol = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  const start = isoDay(Number(url.searchParams.get('period1')));
  const end = isoDay(Number(url.searchParams.get('period2')));
  const bars = await barsFor(symbol, start, end);
  if (bars === undefined) {
    return {
      status: 404,
      body: JSON.stringify({
        chart: {
          result: null,
          error: { code: 'Not Found', description: 'No data found, symbol may be delisted' },
        },
      }),
    };
  }
  const quote = {
    open: bars.map((bar) => bar.open),
    high: bars.map((bar) => bar.high),
    low: bars.map((bar) => bar.low),
    close: bars.map((bar) => bar.close),
    volume: bars.map((bar) => bar.volume),
  };
  const result = {
    meta: { symbol, exchangeTimezoneName: 'America/New_York', gmtoffset: -18000, timezone: 'EST' },
    timestamp: bars.map((bar) => Date.parse(`${bar.date}T15:00:00Z`) / 1000),
    indicators: { quote: [quote], adjclose: [{ adjclose: quote.close }] },
  };
  return { status: 200, body: JSON.stringify({ chart: { result: [result], error: null } }) };
}

/** Upbit's day candles: newest first, at most `count`, strictly before `to` (UTC). */
async function upbit(url: URL) {
  const symbol = url.searchParams.get('market') ?? '';
  const count = Number(url.searchParams.get('count') ?? '200');
  const to = (url.searchParams.get('to') ?? new Date().toISOString()).slice(0, 10);
  const lastDay = isoDay(Date.parse(`${to}T00:00:00Z`) / 1000 - 86_400);
  const firstDay = isoDay(Date.parse(`${lastDay}T00:00:00Z`) / 1000 - (count - 1) * 86_400);
  const bars = await barsFor(symbol, firstDay, lastDay);
  if (bars === undefined) {
    return {
      status: 404,
      body: JSON.stringify({ error: { name: 404, message: 'Code not found' } }),
    };
  }
  const candles = bars.reverse().map((bar) => ({
    market: symbol,
    candle_date_time_utc: `${bar.date}T00:00:00`,
    candle_date_time_kst: `${bar.date}T09:00:00`,
    opening_price: bar.open,
    high_price: bar.high,
    low_price: bar.low,
    trade_price: bar.close,
    timestamp: Date.parse(`${bar.date}T23:59:59Z`),
    candle_acc_trade_price: (bar.volume ?? 0) * (bar.close ?? 0),
    candle_acc_trade_volume: bar.volume,
    prev_closing_price: bar.open,
    change_price: 0,
    change_rate: 0,
  }));
  return { status: 200, body: JSON.stringify(candles) };
}
