import { describe, expect, it } from 'vitest';
import { createNaverAdapter } from '../../../../src/stages/fetch/sources/naver-adapter.js';
import { sequence } from '../../../support/local-server.js';
import { barRow, fetchWindow, localServerForFile } from './adapter-cases.js';
import { asset, fastClient, fixture } from './fixtures.js';

const server = localServerForFile();

const naver = () => createNaverAdapter({ baseUrl: server.baseUrl, http: fastClient() });

describe('createNaverAdapter', () => {
  it('asks for the symbol and window and reads the list literal by position', async () => {
    server.handle(sequence([200, fixture('naver_siseJson_005930_day_20221102-20221104.txt')]));
    const result = await fetchWindow(naver(), asset('005930'), '2022-11-02', '2022-11-04');
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
      barRow('2022-11-02', 59700, 60000, 59300, 59600, 13202919),
      barRow('2022-11-03', 58600, 59800, 58100, 59200, 17492162),
      barRow('2022-11-04', 59100, 59500, 58400, 59400, 12445841),
    ]);
  });

  it('keeps a zero-volume day with prices as a normal bar', async () => {
    server.handle(
      sequence([200, fixture('naver_siseJson_060240_day_20160104-20160106_zero_volume.txt')]),
    );
    const listing060240 = asset('005930', '060240');
    const { bars } = await fetchWindow(naver(), listing060240, '2016-01-04', '2016-01-06');
    expect(bars.at(-1)).toEqual(barRow('2016-01-06', 151661, 156179, 146498, 147144, 0));
  });

  it('turns a trading-halt row into a flat bar at the close, marked halted', async () => {
    server.handle(sequence([200, fixture('naver_siseJson_halt_row_example.txt')]));
    const { bars } = await fetchWindow(naver(), asset('005930'), '2026-07-15', '2026-07-16');
    expect(bars).toEqual([
      barRow('2026-07-15', 87300, 87300, 87300, 87300, 1200),
      barRow('2026-07-16', 87300, 87300, 87300, 87300, 0, true),
    ]);
  });

  it('reads decimal index values and a trailing comma, keeping only the window', async () => {
    server.handle(
      sequence([200, fixture('naver_siseJson_KOSPI_day_20240102-20240104_trailing_comma.txt')]),
    );
    const { bars } = await fetchWindow(naver(), asset('KS11'), '2024-01-03', '2024-01-04');
    expect(server.requests[0]?.searchParams.get('symbol')).toBe('KOSPI');
    expect(bars.map((bar) => [bar.date, bar.close])).toEqual([
      ['2024-01-03', 2607.31],
      ['2024-01-04', 2587.02],
    ]);
  });

  it('answers no bars for a range without rows', async () => {
    server.handle(sequence([200, fixture('naver_siseJson_header_only.txt')]));
    const result = await fetchWindow(naver(), asset('005930'), '2026-01-01', '2026-01-01');
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
    const pending = fetchWindow(naver(), asset('005930'), '2022-11-02', '2022-11-04');
    await expect(pending).rejects.toMatchObject({ code: 'SOURCE_BAD_RESPONSE', attempts: 3 });
    expect(server.requests).toHaveLength(3);
  });
});
