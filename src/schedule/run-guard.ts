/**
 * Lets one task run at a time: a task offered while another runs is not started (the caller
 * logs it as skipped), never queued, so a slow day cannot pile runs up behind it.
 */
export interface RunGuard {
  readonly busy: boolean;
  /**
   * Starts `task` and returns its promise, or returns undefined when one is running. The guard
   * is free again by the time the returned promise settles.
   */
  tryRun<T>(task: () => Promise<T>): Promise<T> | undefined;
  /** Resolves once no task is running (at once when idle); never rejects. */
  idle(): Promise<void>;
}

export function createRunGuard(): RunGuard {
  let running: Promise<unknown> | undefined;
  return {
    get busy() {
      return running !== undefined;
    },
    tryRun(task) {
      if (running !== undefined) return undefined;
      // Started synchronously, so `busy` is true before this returns; `finally` runs at least
      // one microtask later, after `running` is set.
      const promise = (async () => {
        try {
          return await task();
        } finally {
          running = undefined;
        }
      })();
      running = promise;
      return promise;
    },
    async idle() {
      while (running !== undefined) await running.catch(() => undefined);
    },
  };
}
