import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { addDays, daysBetween } from '../../../../src/calendar/iso-date.js';
import { createUpbitAdapter } from '../../../../src/stages/fetch/sources/upbit-adapter.js';
import { type Handler, sequence } from '../../../support/local-server.js';
import { barRow, fetchWindow, localServerForFile } from './adapter-cases.js';
import { asset, fastClient, fixture } from './fixtures.js';

const server = localServerForFile();

const btc = asset('BTC/KRW');
const upbit = (options: { minIntervalMs?: number; sleep?: (ms: number) => Promise<void> } = {}) =>
  createUpbitAdapter({ baseUrl: server.baseUrl, http: fastClient(), minIntervalMs: 0, ...options });

/** Trading starts on this day at the generated market; one day without trades is absent. */
const LISTED = '2024-01-01';
const NO_TRADES = '2024-06-15';

/** An Upbit day candle in the recorded format, its prices a function of its date. */
function candle(date: string) {
  const price = 50_000_000 + daysBetween(LISTED, date) * 10_000;
  return {
    market: 'KRW-BTC',
    candle_date_time_utc: `${date}T00:00:00`,
    candle_date_time_kst: `${date}T09:00:00`,
    opening_price: price,
    high_price: price + 50_000,
    low_price: price - 50_000,
    trade_price: price + 20_000,
    timestamp: Date.parse(`${date}T23:59:59Z`),
    candle_acc_trade_price: price * 1000,
    candle_acc_trade_volume: 1000.5,
    prev_closing_price: price,
    change_price: 20_000,
    change_rate: 0.0004,
  };
}

/** Serves `count` candles before `to` (exclusive), newest first, as the live endpoint does. */
const generatedCandles: Handler = (_request, response, url) => {
  const to = url.searchParams.get('to') ?? '';
  const count = Number(url.searchParams.get('count'));
  const candles = [];
  for (
    let date = addDays(to.slice(0, 10), -1);
    date >= LISTED && candles.length < count;
    date = addDays(date, -1)
  ) {
    if (date !== NO_TRADES) candles.push(candle(date));
  }
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(candles));
};

describe('createUpbitAdapter', () => {
  it('reads a page newest first and returns it oldest first', async () => {
    server.handle(
      sequence([200, fixture('upbit_candles_days_KRW-BTC_count2_to2025-07-30T00+0900.json')]),
    );
    const result = await fetchWindow(upbit(), btc, '2025-07-28', '2025-07-29');
    expect(Object.fromEntries(server.requests[0]?.searchParams ?? [])).toEqual({
      market: 'KRW-BTC',
      to: '2025-07-30T00:00:00',
      count: '200',
    });
    expect(server.requests).toHaveLength(1);
    expect(result).toEqual({
      bars: [
        barRow('2025-07-28', 162548000, 162985000, 161391000, 162483000, 1461.59937798),
        barRow('2025-07-29', 162483000, 163800000, 162034000, 163158000, 1487.53432374),
      ],
      attempts: 1,
    });
  });

  it('pages back with `to` at the oldest candle until the window start', async () => {
    server.handle(generatedCandles);
    const { bars } = await fetchWindow(upbit(), btc, '2024-01-01', '2025-03-31');
    expect(server.requests.map((url) => url.searchParams.get('to'))).toEqual([
      '2025-04-01T00:00:00',
      '2024-09-13T00:00:00',
      '2024-02-25T00:00:00',
    ]);
    const dates = bars.map((bar) => bar.date);
    expect(dates).toHaveLength(daysBetween('2024-01-01', '2025-03-31'));
    expect(dates[0]).toBe('2024-01-01');
    expect(dates.at(-1)).toBe('2025-03-31');
    expect(dates).not.toContain(NO_TRADES);
    expect(dates.every((date, i) => i === 0 || date > (dates[i - 1] ?? ''))).toBe(true);
    expect(bars.at(-1)).toMatchObject(
      candle('2025-03-31') && { close: 50_000_000 + 455 * 10_000 + 20_000 },
    );
  });

  it('stops paging once a page reaches back past the window start', async () => {
    server.handle(generatedCandles);
    const { bars } = await fetchWindow(upbit(), btc, '2024-12-01', '2025-03-31');
    expect(server.requests).toHaveLength(1);
    expect(bars[0]?.date).toBe('2024-12-01');
    expect(bars).toHaveLength(daysBetween('2024-12-01', '2025-03-31') + 1);
  });

  it('spaces its requests by the minimum interval', async () => {
    server.handle(generatedCandles);
    // The clock only moves when the pacer sleeps, so the waits are exact.
    vi.useFakeTimers({ toFake: ['Date'] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const sleep = vi.fn(async (ms: number) => {
      vi.setSystemTime(Date.now() + ms);
    });
    const adapter = upbit({ minIntervalMs: 1000, sleep });
    await fetchWindow(adapter, btc, '2024-01-01', '2025-03-31');
    await fetchWindow(adapter, btc, '2025-03-01', '2025-03-31');
    expect(server.requests).toHaveLength(4);
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([1000, 1000, 1000]);
  });

  it('fails SOURCE_UNKNOWN_SYMBOL at once for an unknown market', async () => {
    server.handle(sequence([404, fixture('upbit_error_404_code_not_found.json')]));
    const pending = fetchWindow(upbit(), asset('BTC/KRW', 'KRW-NOPE'), '2025-07-28', '2025-07-29');
    await expect(pending).rejects.toMatchObject({ code: 'SOURCE_UNKNOWN_SYMBOL', attempts: 1 });
    await expect(pending).rejects.toThrow('Code not found');
  });

  it('fails SOURCE_HTTP, not retried, for a 400', async () => {
    server.handle(sequence([400, fixture('upbit_error_400_invalid_parameter.json')]));
    const pending = fetchWindow(upbit(), btc, '2025-07-28', '2025-07-29');
    await expect(pending).rejects.toMatchObject({
      code: 'SOURCE_HTTP',
      retryable: false,
      attempts: 1,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 418 block as rate limiting', async () => {
    server.handle(
      sequence(
        [418, ''],
        [200, fixture('upbit_candles_days_KRW-BTC_count2_to2025-07-30T00+0900.json')],
      ),
    );
    const result = await fetchWindow(upbit(), btc, '2025-07-28', '2025-07-29');
    expect(result.attempts).toBe(2);

    server.handle(sequence([418, '']));
    const pending = fetchWindow(upbit(), btc, '2025-07-28', '2025-07-29');
    await expect(pending).rejects.toMatchObject({ code: 'SOURCE_RATE_LIMITED', attempts: 3 });
  });

  it('fails SOURCE_BAD_RESPONSE when a full page does not move back', async () => {
    const page = JSON.stringify(
      Array.from({ length: 200 }, (_, i) => candle(addDays('2025-03-31', -i))),
    );
    server.handle(sequence([200, page]));
    const pending = fetchWindow(upbit(), btc, '2020-01-01', '2025-01-31');
    await expect(pending).rejects.toMatchObject({ code: 'SOURCE_BAD_RESPONSE' });
    await expect(pending).rejects.toThrow('did not page back from 2024-09-13T00:00:00');
    expect(server.requests).toHaveLength(2);
  });
});
