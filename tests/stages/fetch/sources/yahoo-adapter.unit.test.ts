import { describe, expect, it } from 'vitest';
import { createYahooAdapter } from '../../../../src/stages/fetch/sources/yahoo-adapter.js';
import { sequence } from '../../../support/local-server.js';
import { barRow, fetchWindow, localServerForFile } from './adapter-cases.js';
import { asset, fastClient, fixture } from './fixtures.js';

const server = localServerForFile();

const yahoo = () => createYahooAdapter({ baseUrl: server.baseUrl, http: fastClient() });

describe('createYahooAdapter', () => {
  it('asks for the encoded symbol with a margin around the window', async () => {
    server.handle(sequence([200, fixture('yahoo_chart_GC=F_1d_2020-01-01_2020-01-03.json')]));
    await fetchWindow(yahoo(), asset('GC=F'), '2020-01-01', '2020-01-03');
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
    const result = await fetchWindow(yahoo(), asset('GC=F'), '2020-01-01', '2020-01-03');
    expect(result).toEqual({
      bars: [barRow('2020-01-02', 1518.0999755859375, 1528.699951171875, 1518, 1524.5, 214)],
      attempts: 1,
      // The chart meta's catalog fields, for npm run assets -- add.
      listing: { name: 'Gold Apr 25', category: 'commodity', market: 'US', currency: 'USD' },
    });
  });

  it('dates a US listing stamped at 09:30 New York', async () => {
    server.handle(sequence([200, fixture('yahoo_chart_QQQ_1d_2020-01-01_2020-01-03.json')]));
    const { bars } = await fetchWindow(yahoo(), asset('US500', 'QQQ'), '2020-01-01', '2020-01-03');
    expect(bars).toMatchObject([
      { date: '2020-01-02', close: 216.16000366210938, volume: 30969400 },
    ]);
  });

  it('dates bars in the exchange zone, not by the gmtoffset of the request time', async () => {
    server.handle(
      sequence([200, fixture('yahoo_chart_GC=F_1d_2020-07-06_2020-07-08_summer_time.json')]),
    );
    const { bars } = await fetchWindow(yahoo(), asset('GC=F'), '2020-07-01', '2020-07-31');
    expect(bars.map((bar) => bar.date)).toEqual(['2020-07-06', '2020-07-07', '2020-07-08']);
  });

  it('dates a Korean index in Seoul, keeps null fields, and lets the bar in progress replace its date', async () => {
    server.handle(
      sequence([
        200,
        fixture('yahoo_chart_KS11_1d_2024-01-02_2024-01-05_live_bar_repeats_date.json'),
      ]),
    );
    const { bars } = await fetchWindow(yahoo(), asset('KS11', '^KS11'), '2024-01-02', '2024-01-05');
    expect(bars).toEqual([
      barRow('2024-01-02', 2645.47, 2669.81, 2636.55, 2669.81, 415500),
      barRow('2024-01-03', null, 2652.55, 2600.76, 2607.31, 584000),
      barRow('2024-01-04', 2592.32, 2602.62, 2580.62, 2587.02, null),
      barRow('2024-01-05', 2586.89, 2592.14, 2571.21, 2578.08, 517300),
    ]);
  });

  it('skips a bar without a close and keeps only the window', async () => {
    server.handle(
      sequence([200, fixture('yahoo_chart_600497.SS_1d_2017-11_nulls_and_live_bar.json')]),
    );
    const shanghaiListing = asset('005930', '600497.SS');
    const { bars } = await fetchWindow(yahoo(), shanghaiListing, '2017-11-15', '2017-11-24');
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
    const pending = fetchWindow(yahoo(), asset('GC=F', 'NOPE'), '2020-01-01', '2020-01-03');
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
    const result = await fetchWindow(yahoo(), asset('GC=F'), '1990-01-01', '1990-01-31');
    expect(result).toEqual({ bars: [], attempts: 1 });
  });

  it('fails SOURCE_HTTP, not retried, for another 400', async () => {
    const body =
      '{"chart":{"result":null,"error":{"code":"Bad Request","description":"Invalid input - interval=1d is not supported"}}}';
    server.handle(sequence([400, body]));
    const pending = fetchWindow(yahoo(), asset('GC=F'), '2020-01-01', '2020-01-03');
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
    const result = await fetchWindow(yahoo(), asset('GC=F'), '2020-01-01', '2020-01-03');
    expect(result.attempts).toBe(2);
    expect(result.bars).toHaveLength(1);
  });

  it('retries a body that is not a chart, then fails SOURCE_BAD_RESPONSE', async () => {
    server.handle(sequence([200, '{"chart":{"result":[{"meta":{}}],"error":null}}']));
    const pending = fetchWindow(yahoo(), asset('GC=F'), '2020-01-01', '2020-01-03');
    await expect(pending).rejects.toMatchObject({ code: 'SOURCE_BAD_RESPONSE', attempts: 3 });
  });
});
