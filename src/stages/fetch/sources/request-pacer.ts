import { sleep as realSleep, type Sleep } from './sleep.js';

/**
 * Spaces calls at least `minIntervalMs` apart, across every fetch of an adapter, to stay under
 * a provider's request rate. Each caller reserves its slot before waiting, so concurrent callers
 * queue one behind the other instead of bursting together.
 */
export function createRequestPacer(
  minIntervalMs: number,
  sleep: Sleep = realSleep,
): (signal?: AbortSignal) => Promise<void> {
  let nextSlot = 0;
  return async (signal) => {
    const now = Date.now();
    const slot = Math.max(now, nextSlot);
    nextSlot = slot + minIntervalMs;
    if (slot > now) await sleep(slot - now, signal);
  };
}
