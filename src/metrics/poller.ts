import type { Logger } from '../logging/logger.js';

export interface Poller {
  /** Runs the work now (or joins the run in progress). */
  refresh(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs `work` now and every `intervalMs`, one run at a time, never throwing: a failure is logged
 * once until the next success, so an outage does not flood the log.
 */
export function startPoller(
  what: string,
  intervalMs: number,
  work: () => Promise<void>,
  logger: Logger,
): Poller {
  let running: Promise<void> | undefined;
  let failing = false;
  const refresh = () => {
    running ??= work()
      .then(() => {
        failing = false;
      })
      .catch((error: unknown) => {
        if (!failing)
          logger.warn({ err: error }, `${what} failed; retrying every ${intervalMs} ms`);
        failing = true;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void refresh(), intervalMs);
  timer.unref();
  void refresh();
  return {
    refresh,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
