import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  MAX_DELAY_MS,
  parseRetryAfterMs,
  retryDelayMs,
} from '../../../../src/stages/fetch/sources/retry-policy.js';

describe('backoffDelayMs', () => {
  it('doubles from the base delay with each retry', () => {
    const delays = [1, 2, 3, 4, 5].map((retry) => backoffDelayMs(retry, 100, () => 0));
    expect(delays).toEqual([100, 200, 400, 800, 1600]);
  });

  it('adds between 0 and 30% of jitter', () => {
    expect(backoffDelayMs(3, 100, () => 0.5)).toBe(460);
    expect(backoffDelayMs(3, 100, () => 0.999_999)).toBe(520);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelayMs(4, 50);
      expect(delay).toBeGreaterThanOrEqual(400);
      expect(delay).toBeLessThanOrEqual(520);
    }
  });

  it('never waits longer than the cap', () => {
    expect(backoffDelayMs(20, 1000, () => 0.9)).toBe(MAX_DELAY_MS);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-02-19T09:00:00Z');

  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('1', now)).toBe(1000);
    expect(parseRetryAfterMs(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfterMs('Thu, 19 Feb 2026 09:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Thu, 19 Feb 2026 08:00:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable value', () => {
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs('-5', now)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  it('waits at least as long as the server asked, within the cap', () => {
    expect(retryDelayMs(1, 10, 1000, () => 0)).toBe(1000);
    expect(retryDelayMs(3, 1000, 1000, () => 0)).toBe(4000);
    expect(retryDelayMs(1, 10, 3_600_000, () => 0)).toBe(MAX_DELAY_MS);
    expect(retryDelayMs(2, 10, undefined, () => 0)).toBe(20);
  });
});
