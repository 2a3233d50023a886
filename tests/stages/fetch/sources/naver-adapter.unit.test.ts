import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNaverAdapter } from '../../../../src/stages/fetch/sources/naver-adapter.js';
import { type LocalServer, sequence, startLocalServer } from '../../../support/local-server.js';
import { asset, fastClient, fixture } from './fixtures.js';

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(() => server.close());

const naver = () => createNaverAdapter({ baseUrl: server.baseUrl, http: fastClient() });

describe('createNaverAdapter', () => {
  it('asks for the symbol and window and reads the list literal by position', async () => {
    server.handle(sequence([200, fixture('naver_siseJson_005930_day_20221102-20221104.txt')]));
    const result = await naver().fetchDaily({
      asset: asset('005930'),
      start: '2022-11-02',
      end: '2022-11-04',
    });
    const [url] = server.requests;
    expect(url?.pathname).toBe('/siseJson.naver');
    expect(Object.fromEntries(url?.searchParams ?? [])).toEqual({
      symbol: '005930',
      requestType: '1',
      startTime: '20221102',
      endTime: '20221104',
      timeframe: 'day',
    });
    expect(result.attempts).toBe(1);
    expect(result.bars).toEqual([
      {
        date: '2022-11-02',
        open: 59700,
        high: 60000,
        low: 59300,
        close: 59600,
        volume: 13202919,
        halted: false,
      },
      {
        date: '2022-11-03',
        open: 58600,
        high: 59800,
        low: 58100,
        close: 59200,
        volume: 17492162,
        halted: false,
      },
      {
        date: '2022-11-04',
        open: 59100,
        high: 59500,
        low: 58400,
        close: 59400,
        volume: 12445841,
        halted: false,
      },
    ]);
  });

  it('keeps a zero-volume day with prices as a normal bar', async () => {
    server.handle(
      sequence([200, fixture('naver_siseJson_060240_day_20160104-20160106_zero_volume.txt')]),
    );
    const { bars } = await naver().fetchDaily({
      asset: asset('005930', '060240'),
      start: '2016-01-04',
      end: '2016-01-06',
    });
    expect(bars.at(-1)).toEqual({
      date: '2016-01-06',
      open: 151661,
      high: 156179,
      low: 146498,
      close: 147144,
      volume: 0,
      halted: false,
    });
  });

  it('turns a trading-halt row into a flat bar at the close, marked halted', async () => {
    server.handle(sequence([200, fixture('naver_siseJson_halt_row_example.txt')]));
    const { bars } = await naver().fetchDaily({
      asset: asset('005930'),
      start: '2026-07-15',
      end: '2026-07-16',
    });
    expect(bars).toEqual([
      {
        date: '2026-07-15',
        open: 87300,
        high: 87300,
        low: 87300,
        close: 87300,
        volume: 1200,
        halted: false,
      },
      {
        date: '2026-07-16',
        open: 87300,
        high: 87300,
        low: 87300,
        close: 87300,
        volume: 0,
        halted: true,
      },
    ]);
  });

  it('reads decimal index values and a trailing comma, keeping only the window', async () => {
    server.handle(
      sequence([200, fixture('naver_siseJson_KOSPI_day_20240102-20240104_trailing_comma.txt')]),
    );
    const { bars } = await naver().fetchDaily({
      asset: asset('KS11'),
      start: '2024-01-03',
      end: '2024-01-04',
    });
    expect(server.requests[0]?.searchParams.get('symbol')).toBe('KOSPI');
    expect(bars.map((bar) => [bar.date, bar.close])).toEqual([
      ['2024-01-03', 2607.31],
      ['2024-01-04', 2587.02],
    ]);
  });

  it('answers no bars for a range without rows', async () => {
    server.handle(sequence([200, fixture('naver_siseJson_header_only.txt')]));
    const result = await naver().fetchDaily({
      asset: asset('005930'),
      start: '2026-01-01',
      end: '2026-01-01',
    });
    expect(result).toEqual({ bars: [], attempts: 1 });
  });

  it.each([
    ['an HTML page', fixture('naver_error_page.html')],
    [
      'a truncated body',
      fixture('naver_siseJson_005930_day_20221102-20221104.txt').split('["20221103"')[0] ?? '',
    ],
    ['a row with a missing field', `[['a','b'],\n["20221102", 59700, 60000, 59300]\n]`],
  ])('retries %s, then fails SOURCE_BAD_RESPONSE', async (_name, body) => {
    server.handle(sequence([200, body]));
    const pending = naver().fetchDaily({
      asset: asset('005930'),
      start: '2022-11-02',
      end: '2022-11-04',
    });
    await expect(pending).rejects.toMatchObject({ code: 'SOURCE_BAD_RESPONSE', attempts: 3 });
    expect(server.requests).toHaveLength(3);
  });
});
