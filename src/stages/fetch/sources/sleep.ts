import { setTimeout as delay } from 'node:timers/promises';

/** Waits `ms`; rejects with an AbortError when `signal` aborts first. Injected where tests wait. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  delay(ms, undefined, signal === undefined ? {} : { signal });
