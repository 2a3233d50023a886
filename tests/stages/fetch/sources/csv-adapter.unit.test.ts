import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { RawBar } from '../../../../src/contracts/events.js';
import { createCsvAdapter, csvFileName } from '../../../../src/stages/fetch/sources/csv-adapter.js';
import { duplicateDates, priceRejections } from '../../../../src/stages/validate/bar-rules.js';
import { barRow, fetchWindow } from './adapter-cases.js';
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
    const result = await fetchWindow(folder, asset('BTC/KRW'), '2024-01-02', '2024-01-31');
    expect(result.attempts).toBe(1);
    expect(result.bars).toEqual([
      barRow('2024-01-02', 58300000, 60000000, 58010000, 59600000, 3876.02),
      barRow('2024-01-03', 59600000, 60100000, 54000000, 56100000, 5820.77),
      barRow('2024-01-04', 56100000, 57500000, 55800000, 57200000, null),
    ]);
  });

  it('accepts any header case, ignores Adj Close, reads YYYYMMDD and sorts the rows', async () => {
    const { bars } = await fetchWindow(folder, asset('GC=F'), '2020-01-01', '2020-01-31');
    expect(bars.map((bar) => bar.date)).toEqual([
      '2020-01-02',
      '2020-01-03',
      '2020-01-06',
      '2020-01-07',
    ]);
    expect(bars[0]).toEqual(barRow('2020-01-02', 1518.1, 1528.7, 1518, 1524.5, 214));
    expect(bars[3]).toMatchObject({ low: null, close: 1574.3, volume: null });
  });

  it('falls back to the source symbol, and reads a file without Volume', async () => {
    const { bars } = await fetchWindow(folder, asset('KS11'), '2024-01-01', '2024-01-31');
    expect(bars).toEqual([barRow('2024-01-02', 2645.47, 2669.81, 2636.55, 2669.81, null)]);
  });

  it('reads a single file for any asset', async () => {
    const file = createCsvAdapter({ path: fixturePath('csv/GC=F.csv') });
    const { bars } = await fetchWindow(file, asset('US500'), '2020-01-03', '2020-01-06');
    expect(bars.map((bar) => bar.date)).toEqual(['2020-01-03', '2020-01-06']);
  });

  it('fails SOURCE_UNKNOWN_SYMBOL without a file for the asset', async () => {
    const pending = fetchWindow(folder, asset('005930'), '2024-01-01', '2024-01-31');
    await expect(pending).rejects.toMatchObject({ code: 'SOURCE_UNKNOWN_SYMBOL' });
    await expect(pending).rejects.toThrow('no 005930.csv in');
    const missing = createCsvAdapter({ path: fixturePath('no-such-folder') });
    await expect(
      fetchWindow(missing, asset('005930'), '2024-01-01', '2024-01-31'),
    ).rejects.toMatchObject({ code: 'SOURCE_UNKNOWN_SYMBOL' });
  });

  it('fails SOURCE_BAD_RESPONSE, final, for a header without the required columns', async () => {
    const malformed = createCsvAdapter({ path: fixturePath('csv-malformed') });
    const pending = fetchWindow(malformed, asset('000660'), '2024-01-01', '2024-01-31');
    await expect(pending).rejects.toMatchObject({ code: 'SOURCE_BAD_RESPONSE', retryable: false });
    await expect(pending).rejects.toThrow('the header lacks open, high, low');
  });

  it('passes a row with an unreadable cell on as an empty bar the validator rejects, and logs it', async () => {
    const { logger, lines } = captureLogger();
    const malformed = createCsvAdapter({ path: fixturePath('csv-malformed'), logger });
    const { bars } = await fetchWindow(malformed, asset('005930'), '2024-01-01', '2024-01-31');
    expect(bars).toEqual([
      barRow('2024-01-02', 78200, 79800, 78200, 79600, 17142847),
      { ...EMPTY, date: '2024-01-03' },
    ]);
    expect(priceRejections(bars[1] as RawBar).map((r) => r.code)).toContain('price_missing');
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatch(/1 row\(s\) could not be read.*line 3: close "seventy-seven"/);
  });

  it('drops a row whose date is unreadable and keeps the others', async () => {
    const { logger, lines } = captureLogger();
    const malformed = createCsvAdapter({ path: fixturePath('csv-malformed'), logger });
    const { bars } = await fetchWindow(malformed, asset('069500'), '2024-01-01', '2024-01-31');
    expect(bars).toEqual([]);
    expect(lines()[0]).toMatch(/line 2: "01\/02\/2024" is not a YYYY-MM-DD or YYYYMMDD date/);
  });
});

const EMPTY = { open: null, high: null, low: null, close: null, volume: null, halted: false };

