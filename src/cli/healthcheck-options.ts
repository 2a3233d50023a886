import { Command, Option } from 'commander';
import { SOURCES, type SourceName } from '../catalog/assets.js';
import { instantOption, parseOptions, sourceOption } from './cli-options.js';

export interface HealthcheckArgs {
  json: boolean;
  source: SourceName | undefined;
  /** The instant to check at: now, unless a test fixes it with `--now`. */
  now: Date;
}

/** Parses `healthcheck` arguments; undefined when `--help` was printed. */
export function parseHealthcheckArgs(
  argv: readonly string[],
  clock: () => Date,
): HealthcheckArgs | undefined {
  const program = new Command('healthcheck')
    .description(
      'compare the latest stored date of every asset with the session its calendar says it should have',
    )
    .option('--json', 'print one JSON document instead of the table')
    .option(
      '--source <name>',
      `check this source's rows for every asset (${SOURCES.join(', ')}); default: each asset's own`,
    )
    // For tests and post-mortems: judge freshness as of another instant.
    .addOption(new Option('--now <iso>', 'check as of this instant (ISO 8601)').hideHelp());
  if (!parseOptions(program, argv)) return undefined;
  const raw = program.opts<{ json?: boolean; source?: string; now?: string }>();
  return {
    json: raw.json === true,
    source: sourceOption(raw.source),
    now: raw.now === undefined ? clock() : instantOption('--now', raw.now),
  };
}
