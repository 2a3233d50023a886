import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Asset } from '../catalog/assets.js';
import type { RawBar } from '../contracts/events.js';
import { AppError, errorMessage } from '../errors.js';
import type { SourceAdapter } from './source-adapter.js';
import { barDate, isInWindow } from './source-dates.js';

const REQUIRED_COLUMNS = ['date', 'open', 'high', 'low', 'close'] as const;

/**
 * The file name of an asset in a CSV folder: its id or source symbol with the characters a file
 * name cannot hold (`/ \ : * ? " < > |`) replaced by `_`, so `BTC/KRW` is `BTC_KRW.csv` and
 * `GC=F` stays `GC=F.csv`.
 */
export function csvFileName(idOrSymbol: string): string {
  return `${idOrSymbol.replace(/[\\/:*?"<>|]/g, '_')}.csv`;
}

function badFile(file: string, problem: string): AppError {
  // A file does not change between attempts: retrying it is pointless.
  return new AppError('SOURCE_BAD_RESPONSE', `${file}: ${problem}`, { retryable: false });
}

const isFile = (path: string) =>
  stat(path).then(
    (info) => info.isFile(),
    () => false,
  );

/** The file to read for an asset: `path` itself, or the asset's file in the folder `path`. */
async function locate(path: string, asset: Asset): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) {
    throw new AppError('SOURCE_UNKNOWN_SYMBOL', `no CSV file or folder at ${path}`);
  }
  if (!info.isDirectory()) return path;
  const names = [...new Set([csvFileName(asset.id), csvFileName(asset.sourceSymbol)])];
  for (const name of names) {
    if (await isFile(join(path, name))) return join(path, name);
  }
  throw new AppError('SOURCE_UNKNOWN_SYMBOL', `no ${names.join(' or ')} in ${path}`);
}

const unquote = (cell: string) => cell.trim().replace(/^"(.*)"$/, '$1');

/**
 * CSV files as spreadsheets and Yahoo's download export them:
 *
 * ```
 * Date,Open,High,Low,Close,Adj Close,Volume
 * 2024-01-02,2073.5,2079.9,2054.6,2064.4,2064.4,1420
 * 20240103,2061.6,2067.7,2032.4,,,
 * ```
 *
 * Column names are matched without regard to case or order; Date, Open, High, Low and Close are
 * required, Volume is optional, others (Adj Close) are ignored. Dates are YYYY-MM-DD or
 * YYYYMMDD (one naming no real day, 20260230, stays as written for the validator to reject).
 * An empty cell or `null` is a missing value. Fields are not quoted around commas.
 * Rows may come in any order; blank lines are skipped.
 */
function parseCsv(text: string, file: string): RawBar[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const columns = (lines[0] ?? '').split(',').map((cell) => unquote(cell).toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.includes(name));
  if (missing.length > 0) throw badFile(file, `the header lacks ${missing.join(', ')}`);

  const bars: RawBar[] = [];
  lines.forEach((line, index) => {
    if (index === 0 || line.trim() === '') return;
    const cells = line.split(',').map(unquote);
    // A column the header lacks (Volume) reads as empty cells.
    const cell = (name: string) => cells[columns.indexOf(name)] ?? '';
    const value = (name: string): number | null => {
      const text = cell(name);
      if (text === '' || text.toLowerCase() === 'null') return null;
      const number = Number(text);
      if (!Number.isFinite(number))
        throw badFile(file, `line ${index + 1}: ${text} is not a number`);
      return number;
    };
    const date = cell('date');
    if (!/^\d{4}-?\d{2}-?\d{2}$/.test(date)) {
      throw badFile(file, `line ${index + 1}: "${date}" is not a YYYY-MM-DD or YYYYMMDD date`);
    }
    bars.push({
      date: barDate(date),
      open: value('open'),
      high: value('high'),
      low: value('low'),
      close: value('close'),
      volume: value('volume'),
      halted: false,
    });
  });
  return bars.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * Bars from CSV files: `path` is one file (read for whatever asset is asked) or a folder holding
 * one file per asset, named by `csvFileName` of the asset id or, failing that, of its source
 * symbol. A missing file is SOURCE_UNKNOWN_SYMBOL; a malformed one SOURCE_BAD_RESPONSE, final.
 */
export function createCsvAdapter(options: { path: string }): SourceAdapter {
  return {
    name: 'csv',
    async fetchDaily({ asset, start, end, signal }) {
      const file = await locate(options.path, asset);
      let text: string;
      try {
        text = await readFile(file, { encoding: 'utf8', signal });
      } catch (error) {
        if (signal?.aborted) throw error;
        throw badFile(file, `cannot be read (${errorMessage(error)})`);
      }
      const bars = parseCsv(text, file).filter((bar) => isInWindow(bar.date, start, end));
      return { bars, attempts: 1 };
    },
  };
}
