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
 * How long after the first signal another one counts as the same: Ctrl-C in a terminal reaches
 * both npm and this process, and npm forwards its copy, late on a loaded machine (3 s, not 1).
 */
export const REPEAT_WINDOW_MS = 3_000;

/**
 * Resolves on the first SIGINT or SIGTERM, or when the launching process exits, so a
 * long-running command can stop fetching, finish its batch, commit and disconnect. A second
 * signal (after `REPEAT_WINDOW_MS`) exits at once.
 */
export function shutdownSignal(logger: Logger): Promise<StopReason> {
  return new Promise((resolve) => {
    let cancelWatch: () => void = () => undefined;
    const stop = (reason: StopReason) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      cancelWatch();
      logger.info(
        { signal: reason },
        reason === 'parent-exit'
          ? 'shutting down: the process that started this one exited; finishing the current batch'
          : 'shutting down: finishing the current batch',
      );
      const stoppingSince = Date.now();
      const onSecond = () => {
        if (Date.now() - stoppingSince >= REPEAT_WINDOW_MS) process.exit(130);
      };
      process.on('SIGINT', onSecond);
      process.on('SIGTERM', onSecond);
      resolve(reason);
    };
    const onSignal = (signal: NodeJS.Signals) => stop(signal);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    cancelWatch = onParentExit(() => stop('parent-exit'));
  });
}
