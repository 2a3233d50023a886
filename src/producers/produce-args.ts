import { Command } from 'commander';
import { compareIsoDates } from '../calendar/iso-date.js';
import { type Asset, DEFAULT_CATALOG, SOURCES, type SourceName } from '../catalog/assets.js';
import {
  dateRange,
  integerOption,
  invalid,
  parseOptions,
  selectAssets,
  sourceOption,
} from '../cli/cli-options.js';

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
 * Parses and checks `produce` arguments before anything is sent: real dates, start not after
 * end, end not after today, known assets and sources. Every failure is one ARGUMENT_INVALID (or
 * UNKNOWN_ASSET) line saying how to fix it.
 */
export function parseProduceArgs(
  argv: string[],
  options: { today: string; catalog?: readonly Asset[] | 'later' },
): ProduceArgs {
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
    .option('--chunk-days <n>', 'longest window of one unit, in days', integerOption(1, 3650), 365)
    .option('--concurrency <n>', 'assets fetched at once', integerOption(1, 64), 4);
  if (!parseOptions(program, argv)) throw new HelpShown();
  const raw = program.opts<{
    start: string;
    end: string;
    assets?: string;
    source?: string;
    csvPath?: string;
    jobName: string;
    chunkDays: number;
    concurrency: number;
  }>();

  const { start, end } = dateRange(raw.start, raw.end);
  if (compareIsoDates(end, options.today) > 0) {
    invalid(`--end ${end} is in the future (today is ${options.today}); end at today or before`);
  }
  const source = sourceOption(raw.source);
  if (source === 'csv' && raw.csvPath === undefined) {
    invalid('--source csv needs --csv-path <file or folder>');
  }
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

  return {
    start,
    end,
    assets,
    source,
    jobName: raw.jobName,
    chunkDays: raw.chunkDays,
    concurrency: raw.concurrency,
    csvPath: raw.csvPath,
  };
}

/** `--help` was printed: the command ends there with exit code 0. */
export class HelpShown extends Error {}