describe('createCsvAdapter on hostile files', () => {
  const files: string[] = [];
  const folder = mkdtempSync(join(tmpdir(), 'csv-adapter-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const path = join(folder, name);
    writeFileSync(path, text);
    files.push(path);
    return path;
  };
  const barsOf = async (path: string, start = '2024-01-01', end = '2024-12-31') =>
    (await fetchWindow(createCsvAdapter({ path }), asset('005930'), start, end)).bars;

  it.each([
    ['abc', 'abc'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['a quoted thousands separator', '"1,234"'],
    ['hexadecimal', '0x64'],
    ['an exponent', '1e2'],
    ['a trailing letter', '100x'],
  ])('rejects only the row whose close is %s', async (_what, cell) => {
    const path = write(
      `${randomUUID()}.csv`,
      `Date,Open,High,Low,Close,Volume\n2024-01-02,10,12,9,11,5\n2024-01-03,10,12,9,${cell},5\n2024-01-04,11,13,10,12,6\n`,
    );
    const bars = await barsOf(path);
    expect(bars.map((bar) => [bar.date, bar.close])).toEqual([
      ['2024-01-02', 11],
      ['2024-01-03', null],
      ['2024-01-04', 12],
    ]);
    expect(bars[1]).toEqual({ ...EMPTY, date: '2024-01-03' });
  });

  it('reads plain decimals with a sign or a leading dot, and quoted cells', async () => {
    const path = write(
      `${randomUUID()}.csv`,
      'Date,Open,High,Low,Close,Volume\n"2024-01-02","10.5",+12,.5,11.,0\n',
    );
    expect(await barsOf(path)).toEqual([
      { date: '2024-01-02', open: 10.5, high: 12, low: 0.5, close: 11, volume: 0, halted: false },
    ]);
  });

  it('reads CR-only line endings', async () => {
    const path = write(
      `${randomUUID()}.csv`,
      'Date,Open,High,Low,Close\r2024-01-02,10,12,9,11\r2024-01-03,11,13,10,12\r',
    );
    expect((await barsOf(path)).map((bar) => bar.close)).toEqual([11, 12]);
  });

  it('reads a file once for every unit and asset, keeping only the rows of the job window', async () => {
    const path = write(
      `${randomUUID()}.csv`,
      'Date,Open,High,Low,Close\n2023-12-29,1,1,1,1\n2024-01-02,10,12,9,11\n2024-02-01,11,13,10,12\n',
    );
    const adapter = createCsvAdapter({ path, keep: { start: '2024-01-01', end: '2024-12-31' } });
    const first = await fetchWindow(adapter, asset('005930'), '2024-01-01', '2024-01-31');
    expect(first.bars.map((bar) => bar.date)).toEqual(['2024-01-02']);
    // Changed on disk to a file without a header: the next unit and the next asset are served
    // from the one reading, so they do not see it.
    writeFileSync(path, 'not a csv\n');
    const second = await fetchWindow(adapter, asset('000660'), '2024-02-01', '2024-02-29');
    expect(second.bars.map((bar) => bar.date)).toEqual(['2024-02-01']);
    const outside = await fetchWindow(adapter, asset('000660'), '2023-12-01', '2023-12-31');
    expect(outside.bars).toEqual([]);
  });

  it('keeps two rows of a date repeated many times: enough for the validator to reject it', async () => {
    const rows = Array.from({ length: 1000 }, () => '2024-01-02,10,12,9,11').join('\n');
    const path = write(`${randomUUID()}.csv`, `Date,Open,High,Low,Close\n${rows}\n`);
    const bars = await barsOf(path);
    expect(bars).toHaveLength(2);
    expect([...duplicateDates(bars)]).toEqual(['2024-01-02']);
  });

  it('refuses a FIFO in a folder instead of blocking on it', async () => {
    const sub = mkdtempSync(join(folder, 'fifo-'));
    execFileSync('mkfifo', [join(sub, '005930.csv')]);
    const pending = fetchWindow(
      createCsvAdapter({ path: sub }),
      asset('005930'),
      '2024-01-01',
      '2024-01-31',
    );
    await expect(pending).rejects.toMatchObject({ code: 'SOURCE_UNKNOWN_SYMBOL' });
    await expect(pending).rejects.toThrow('no 005930.csv in');
    await expect(pending).rejects.toThrow('(regular files only)');
    await expect(
      fetchWindow(
        createCsvAdapter({ path: join(sub, '005930.csv') }),
        asset('005930'),
        '2024-01-01',
        '2024-01-31',
      ),
    ).rejects.toThrow('is neither a regular file nor a folder');
  });
});

function captureLogger() {
  const out: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      out.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino({ level: 'warn' }, destination);
  return { logger, lines: () => out.map((line) => String(JSON.parse(line).msg)) };
}
