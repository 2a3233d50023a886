import { Command, InvalidArgumentError } from 'commander';
import { compareIsoDates, isIsoDate } from '../calendar/iso-date.js';
import { type Asset, DEFAULT_CATALOG, SOURCES, type SourceName } from '../catalog/assets.js';
import { AppError } from '../errors.js';

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

function positiveInteger(max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < 1 || number > max) {
      throw new InvalidArgumentError(`must be an integer from 1 to ${max}`);
    }
    return number;
  };
}

function invalid(message: string): never {
  throw new AppError('ARGUMENT_INVALID', message);
}

/**
 * Parses and checks `produce` arguments before anything is sent: real dates, start not after
 * end, end not after today, known assets and sources. Every failure is one ARGUMENT_INVALID (or
 * UNKNOWN_ASSET) line saying how to fix it.
 */
export function parseProduceArgs(
  argv: string[],
  options: { today: string; catalog?: readonly Asset[] },
): ProduceArgs {
  const catalog = options.catalog ?? DEFAULT_CATALOG;
  const program = new Command('produce')
    .description('fetch daily bars for the catalog and publish them as raw events')
    .requiredOption('--start <date>', 'first date of the window, YYYY-MM-DD')
    .requiredOption('--end <date>', 'last date of the window, YYYY-MM-DD (not after today)')
    .option('--assets <ids>', 'comma-separated asset ids (default: the whole catalog)')
    .option('--source <name>', `fetch every asset from this source: ${SOURCES.join(', ')}`)
    .option('--csv-path <path>', 'file or folder of CSV files for --source csv')
    .option('--job-name <name>', 'name recorded in job_run', 'produce')
    .option('--chunk-days <n>', 'longest window of one unit, in days', positiveInteger(3650), 365)
    .option('--concurrency <n>', 'assets fetched at once', positiveInteger(64), 4)
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: (text) => process.stdout.write(text) });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === 'commander.helpDisplayed') throw error;
    invalid(`${message.replace(/^error: /, '')}; see npm run produce -- --help`);
  }
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

  for (const [flag, value] of [
    ['--start', raw.start],
    ['--end', raw.end],
  ] as const) {
    if (!isIsoDate(value)) invalid(`${flag} must be a real date as YYYY-MM-DD (got "${value}")`);
  }
  if (compareIsoDates(raw.start, raw.end) > 0) {
    invalid(`--start ${raw.start} is after --end ${raw.end}; give the earlier date first`);
  }
  if (compareIsoDates(raw.end, options.today) > 0) {
    invalid(
      `--end ${raw.end} is in the future (today is ${options.today}); end at today or before`,
    );
  }

  let source: SourceName | undefined;
  if (raw.source !== undefined) {
    if (!(SOURCES as readonly string[]).includes(raw.source)) {
      invalid(`unknown source "${raw.source}"; valid sources: ${SOURCES.join(', ')}`);
    }
    source = raw.source as SourceName;
  }
  if (source === 'csv' && raw.csvPath === undefined) {
    invalid('--source csv needs --csv-path <file or folder>');
  }

  const assets = selectAssets(raw.assets, catalog);
  if (source !== undefined && !SOURCES_OVERRIDING_ANY_ASSET.includes(source)) {
    const elsewhere = assets.filter((asset) => asset.source !== source).map((asset) => asset.id);
    if (elsewhere.length > 0) {
      invalid(
        `asset(s) ${elsewhere.join(', ')} cannot be fetched from ${source}; pick assets whose source is ${source}, or use --source sample or csv`,
      );
    }
  }

  return {
    start: raw.start,
    end: raw.end,
    assets,
    source,
    jobName: raw.jobName,
    chunkDays: raw.chunkDays,
    concurrency: raw.concurrency,
    csvPath: raw.csvPath,
  };
}

function selectAssets(list: string | undefined, catalog: readonly Asset[]): Asset[] {
  if (list === undefined) return [...catalog];
  const ids = [
    ...new Set(
      list
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    ),
  ];
  const unknown = ids.filter((id) => !catalog.some((asset) => asset.id === id));
  if (unknown.length > 0 || ids.length === 0) {
    throw new AppError(
      'UNKNOWN_ASSET',
      `unknown asset${unknown.length === 1 ? '' : 's'} ${unknown.join(', ') || '(none given)'}; valid ids: ${catalog.map((asset) => asset.id).join(', ')}`,
    );
  }
  return ids.map((id) => catalog.find((asset) => asset.id === id) as Asset);
}
