import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsvAdapter } from '../../../../src/stages/fetch/sources/csv-adapter.js';
import { createNaverAdapter } from '../../../../src/stages/fetch/sources/naver-adapter.js';
import { barDate, isInWindow } from '../../../../src/stages/fetch/sources/source-dates.js';
import { createUpbitAdapter } from '../../../../src/stages/fetch/sources/upbit-adapter.js';
import { type LocalServer, sequence, startLocalServer } from '../../../support/local-server.js';
import { asset, fastClient } from './fixtures.js';

describe('barDate', () => {
  it('gives the ISO form of a real day, compact or not', () => {
    expect(barDate('20260227')).toBe('2026-02-27');
    expect(barDate('2024-02-29')).toBe('2024-02-29');
  });

  it("keeps a source's text for a day that does not exist, for the validator to name", () => {
    expect(barDate('20260230')).toBe('20260230');
    expect(barDate('2026-01-32')).toBe('2026-01-32');
    expect(barDate('20251301')).toBe('20251301');
  });
});

describe('isInWindow', () => {
  it('places an impossible compact day by its ISO form, so it is not dropped unseen', () => {
    expect(isInWindow('20260230', '2026-02-02', '2026-03-05')).toBe(true);
    expect(isInWindow('20260230', '2026-03-01', '2026-03-05')).toBe(false);
    expect(isInWindow('2026-01-32', '2026-01-30', '2026-02-02')).toBe(true);
  });
});

describe('adapters keep a bar with an impossible date instead of failing the unit', () => {
  let server: LocalServer;
  let folder: string;
  beforeAll(async () => {
    server = await startLocalServer();
    folder = await mkdtemp(join(tmpdir(), 'source-dates-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('csv: 20260230 comes through as written beside the good row', async () => {
    const file = join(folder, 'bad.csv');
    await writeFile(
      file,
      'Date,Open,High,Low,Close,Volume\n2026-02-02,100,110,90,105,1000\n20260230,100,110,90,105,1000\n',
    );
    const { bars } = await createCsvAdapter({ path: file }).fetchDaily({
      asset: asset('005930'),
      start: '2026-02-02',
      end: '2026-03-05',
    });
    expect(bars.map((bar) => bar.date)).toEqual(['2026-02-02', '20260230']);
  });

  it('naver: a row dated 20260230 comes through as written', async () => {
    server.handle(
      sequence([
        200,
        `[['날짜', '시가', '고가', '저가', '종가', '거래량', '외국인소진율'],\n["20260227", 100, 110, 90, 105, 1000, 0.0],\n["20260230", 100, 110, 90, 105, 1000, 0.0]]`,
      ]),
    );
    const { bars } = await createNaverAdapter({
      baseUrl: server.baseUrl,
      http: fastClient(),
    }).fetchDaily({ asset: asset('005930'), start: '2026-02-02', end: '2026-03-05' });
    expect(bars.map((bar) => bar.date)).toEqual(['2026-02-27', '20260230']);
  });

  it('upbit: a candle of 2026-01-32 comes through as written', async () => {
    const candle = (date: string) => ({
      candle_date_time_utc: `${date}T00:00:00`,
      opening_price: 1,
      high_price: 1,
      low_price: 1,
      trade_price: 1,
      candle_acc_trade_volume: 1,
    });
    server.handle(sequence([200, JSON.stringify([candle('2026-02-01'), candle('2026-01-32')])]));
    const { bars } = await createUpbitAdapter({
      baseUrl: server.baseUrl,
      http: fastClient(),
      minIntervalMs: 0,
    }).fetchDaily({ asset: asset('BTC/KRW', 'KRW-BTC'), start: '2026-01-30', end: '2026-02-01' });
    expect(bars.map((bar) => bar.date)).toEqual(['2026-01-32', '2026-02-01']);
  });
});
