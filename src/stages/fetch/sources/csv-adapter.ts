import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import type { Asset } from '../../../catalog/assets.js';
import type { RawBar } from '../../../contracts/events.js';
import { AppError, errorMessage } from '../../../errors.js';
import type { Logger } from '../../../logging/logger.js';
import type { SourceAdapter } from './source-adapter.js';
import { barDate, isInWindow } from './source-dates.js';

const REQUIRED_COLUMNS = ['date', 'open', 'high', 'low', 'close'] as const;
const VALUE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** A plain decimal: no exponent, hex, thousands separator, NaN or Infinity. */
const PLAIN_DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;
const DATE = /^\d{4}-?\d{2}-?\d{2}$/;

/** Rows kept per date: two are enough for the validator to see the date twice and reject it. */
const ROWS_KEPT_PER_DATE = 2;
/** Unreadable rows quoted in the warning line; the rest are counted. */
const PROBLEMS_QUOTED = 5;

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

/**
 * The file to read for an asset: `path` itself, or the asset's file in the folder `path`. Only
 * regular files are read: a FIFO or a device would block the read for ever.
 */
async function locate(path: string, asset: Asset): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) {
    throw new AppError('SOURCE_UNKNOWN_SYMBOL', `no CSV file or folder at ${path}`);
  }
  if (info.isFile()) return path;
  if (!info.isDirectory()) {
    throw new AppError('SOURCE_UNKNOWN_SYMBOL', `${path} is neither a regular file nor a folder`);
  }
  const names = [...new Set([csvFileName(asset.id), csvFileName(asset.sourceSymbol)])];
  for (const name of names) {
    if (await isFile(join(path, name))) return join(path, name);
  }
  throw new AppError(
    'SOURCE_UNKNOWN_SYMBOL',
    `no ${names.join(' or ')} in ${path} (regular files only)`,
  );
}

/** A file's rows by date, read once; what could not be read is in `problems`. */
interface ParsedFile {
  byDate: Map<string, RawBar[]>;
  problems: string[];
  unreadableRows: number;
}

/**
 * One row as a bar, or why it is not one. A row with a readable date and an unreadable cell
 * becomes a bar without prices or volume: the validator rejects it (`price_missing`) and
 * reports it on `ohlcv.flagged`, while the file's other rows go on. Without a readable date a
 * row cannot belong to any unit; it is only counted and logged.
 */
function toBar(
  cell: (name: string) => string,
): { bar: RawBar; problem?: string } | { problem: string } {
  const date = cell('date');
  if (!DATE.test(date)) return { problem: `"${date}" is not a YYYY-MM-DD or YYYYMMDD date` };
  const bar: RawBar = {
    date: barDate(date),
    open: null,
    high: null,
    low: null,
    close: null,
    volume: null,
    halted: false,
  };
  for (const name of VALUE_COLUMNS) {
    const text = cell(name);
    if (text === '' || text.toLowerCase() === 'null') continue;
    if (!PLAIN_DECIMAL.test(text)) {
      const empty = { ...bar, open: null, high: null, low: null, close: null, volume: null };
      return { bar: empty, problem: `${name} "${text}" is not a plain decimal number` };
    }
    bar[name] = Number(text);
  }
  return { bar };
}

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
 * YYYYMMDD (one naming no real day, 20260230, stays as written for the validator to reject);
 * numbers plain decimals. An empty cell or `null` is a missing value. Fields may be
 * quoted; lines end in LF, CRLF or CR; blank lines are skipped; rows come in any order.
 *
 * The file is streamed: only the rows inside `keep` (the job's window) are held, at most two per
 * date, so memory follows the window, not the file's size.
 */
async function parseCsvFile(
  file: string,
  keep: { start: string; end: string } | undefined,
): Promise<ParsedFile> {
  const parser = createReadStream(file).pipe(
    parse({
      bom: true,
      trim: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      info: true,
    }),
  );
  const parsed: ParsedFile = { byDate: new Map(), problems: [], unreadableRows: 0 };
  const problem = (line: number, text: string) => {
    parsed.unreadableRows += 1;
    if (parsed.problems.length < PROBLEMS_QUOTED) parsed.problems.push(`line ${line}: ${text}`);
  };
  parser.on('skip', (error: Error & { lines?: number }) =>
    problem(error.lines ?? 0, error.message),
  );
  let columns: string[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (columns === undefined) {
        columns = record.map((name) => name.toLowerCase());
        const missing = REQUIRED_COLUMNS.filter((name) => !columns?.includes(name));
        if (missing.length > 0) throw badFile(file, `the header lacks ${missing.join(', ')}`);
        continue;
      }
      const header = columns;
      // A column the header lacks (Volume) reads as empty cells.
      const read = toBar((name) => record[header.indexOf(name)] ?? '');
      if (read.problem !== undefined) problem(info.lines, read.problem);
      if (!('bar' in read)) continue;
      if (keep !== undefined && !isInWindow(read.bar.date, keep.start, keep.end)) continue;
      const kept = parsed.byDate.get(read.bar.date) ?? [];
      if (kept.length < ROWS_KEPT_PER_DATE) parsed.byDate.set(read.bar.date, [...kept, read.bar]);
    }
  } catch (error) {
    parser.destroy();
    if (error instanceof AppError) throw error;
    throw badFile(file, `cannot be read (${errorMessage(error)})`);
  }
  if (columns === undefined) throw badFile(file, 'is empty: it needs a header line');
  return parsed;
}

function untilAborted<T>(pending: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return pending;
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

export interface CsvAdapterOptions {
  /** A CSV file, or a folder of one file per asset. */
  path: string;
  /** The job's whole window: rows outside it are skipped as the file streams by. */
  keep?: { start: string; end: string };
  /** Where the rows that could not be read are reported, one line per file. */
  logger?: Logger;
}

/**
 * Bars from CSV files: `path` is one file (read for whatever asset is asked) or a folder holding
 * one file per asset, named by `csvFileName` of the asset id or, failing that, of its source
 * symbol. Each file is read once per adapter, whatever the number of units and assets asking
 * for it. A missing file is SOURCE_UNKNOWN_SYMBOL; a file without the required header
 * SOURCE_BAD_RESPONSE, final; an unreadable row is rejected on its own (see `toBar`).
 */
export function createCsvAdapter(options: CsvAdapterOptions): SourceAdapter {
  const files = new Map<string, Promise<ParsedFile>>();
  const read = (file: string) => {
    let pending = files.get(file);
    if (pending === undefined) {
      pending = parseCsvFile(file, options.keep).then((parsed) => {
        if (parsed.unreadableRows > 0) {
          options.logger?.warn(
            { file, unreadableRows: parsed.unreadableRows, problems: parsed.problems },
            `${file}: ${parsed.unreadableRows} row(s) could not be read and are rejected (${parsed.problems.join('; ')}${parsed.unreadableRows > parsed.problems.length ? '; ...' : ''})`,
          );
        }
        return parsed;
      });
      files.set(file, pending);
    }
    return pending;
  };
  return {
    name: 'csv',
    async fetchDaily({ asset, start, end, signal }) {
      signal?.throwIfAborted();
      const file = await locate(options.path, asset);
      // The read is shared by every unit of the file: a unit's deadline stops its wait only.
      const { byDate } = await untilAborted(read(file), signal);
      const bars = [...byDate.entries()]
        .filter(([date]) => isInWindow(date, start, end))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .flatMap(([, rows]) => rows);
      return { bars, attempts: 1 };
    },
  };
}
