import { describe, expect, it } from 'vitest';
import { createCsvAdapter, csvFileName } from '../../src/sources/csv-adapter.js';
import { asset, fixturePath } from './fixtures.js';

const folder = createCsvAdapter({ path: fixturePath('csv') });

describe('csvFileName', () => {
  it('replaces the characters a file name cannot hold', () => {
    expect(csvFileName('BTC/KRW')).toBe('BTC_KRW.csv');
    expect(csvFileName('GC=F')).toBe('GC=F.csv');
    expect(csvFileName('a\\b:c*d?e"f<g>h|i')).toBe('a_b_c_d_e_f_g_h_i.csv');
  });
});

describe('createCsvAdapter', () => {
  it("reads an asset's file in a folder, empty cells as null", async () => {
    const result = await folder.fetchDaily({
      asset: asset('BTC/KRW'),
      start: '2024-01-02',
      end: '2024-01-31',
    });
    expect(result.attempts).toBe(1);
    expect(result.bars).toEqual([
      {
        date: '2024-01-02',
        open: 58300000,
        high: 60000000,
        low: 58010000,
        close: 59600000,
        volume: 3876.02,
        halted: false,
      },
      {
        date: '2024-01-03',
        open: 59600000,
        high: 60100000,
        low: 54000000,
        close: 56100000,
        volume: 5820.77,
        halted: false,
      },
      {
        date: '2024-01-04',
        open: 56100000,
        high: 57500000,
        low: 55800000,
        close: 57200000,
        volume: null,
        halted: false,
      },
    ]);
  });

  it('accepts any header case, ignores Adj Close, reads YYYYMMDD and sorts the rows', async () => {
    const { bars } = await folder.fetchDaily({
      asset: asset('GC=F'),
      start: '2020-01-01',
      end: '2020-01-31',
    });
    expect(bars.map((bar) => bar.date)).toEqual([
      '2020-01-02',
      '2020-01-03',
      '2020-01-06',
      '2020-01-07',
    ]);
    expect(bars[0]).toEqual({
      date: '2020-01-02',
      open: 1518.1,
      high: 1528.7,
      low: 1518,
      close: 1524.5,
      volume: 214,
      halted: false,
    });
    expect(bars[3]).toMatchObject({ low: null, close: 1574.3, volume: null });
  });

  it('falls back to the source symbol, and reads a file without Volume', async () => {
    const { bars } = await folder.fetchDaily({
      asset: asset('KS11'),
      start: '2024-01-01',
      end: '2024-01-31',
    });
    expect(bars).toEqual([
      {
        date: '2024-01-02',
        open: 2645.47,
        high: 2669.81,
        low: 2636.55,
        close: 2669.81,
        volume: null,
        halted: false,
      },
    ]);
  });

  it('reads a single file for any asset', async () => {
    const file = createCsvAdapter({ path: fixturePath('csv/GC=F.csv') });
    const { bars } = await file.fetchDaily({
      asset: asset('US500'),
      start: '2020-01-03',
      end: '2020-01-06',
    });
    expect(bars.map((bar) => bar.date)).toEqual(['2020-01-03', '2020-01-06']);
  });

  it('fails SOURCE_UNKNOWN_SYMBOL without a file for the asset', async () => {
    const pending = folder.fetchDaily({
      asset: asset('005930'),
      start: '2024-01-01',
      end: '2024-01-31',
    });
    await expect(pending).rejects.toMatchObject({ code: 'SOURCE_UNKNOWN_SYMBOL' });
    await expect(pending).rejects.toThrow('no 005930.csv in');
    const missing = createCsvAdapter({ path: fixturePath('no-such-folder') });
    await expect(
      missing.fetchDaily({ asset: asset('005930'), start: '2024-01-01', end: '2024-01-31' }),
    ).rejects.toMatchObject({ code: 'SOURCE_UNKNOWN_SYMBOL' });
  });

  it.each([
    ['005930', 'line 3: seventy-seven is not a number'],
    ['000660', 'the header lacks open, high, low'],
    ['069500', 'line 2: "01/02/2024" is not a YYYY-MM-DD or YYYYMMDD date'],
  ])('fails SOURCE_BAD_RESPONSE, final, for the malformed %s.csv', async (id, problem) => {
    const malformed = createCsvAdapter({ path: fixturePath('csv-malformed') });
    const pending = malformed.fetchDaily({
      asset: asset(id),
      start: '2024-01-01',
      end: '2024-01-31',
    });
    await expect(pending).rejects.toMatchObject({ code: 'SOURCE_BAD_RESPONSE', retryable: false });
    await expect(pending).rejects.toThrow(problem);
  });
});
