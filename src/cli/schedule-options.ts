import { Command } from 'commander';
import { invalid } from '../errors.js';
import { checkCron } from '../schedule/cron-trigger.js';
import type { ScheduleArgs } from '../schedule/daily-scheduler.js';
import { SCHEDULE_ZONE } from '../schedule/daily-window.js';
import { integerOption, parseOptions, sourceOption } from './cli-options.js';

export const DEFAULT_CRON = '0 18 * * *';
export const DEFAULT_DAYS = 7;

/**
 * Parses `schedule` arguments and checks the cron pattern and zone before anything starts;
 * undefined when `--help` was printed. `kafka` tells the default healthcheck delay.
 */
export function parseScheduleArgs(
  argv: readonly string[],
  options: { kafka: boolean },
): ScheduleArgs | undefined {
  const program = new Command('schedule')
    .description(
      'run the daily job (produce over the last days, then healthcheck) on a cron schedule',
    )
    .option('--cron <pattern>', 'when to run: 5 cron fields, or 6 with seconds first', DEFAULT_CRON)
    .option('--timezone <zone>', 'the IANA time zone the pattern is read in', SCHEDULE_ZONE)
    .option(
      '--days <n>',
      'days each run fetches, ending today in Asia/Seoul',
      integerOption(1, 3650),
      DEFAULT_DAYS,
    )
    .option(
      '--source <name>',
      "fetch and check every asset from the sample source (offline); default: each asset's own",
    )
    .option('--log-dir <dir>', 'folder of the daily log files collect_YYYYMMDD.log', 'logs')
    .option('--once', 'run the daily job once now and exit with its code')
    .option(
      '--stop-timeout <seconds>',
      'on SIGINT/SIGTERM, how long to let a running job finish before stopping it',
      integerOption(0, 86_400),
      300,
    )
    .option(
      '--healthcheck-delay <seconds>',
      'wait between produce and healthcheck (default: 60 with KAFKA_BROKERS, else 0)',
      integerOption(0, 3600),
    )
    .option(
      '--metrics-port <n>',
      'port of /metrics, /healthz and /readyz (0: off; default METRICS_PORT, else 9474)',
      integerOption(0, 65_535),
    );
  if (!parseOptions(program, argv)) return undefined;
  const raw = program.opts<{
    cron: string;
    timezone: string;
    days: number;
    source?: string;
    logDir: string;
    once?: boolean;
    stopTimeout: number;
    healthcheckDelay?: number;
    metricsPort?: number;
  }>();
  checkCron(raw.cron, raw.timezone);
  const source = sourceOption(raw.source);
  // The schedule fetches the whole catalog: only a source that serves any asset without more
  // options fits (csv would need --csv-path, naver/yahoo/upbit serve only their own assets).
  if (source !== undefined && source !== 'sample') {
    invalid(
      `--source ${source} cannot serve the whole catalog on a schedule; use --source sample, or leave it out to fetch each asset from its own source`,
    );
  }
  return {
    cron: raw.cron.trim(),
    timeZone: raw.timezone,
    days: raw.days,
    source,
    logDir: raw.logDir,
    once: raw.once === true,
    stopTimeoutSeconds: raw.stopTimeout,
    healthcheckDelaySeconds: raw.healthcheckDelay ?? (options.kafka ? 60 : 0),
    metricsPort: raw.metricsPort,
  };
}
