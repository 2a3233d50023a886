import { createLogger } from '../logging/logger.js';
import { startScheduleObservability } from '../metrics/schedule-observability.js';
import { startCliChild } from '../schedule/child-command.js';
import { createDailyScheduler, runExitCode } from '../schedule/daily-scheduler.js';
import { createRunLog } from '../schedule/run-log.js';
import { type CommandContext, runCommand } from './run-command.js';
import { parseScheduleArgs } from './schedule-options.js';
import { onParentExit, REPEAT_WINDOW_MS, type StopReason } from './shutdown.js';

/**
 * `npm run schedule [-- --cron "0 18 * * *"] [--timezone Asia/Seoul] [--days 7] [--once] ...`:
 * the always-on daily scheduler. Each trigger runs `produce` over the last days, then
 * `healthcheck`, as child processes; a trigger that finds a run going is skipped. The first
 * SIGINT/SIGTERM (or the exit of the process that started it, e.g. `npm run`) stops the triggers
 * and lets a running job finish (up to --stop-timeout), a second one terminates it. `--once`
 * runs one job now and exits with its code. Always-on, it serves /metrics (stale assets, job
 * outcomes), /healthz and /readyz (see docs/operations.md).
 */
async function main({ settings, argv }: CommandContext): Promise<number> {
  const args = parseScheduleArgs(argv, { kafka: settings.kafka.brokers !== undefined });
  if (args === undefined) return 0;
  const runLog = createRunLog({
    format: settings.log.format,
    onFileError: (error) => console.error(`scheduler: cannot write the log file: ${error.message}`),
  });
  const logger = createLogger({ component: 'scheduler', ...settings.log, destination: runLog });
  const scheduler = createDailyScheduler({
    args,
    logger,
    runLog,
    // Children log JSON, so the day's file is JSON lines; the run log prettifies stdout if asked.
    startChild: (name, childArgs, options) =>
      startCliChild(name, childArgs, { ...options, env: { ...process.env, LOG_FORMAT: 'json' } }),
  });

  let stoppingSince: number | undefined;
  const stopped = new Promise<StopReason>((resolve) => {
    const onSignal = (signal: StopReason) => {
      if (stoppingSince === undefined) {
        stoppingSince = Date.now();
        logger.info(
          { signal },
          signal === 'parent-exit'
            ? 'the process that started the scheduler exited: stopping the scheduler'
            : `${signal}: stopping the scheduler`,
        );
        resolve(signal);
      } else if (Date.now() - stoppingSince >= REPEAT_WINDOW_MS) {
        scheduler.terminateRun();
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    onParentExit(() => onSignal('parent-exit'));
  });

  if (args.once) {
    logger.info({ days: args.days, source: args.source }, 'running the daily job once');
    const result = scheduler.trigger() as NonNullable<ReturnType<typeof scheduler.trigger>>;
    void stopped.then(() => scheduler.stop());
    return runExitCode(await result);
  }

  const observability = await startScheduleObservability({
    settings,
    logger,
    metricsPort: args.metricsPort,
    source: args.source,
  });
  const next = scheduler.start();
  logger.info(
    { cron: args.cron, timeZone: args.timeZone, days: args.days, next: next?.toISOString() },
    `scheduler started: "${args.cron}" in ${args.timeZone}, next run at ${next?.toISOString() ?? 'never'}; each run fetches the last ${args.days} day(s), then checks freshness`,
  );
  await stopped;
  await scheduler.stop();
  await observability.close();
  logger.info('scheduler stopped');
  return 0;
}

await runCommand('scheduler', main);
