import { join } from 'node:path';
import type { SourceName } from '../catalog/assets.js';
import type { Logger } from '../logging/logger.js';
import { type CronTrigger, startCronTrigger } from './cron-trigger.js';
import { type DailyJob, type DailyJobResult, type StartChild, startDailyJob } from './daily-job.js';
import { dailyWindow, runLogName } from './daily-window.js';
import { createRunGuard } from './run-guard.js';
import type { RunLog } from './run-log.js';

/** What the scheduler runs and when: `npm run schedule`'s options (src/cli/schedule-options.ts). */
export interface ScheduleArgs {
  cron: string;
  timeZone: string;
  days: number;
  source: SourceName | undefined;
  logDir: string;
  /** Run the daily job once now and exit with its code (for systemd timers, Task Scheduler). */
  once: boolean;
  /** How long a stop request waits for a running job before terminating it. */
  stopTimeoutSeconds: number;
  healthcheckDelaySeconds: number;
  /** --metrics-port: where /metrics, /healthz and /readyz are served (0: off). */
  metricsPort: number | undefined;
}

export interface DailyScheduler {
  /** Starts the cron trigger; returns the next instant it fires. */
  start(): Date | null;
  /**
   * One trigger: starts a run, or logs it as skipped (and returns undefined) when one is
   * running. The cron calls this; `--once` calls it directly.
   */
  trigger(): Promise<DailyJobResult> | undefined;
  /**
   * Graceful stop: no trigger after this; a running job may finish for up to the stop timeout,
   * then it is terminated. Resolves when nothing runs.
   */
  stop(): Promise<void>;
  /** Terminates the running job now (a second signal). */
  terminateRun(): void;
}

export interface DailySchedulerOptions {
  args: ScheduleArgs;
  logger: Logger;
  runLog: RunLog;
  startChild: StartChild;
  clock?: () => Date;
}

/** The exit code of a `--once` run: produce's when it failed, else the healthcheck's. */
export function runExitCode(result: DailyJobResult): number {
  if (result.produce !== 0) return result.produce;
  return result.healthcheck ?? 1;
}

/**
 * The always-on daily scheduler: a croner trigger, one run at a time (a trigger that finds a
 * run going is skipped and logged, never queued), each run logged to stdout and appended to
 * `<log-dir>/collect_YYYYMMDD.log` (its date in Asia/Seoul) with its children's output.
 */
export function createDailyScheduler(options: DailySchedulerOptions): DailyScheduler {
  const { args, logger, runLog, startChild } = options;
  const clock = options.clock ?? (() => new Date());
  const guard = createRunGuard();
  let cron: CronTrigger | undefined;
  let triggers = 0;
  let running: { trigger: number; job: DailyJob | undefined } | undefined;

  const runJob = async (trigger: number, at: Date): Promise<DailyJobResult> => {
    running = { trigger, job: undefined };
    const logFile = join(args.logDir, runLogName(at));
    await runLog.open(logFile);
    const runLogger = logger.child({ trigger });
    try {
      const { start, end } = dailyWindow(at, args.days);
      runLogger.info(
        { start, end, days: args.days, source: args.source, logFile },
        `trigger ${trigger}: run started, produce ${start}..${end} then healthcheck (log ${logFile})`,
      );
      const job = startDailyJob({
        now: at,
        days: args.days,
        source: args.source,
        healthcheckDelaySeconds: args.healthcheckDelaySeconds,
        logger: runLogger,
        onChildLine: (line) => runLog.write(`${line}\n`),
        startChild,
      });
      running.job = job;
      const result = await job.result;
      const health =
        result.healthcheck === null
          ? 'healthcheck not run'
          : result.healthcheck === 0
            ? 'healthcheck: all fresh'
            : `healthcheck exit ${result.healthcheck}${result.healthcheck === 1 ? ' (stale data or database unreachable)' : ''}`;
      const message = `trigger ${trigger}: run finished in ${(result.elapsedMs / 1000).toFixed(1)} s: produce exit ${result.produce}, ${health}${result.terminated ? ' (terminated by a stop request)' : ''}`;
      if (runExitCode(result) === 0) runLogger.info({ result }, message);
      else runLogger.warn({ result }, message);
      return result;
    } catch (error) {
      runLogger.error({ err: error }, `trigger ${trigger}: run failed`);
      throw error;
    } finally {
      running = undefined;
      await runLog.closeFile();
    }
  };

  const trigger = (): Promise<DailyJobResult> | undefined => {
    const number = ++triggers;
    const busy = running?.trigger;
    const at = clock();
    const result = guard.tryRun(() => runJob(number, at));
    if (result === undefined) {
      logger.warn(
        { trigger: number, runningTrigger: busy },
        `trigger ${number} skipped: the run of trigger ${busy} is still running`,
      );
    }
    return result;
  };

  return {
    start() {
      cron = startCronTrigger(args.cron, args.timeZone, () => {
        // A failed run is logged in runJob; the scheduler goes on to the next trigger.
        trigger()?.catch(() => undefined);
      });
      return cron.nextRun();
    },
    trigger,
    async stop() {
      cron?.stop();
      if (!guard.busy) return;
      const seconds = args.stopTimeoutSeconds;
      logger.info(
        { trigger: running?.trigger, stopTimeoutSeconds: seconds },
        `stopping: letting the run of trigger ${running?.trigger} finish (at most ${seconds} s; signal again to stop it now)`,
      );
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        guard.idle().then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), seconds * 1000);
        }),
      ]);
      clearTimeout(timer);
      if (!finished) {
        logger.warn(`the run did not finish within ${seconds} s: terminating it`);
        running?.job?.terminate();
        await guard.idle();
      }
    },
    terminateRun() {
      if (running?.job === undefined) return;
      logger.warn(
        { trigger: running.trigger },
        `terminating the run of trigger ${running.trigger}`,
      );
      running.job.terminate();
    },
  };
}
