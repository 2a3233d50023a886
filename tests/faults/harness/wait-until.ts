import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  timeoutMs: number;
  /** Pause between two checks. */
  everyMs?: number;
  /** More to say when the time is up (the last state seen, a process's output). */
  detail?: () => string;
}

/**
 * Polls until the check answers something other than `false`, `undefined` or `null`, and
 * resolves with that answer; past the deadline it fails naming what it waited for. The one
 * polling loop of the harness: every wait on a table, a topic or a process goes through it.
 */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | false | undefined | null>,
  { timeoutMs, everyMs = 50, detail }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await check();
    if (answer !== false && answer !== undefined && answer !== null) return answer;
    if (Date.now() > deadline) {
      const more = detail === undefined ? '' : `\n${detail()}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${more}`);
    }
    await sleep(everyMs);
  }
}
