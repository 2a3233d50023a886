import { Command } from 'commander';
import type { IsoDate } from '../calendar/iso-date.js';
import { SOURCES, type SourceName } from '../catalog/assets.js';
import { invalid } from '../errors.js';
import {
  dateRange,
  endNotInFuture,
  parseOptions,
  sourceOption,
  type WindowOptions,
} from './cli-options.js';

export interface ReportArgs {
  start: IsoDate;
  end: IsoDate;
  /** `--assets` as given, checked against the asset table once the database is open. */
  assetList: string | undefined;
  source: SourceName | undefined;
  /** Where to write the Markdown report; undefined prints only. */
  out: string | undefined;
}

/**
 * Parses `report` arguments as produce checks its own: real dates, start not after end, end not
 * after today, known sources. Undefined when `--help` was printed.
 */
export function parseReportArgs(
  argv: readonly string[],
  options: { today: IsoDate },
): ReportArgs | undefined {
  const program = new Command('report')
    .description('per asset: rows, first and last date, expected and missing sessions, flags')
    .requiredOption('--start <date>', 'first date of the range, YYYY-MM-DD')
    .requiredOption('--end <date>', 'last date of the range, YYYY-MM-DD (not after today)')
    .option('--assets <ids>', 'comma-separated asset ids (default: the whole catalog)')
    .option(
      '--source <name>',
      `report this source's rows for every asset (${SOURCES.join(', ')}); default: each asset's own`,
    )
    .option('--out <file>', 'also write the report as Markdown to this file');
  if (!parseOptions(program, argv)) return undefined;
  const raw = program.opts<WindowOptions & { out?: string }>();
  const { start, end } = dateRange(raw.start, raw.end);
  endNotInFuture(end, options.today);
  if (raw.out?.trim() === '') invalid('--out needs a file name, e.g. docs/backfill-report.md');
  return {
    start,
    end,
    assetList: raw.assets,
    source: sourceOption(raw.source),
    out: raw.out,
  };
}
