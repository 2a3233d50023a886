import { statSync } from 'node:fs';
import { Command } from 'commander';
import { compareIsoDates, daysBetween } from '../calendar/iso-date.js';
import { type Asset, DEFAULT_CATALOG, SOURCES, type SourceName } from '../catalog/assets.js';
import { invalid } from '../errors.js';
import { countUnits, MAX_UNITS_PER_JOB } from '../stages/fetch/plan-units.js';
import {
  dateRange,
  endNotInFuture,
  integerOption,
  parseOptions,
  selectAssets,
  sourceOption,
  type WindowOptions,
} from './cli-options.js';

export interface ProduceArgs {
  start: string;
  end: string;
  assets: Asset[];
  source: SourceName | undefined;
  jobName: string;
  chunkDays: number;
  concurrency: number;
  csvPath: string | undefined;
}

const SOURCES_OVERRIDING_ANY_ASSET: readonly SourceName[] = ['sample', 'csv'];

/**
 * The earliest `--start`: no source has daily bars from before it, and PostgreSQL has no year 0,
 * so an earlier date could only fail after the job had started.
 */
export const EARLIEST_START = '1900-01-01';

const MAX_CHUNK_DAYS = 3650;

/** The longest `--job-name`: it is a label in job_run, alerts and logs. */
const MAX_JOB_NAME = 100;

/**
 * Parses and checks `produce` arguments before anything is sent: real dates from EARLIEST_START,
 * start not after end, end not after today, known assets and sources, a job name, and at most
 * MAX_UNITS_PER_JOB units. Every failure is one ARGUMENT_INVALID (or
 * UNKNOWN_ASSET) line saying how to fix it. Undefined when `--help` was printed, as every
 * command's option parser answers.
 */
export function parseProduceArgs(
  argv: string[],
  options: { today: string; catalog?: readonly Asset[] | 'later' },
): ProduceArgs | undefined {
  const catalog = options.catalog ?? DEFAULT_CATALOG;
  const later = catalog === 'later';
  const program = new Command('produce')
    .description('fetch daily bars for the catalog and publish them as raw events')
    .requiredOption('--start <date>', 'first date of the window, YYYY-MM-DD')
    .requiredOption('--end <date>', 'last date of the window, YYYY-MM-DD (not after today)')
    .option('--assets <ids>', 'comma-separated asset ids (default: the whole catalog)')
    .option('--source <name>', `fetch every asset from this source: ${SOURCES.join(', ')}`)
    .option('--csv-path <path>', 'file or folder of CSV files for --source csv')
    .option('--job-name <name>', 'name recorded in job_run', 'produce')
    .option(
      '--chunk-days <n>',
      'longest window of one unit, in days',
      integerOption(1, MAX_CHUNK_DAYS),
      365,
    )
    .option('--concurrency <n>', 'assets fetched at once', integerOption(1, 64), 4);
  if (!parseOptions(program, argv)) return undefined;
  const raw = program.opts<
    WindowOptions & { csvPath?: string; jobName: string; chunkDays: number; concurrency: number }
  >();

  const { start, end } = dateRange(raw.start, raw.end);
  if (compareIsoDates(start, EARLIEST_START) < 0) {
    invalid(`--start ${start} is before ${EARLIEST_START}; no source has daily bars that old`);
  }
  const jobName = raw.jobName.trim();
  if (jobName === '' || jobName.length > MAX_JOB_NAME) {
    invalid(
      `--job-name must be 1 to ${MAX_JOB_NAME} characters (got ${JSON.stringify(raw.jobName)})`,
    );
  }
  endNotInFuture(end, options.today);
  const source = sourceOption(raw.source);
  if (source === 'csv' && raw.csvPath === undefined) {
    invalid('--source csv needs --csv-path <file or folder>');
  }
  if (raw.csvPath !== undefined) checkCsvPath(raw.csvPath);
  // 'later': the syntax is checked before the catalog is read; the assets once it is.
  const assets = later ? [] : selectAssets(raw.assets, catalog);
  if (source !== undefined && !SOURCES_OVERRIDING_ANY_ASSET.includes(source)) {
    const elsewhere = assets.filter((asset) => asset.source !== source).map((asset) => asset.id);
    if (elsewhere.length > 0) {
      invalid(
        `asset(s) ${elsewhere.join(', ')} cannot be fetched from ${source}; pick assets whose source is ${source}, or use --source sample or csv`,
      );
    }
  }

  const units = countUnits(assets.length, start, end, raw.chunkDays);
  if (units > MAX_UNITS_PER_JOB) {
    // The smallest chunk that fits: each asset may have MAX / assets units at most.
    const chunkDays = Math.ceil(
      (daysBetween(start, end) + 1) / Math.floor(MAX_UNITS_PER_JOB / assets.length),
    );
    const fix =
      chunkDays <= MAX_CHUNK_DAYS
        ? `use --chunk-days ${chunkDays} or more, or split the window into several runs`
        : 'split the window or the assets into several runs';
    invalid(
      `${assets.length} asset(s) over ${start}..${end} in chunks of ${raw.chunkDays} day(s) make ${units} units, more than ${MAX_UNITS_PER_JOB} in one job; ${fix}`,
    );
  }

  return {
    start,
    end,
    assets,
    source,
    jobName,
    chunkDays: raw.chunkDays,
    concurrency: raw.concurrency,
    csvPath: raw.csvPath,
  };
}

/**
 * `--csv-path` must name a regular file or a folder: a FIFO, socket or device would block the
 * read for ever (nothing writes to it) or never end.
 */
function checkCsvPath(path: string): void {
  const info = statSync(path, { throwIfNoEntry: false });
  if (info === undefined) invalid(`--csv-path ${path} does not exist; give a CSV file or a folder`);
  if (!info.isFile() && !info.isDirectory()) {
    invalid(
      `--csv-path ${path} is neither a regular file nor a folder; give a CSV file or a folder`,
    );
  }
}
