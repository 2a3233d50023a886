import type { Logger } from '../logging/logger.js';

/** Why a long-running command stops: a signal, or the process that started it went away. */
export type StopReason = NodeJS.Signals | 'parent-exit';

/**
 * Calls `onGone` once when the process that started this one has exited, seen as this process
 * being re-parented. It covers launchers that die without passing a signal on: `npm run` sends
 * SIGTERM/SIGINT to its `sh -c`, which dies without forwarding it, and a `tsx` wrapper or a
 * supervisor killed with SIGKILL forwards nothing. A process started by init (systemd, a
 * container's PID 1) has no launcher to outlive and is not watched. Returns a cancel function.
 */
export function onParentExit(onGone: () => void, everyMs = 500): () => void {
  const parent = process.ppid;
  if (parent <= 1) return () => undefined;
  const timer = setInterval(() => {
    // process.ppid asks the kernel each time it is read.
    if (process.ppid !== parent) {
      clearInterval(timer);
      onGone();
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * How long after the first signal another one counts as the same when no launcher forwards
 * signals: a terminal's Ctrl-C can still reach this process twice through a wrapper.
 */
export const REPEAT_WINDOW_MS = 3_000;

/**
 * Whether a repeated signal is a person insisting rather than a copy. Under `npm run`, Ctrl-C
 * reaches both npm and this process, and npm forwards its copy, seconds late on a loaded
 * machine: the first repeat is that copy whenever it arrives.
 */
export function isInsistence(
  repeatsSoFar: number,
  sinceFirstMs: number,
  launchedByNpm = process.env.npm_lifecycle_event !== undefined,
): boolean {
  if (launchedByNpm) return repeatsSoFar >= 1;
  return sinceFirstMs >= REPEAT_WINDOW_MS;
}

/**
 * Resolves on the first SIGINT or SIGTERM, or when the launching process exits, so a
 * long-running command can stop fetching, finish its batch, commit and disconnect. A signal
 * that insists (see `isInsistence`) exits at once, after flushing the log.
 *
 * The listeners stay installed for the life of the process: removing the last one restores the
 * default action, and npm's forwarded copy of a Ctrl-C, arriving in that moment, killed the
 * process without a word.
 */
export function shutdownSignal(logger: Logger): Promise<StopReason> {
  return new Promise((resolve) => {
    let stoppingSince: number | undefined;
    let repeats = 0;
    const stop = (reason: StopReason) => {
      stoppingSince = Date.now();
      cancelWatch();
      logger.info(
        { signal: reason },
        reason === 'parent-exit'
          ? 'shutting down: the process that started this one exited; finishing the current batch'
          : 'shutting down: finishing the current batch',
      );
      resolve(reason);
    };
    const onSignal = (signal: NodeJS.Signals) => {
      if (stoppingSince === undefined) return stop(signal);
      const insists = isInsistence(repeats, Date.now() - stoppingSince);
      repeats += 1;
      if (!insists) return;
      logger.warn({ signal }, 'stopping now without finishing the current batch');
      exitAfterFlush(logger, 130);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const cancelWatch = onParentExit(() => {
      if (stoppingSince === undefined) stop('parent-exit');
    });
  });
}

/** The log is written asynchronously: exiting straight away would drop its last lines. */
function exitAfterFlush(logger: Logger, code: number): void {
  setTimeout(() => process.exit(code), 1_000).unref();
  logger.flush(() => process.exit(code));
}
