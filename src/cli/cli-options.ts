import { type Command, InvalidArgumentError } from 'commander';
import { compareIsoDates, type IsoDate, isIsoDate } from '../calendar/iso-date.js';
import { type Asset, SOURCES, type SourceName } from '../catalog/assets.js';
import { AppError, invalid } from '../errors.js';

/**
 * Parses `argv` with a commander program set up to throw instead of exiting. Returns false when
 * `--help` was printed (the command then ends with 0); a parse error is one ARGUMENT_INVALID
 * line pointing at `npm run <name> -- --help`.
 */
export function parseOptions(program: Command, argv: readonly string[]): boolean {
  program
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: (text) => process.stdout.write(text) });
  try {
    program.parse([...argv], { from: 'user' });
    return true;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === 'commander.helpDisplayed' || code === 'commander.help') return false;
    return invalid(`${message.replace(/^error: /, '')}; see npm run ${program.name()} -- --help`);
  }
}

/** A commander parser for an integer from `min` to `max`. */
export function integerOption(min: number, max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
    }
    return number;
  };
}

/** A known source name, or ARGUMENT_INVALID listing the valid ones. */
export function sourceOption(value: string | undefined): SourceName | undefined {
  if (value === undefined) return undefined;
  if (!(SOURCES as readonly string[]).includes(value)) {
    invalid(`unknown source "${value}"; valid sources: ${SOURCES.join(', ')}`);
  }
  return value as SourceName;
}

/** A real `YYYY-MM-DD` date, or ARGUMENT_INVALID naming the flag. */
export function dateOption(flag: string, value: string): IsoDate {
  if (!isIsoDate(value)) invalid(`${flag} must be a real date as YYYY-MM-DD (got "${value}")`);
  return value;
}

/** `--start` and `--end` as produce checks them: real dates, start not after end. */
export function dateRange(start: string, end: string): { start: IsoDate; end: IsoDate } {
  dateOption('--start', start);
  dateOption('--end', end);
  if (compareIsoDates(start, end) > 0) {
    invalid(`--start ${start} is after --end ${end}; give the earlier date first`);
  }
  return { start, end };
}

/** `--end` not after `today`: the sources have no bars of days still to come. */
export function endNotInFuture(end: IsoDate, today: IsoDate): void {
  if (compareIsoDates(end, today) > 0) {
    invalid(`--end ${end} is in the future (today is ${today}); end at today or before`);
  }
}

/** The options, as commander returns them, of a command over a window of days and assets. */
export interface WindowOptions {
  start: string;
  end: string;
  assets?: string;
  source?: string;
}

/** An instant given as an ISO 8601 date-time (`--now`), or ARGUMENT_INVALID. */
export function instantOption(flag: string, value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    invalid(`${flag} must be an ISO 8601 date-time such as 2026-02-12T09:00:00Z (got "${value}")`);
  }
  return date;
}

/**
 * The assets of a comma-separated id list (the whole catalog when undefined); an unknown id is
 * one UNKNOWN_ASSET line with the valid ids.
 */
export function selectAssets(list: string | undefined, catalog: readonly Asset[]): Asset[] {
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
