import type { SourceName } from '../catalog/assets.js';
import type { Logger } from '../logging/logger.js';
import type { ChildCommand, ChildCommandOptions, CliName } from './child-command.js';
import { dailyWindow } from './daily-window.js';

export interface DailyJobResult {
  start: string;
  end: string;
  /** produce's exit code: 0 once the job was published, whatever the fetches did. */
  produce: number;
  /** healthcheck's: 0 all fresh, 1 stale (it alerts itself), null when it did not run. */
  healthcheck: number | null;
  /** True when a stop request ended the run before it was done. */
  terminated: boolean;
  elapsedMs: number;
}

export interface DailyJob {
  /** The window produce fetches, in Asia/Seoul dates. */
  start: string;
  end: string;
  result: Promise<DailyJobResult>;
  /** Stops the running child (SIGTERM) and runs nothing after it. */
  terminate(): void;
}

export type StartChild = (
  name: CliName,
  args: readonly string[],
  options: ChildCommandOptions,
) => ChildCommand;

export interface DailyJobOptions {
  now: Date;
  days: number;
  /** One source for every asset (e.g. sample), passed to produce and healthcheck. */
  source: SourceName | undefined;
  /** Seconds between produce and healthcheck (Kafka mode: the consumers store asynchronously). */
  healthcheckDelaySeconds: number;
  logger: Logger;
  /** Gets every line the children print. */
  onChildLine: (line: string) => void;
  startChild: StartChild;
}

/**
 * One daily run: `produce --start <today-(days-1)> --end <today> --job-name daily` (dates in
 * Asia/Seoul), then `healthcheck`, each a child process. The healthcheck runs whatever produce
 * returned: a failed produce is exactly when stale data needs saying.
 */
export function startDailyJob(options: DailyJobOptions): DailyJob {
  const { logger, startChild } = options;
  const { start, end } = dailyWindow(options.now, options.days);
  const sourceArgs = options.source === undefined ? [] : ['--source', options.source];
  const began = Date.now();
  let current: ChildCommand | undefined;
  let terminated = false;
  let wake: (() => void) | undefined;

  const run = async (name: CliName, args: readonly string[]): Promise<number> => {
    current = startChild(name, args, { onLine: (line) => options.onChildLine(line) });
    logger.info({ command: name, args, childPid: current.pid }, `${name} started`);
    const code = await current.exited;
    current = undefined;
    logger.info({ command: name, exitCode: code }, `${name} exited with code ${code}`);
    return code;
  };

  const result = (async (): Promise<DailyJobResult> => {
    const produce = await run('produce', [
      '--start',
      start,
      '--end',
      end,
      '--job-name',
      'daily',
      ...sourceArgs,
    ]);
    if (!terminated && options.healthcheckDelaySeconds > 0) {
      logger.info(
        { delaySeconds: options.healthcheckDelaySeconds },
        `healthcheck in ${options.healthcheckDelaySeconds} s, once the consumers have stored the job`,
      );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.healthcheckDelaySeconds * 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const healthcheck = terminated ? null : await run('healthcheck', sourceArgs);
    return { start, end, produce, healthcheck, terminated, elapsedMs: Date.now() - began };
  })();

  return {
    start,
    end,
    result,
    terminate() {
      terminated = true;
      wake?.();
      current?.terminate('SIGTERM');
    },
  };
}
