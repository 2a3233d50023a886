import { describe, expect, it } from 'vitest';
import { KAFKA_RETRY_BUDGETS } from '../../src/bus/consumer-timeouts.js';

interface RetryBudget {
  initialRetryTime: number;
  maxRetryTime: number;
  retries: number;
}

/** The waits of kafkajs' schedule without its ±20 % jitter: doubling from the first, capped. */
function waits({ initialRetryTime, maxRetryTime, retries }: RetryBudget) {
  return Array.from({ length: retries }, (_, k) =>
    Math.min(maxRetryTime, initialRetryTime * 2 ** k),
  );
}
const total = (ms: number[]) => ms.reduce((sum, wait) => sum + wait, 0);

describe('kafkajs retry schedules during a failover', () => {
  it.each(Object.entries(KAFKA_RETRY_BUDGETS))(
    '%s tries again at most a second after each failure',
    (_, budget) => {
      expect(Math.max(...waits(budget))).toBeLessThanOrEqual(1_000);
    },
  );

  it('gives lookups ~9 s and publishes ~35 s before they give up, as before the cap', () => {
    expect(total(waits(KAFKA_RETRY_BUDGETS.client))).toBeGreaterThanOrEqual(8_000);
    expect(total(waits(KAFKA_RETRY_BUDGETS.publish))).toBeGreaterThanOrEqual(33_000);
  });
});
