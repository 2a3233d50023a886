import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createYahooAdapter } from '../../../../src/stages/fetch/sources/yahoo-adapter.js';
import { type LocalServer, sequence, startLocalServer } from '../../../support/local-server.js';
import { asset, fastClient, fixture } from './fixtures.js';

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(() => server.close());

const yahoo = () => createYahooAdapter({ baseUrl: server.baseUrl, http: fastClient() });

describe('createYahooAdapter', () => {
  it('asks for the encoded symbol with a margin around the window', async () => {
    server.handle(sequence([200, fixture('yahoo_chart_GC=F_1d_2020-01-01_2020-01-03.json')]));
    await yahoo().fetchDaily({ asset: asset('GC=F'), start: '2020-01-01', end: '2020-01-03' });
    const [url] = server.requests;
    expect(url?.pathname).toBe('/v8/finance/chart/GC%3DF');
    expect(Object.fromEntries(url?.searchParams ?? [])).toEqual({
      period1: String(Date.parse('2019-12-31T00:00:00Z') / 1000),
      period2: String(Date.parse('2020-01-05T00:00:00Z') / 1000),
      interval: '1d',
    });
  });

  it('dates a futures bar stamped at midnight New York', async () => {
    server.handle(sequence([200, fixture('yahoo_chart_GC=F_1d_2020-01-01_2020-01-03.json')]));
    const result = await yahoo().fetchDaily({
      asset: asset('GC=F'),
      start: '2020-01-01',
      end: '2020-01-03',
    });
    expect(result).toEqual({
      bars: [
        {
          date: '2020-01-02',
          open: 1518.0999755859375,
          high: 1528.699951171875,
          low: 1518,
          close: 1524.5,
          volume: 214,
          halted: false,
        },
      ],
      attempts: 1,
      // The chart meta's catalog fields, for npm run assets -- add.
      listing: { name: 'Gold Apr 25', category: 'commodity', market: 'US', currency: 'USD' },
    });
  });

  it('dates a US listing stamped at 09:30 New York', async () => {
    server.handle(sequence([200, fixture('yahoo_chart_QQQ_1d_2020-01-01_2020-01-03.json')]));
    const { bars } = await yahoo().fetchDaily({
      asset: asset('US500', 'QQQ'),
      start: '2020-01-01',
      end: '2020-01-03',
    });
    expect(bars).toMatchObject([
      { date: '2020-01-02', close: 216.16000366210938, volume: 30969400 },
    ]);
  });

  it('dates bars in the exchange zone, not by the gmtoffset of the request time', async () => {
    server.handle(
      sequence([200, fixture('yahoo_chart_GC=F_1d_2020-07-06_2020-07-08_summer_time.json')]),
    );
    const { bars } = await yahoo().fetchDaily({
      asset: asset('GC=F'),
      start: '2020-07-01',
      end: '2020-07-31',
    });
    expect(bars.map((bar) => bar.date)).toEqual(['2020-07-06', '2020-07-07', '2020-07-08']);
  });

  it('dates a Korean index in Seoul, keeps null fields, and lets the bar in progress replace its date', async () => {
    server.handle(
      sequence([
        200,
        fixture('yahoo_chart_KS11_1d_2024-01-02_2024-01-05_live_bar_repeats_date.json'),
      ]),
    );
    const { bars } = await yahoo().fetchDaily({
      asset: asset('KS11', '^KS11'),
      start: '2024-01-02',
      end: '2024-01-05',
    });
    expect(bars).toEqual([
      {
        date: '2024-01-02',
        open: 2645.47,
        high: 2669.81,
        low: 2636.55,
        close: 2669.81,
        volume: 415500,
        halted: false,
      },
      {
        date: '2024-01-03',
        open: null,
        high: 2652.55,
        low: 2600.76,
        close: 2607.31,
        volume: 584000,
        halted: false,
      },
      {
        date: '2024-01-04',
        open: 2592.32,
        high: 2602.62,
        low: 2580.62,
        close: 2587.02,
        volume: null,
        halted: false,
      },
      {
        date: '2024-01-05',
        open: 2586.89,
        high: 2592.14,
        low: 2571.21,
        close: 2578.08,
        volume: 517300,
        halted: false,
      },
    ]);
  });

  it('skips a bar without a close and keeps only the window', async () => {
    server.handle(
      sequence([200, fixture('yahoo_chart_600497.SS_1d_2017-11_nulls_and_live_bar.json')]),
    );
    const { bars } = await yahoo().fetchDaily({
      asset: asset('005930', '600497.SS'),
      start: '2017-11-15',
      end: '2017-11-24',
    });
    expect(bars.map((bar) => bar.date)).toEqual([
      '2017-11-16',
      '2017-11-17',
      '2017-11-20',
      '2017-11-21',
      '2017-11-22',
      '2017-11-23',
      '2017-11-24',
    ]);
  });

  it('fails SOURCE_UNKNOWN_SYMBOL at once for a 404', async () => {
    server.handle(sequence([404, fixture('yahoo_chart_error_404_not_found.json')]));
    const pending = yahoo().fetchDaily({
      asset: asset('GC=F', 'NOPE'),
      start: '2020-01-01',
      end: '2020-01-03',
    });
    await expect(pending).rejects.toMatchObject({
      code: 'SOURCE_UNKNOWN_SYMBOL',
      retryable: false,
      attempts: 1,
    });
    await expect(pending).rejects.toThrow('symbol may be delisted');
    expect(server.requests).toHaveLength(1);
  });

  it('answers no bars for a range before the first bar', async () => {
    server.handle(sequence([400, fixture('yahoo_chart_error_400_no_data_in_range.json')]));
    const result = await yahoo().fetchDaily({
      asset: asset('GC=F'),
      start: '1990-01-01',
      end: '1990-01-31',
    });
    expect(result).toEqual({ bars: [], attempts: 1 });
  });

  it('fails SOURCE_HTTP, not retried, for another 400', async () => {
    const body =
      '{"chart":{"result":null,"error":{"code":"Bad Request","description":"Invalid input - interval=1d is not supported"}}}';
    server.handle(sequence([400, body]));
    const pending = yahoo().fetchDaily({
      asset: asset('GC=F'),
      start: '2020-01-01',
      end: '2020-01-03',
    });
    await expect(pending).rejects.toMatchObject({
      code: 'SOURCE_HTTP',
      retryable: false,
      attempts: 1,
    });
  });

  it('retries a plain-text 429', async () => {
    server.handle(
      sequence(
        [429, 'Too Many Requests'],
        [200, fixture('yahoo_chart_GC=F_1d_2020-01-01_2020-01-03.json')],
      ),
    );
    const result = await yahoo().fetchDaily({
      asset: asset('GC=F'),
      start: '2020-01-01',
      end: '2020-01-03',
    });
    expect(result.attempts).toBe(2);
    expect(result.bars).toHaveLength(1);
  });

  it('retries a body that is not a chart, then fails SOURCE_BAD_RESPONSE', async () => {
    server.handle(sequence([200, '{"chart":{"result":[{"meta":{}}],"error":null}}']));
    const pending = yahoo().fetchDaily({
      asset: asset('GC=F'),
      start: '2020-01-01',
      end: '2020-01-03',
    });
    await expect(pending).rejects.toMatchObject({ code: 'SOURCE_BAD_RESPONSE', attempts: 3 });
  });
});
