/**
 * No wait is longer than this, whatever the backoff or a server's Retry-After says: a source that
 * wants us gone for longer has effectively failed this unit, and the job should move on.
 */
export const MAX_DELAY_MS = 60_000;

/**
 * The wait before retry number `retry` (1 for the first retry): `baseDelayMs * 2^(retry-1)`,
 * stretched by up to 30% of jitter (`delay * (1 + random() * 0.3)`) so that callers failing
 * together do not come back together, and capped at MAX_DELAY_MS.
 */
export function backoffDelayMs(
  retry: number,
  baseDelayMs: number,
  random: () => number = Math.random,
): number {
  const delay = baseDelayMs * 2 ** (retry - 1);
  return Math.min(MAX_DELAY_MS, Math.round(delay * (1 + random() * 0.3)));
}

/**
 * An HTTP `Retry-After` value in milliseconds: either delta-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`), measured from `nowMs`. Undefined when absent or unreadable.
 */
export function parseRetryAfterMs(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its day and month; Date.parse would take '-5' for the year -5.
  const at = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * The wait before retry number `retry`: the backoff, or longer when the server asked for it,
 * never beyond MAX_DELAY_MS.
 */
export function retryDelayMs(
  retry: number,
  baseDelayMs: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const backoff = backoffDelayMs(retry, baseDelayMs, random);
  return Math.min(MAX_DELAY_MS, Math.max(backoff, retryAfterMs ?? 0));
}
