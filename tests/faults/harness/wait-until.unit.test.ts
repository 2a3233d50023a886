import { describe, expect, it } from 'vitest';
import { waitUntil } from './wait-until.js';

describe('waitUntil', () => {
  it('resolves with the first answer that is not false, undefined or null (0 counts)', async () => {
    const answers = [false, undefined, null, 0];
    let asked = 0;
    const answer = await waitUntil('a count', async () => answers[asked++], {
      timeoutMs: 1_000,
      everyMs: 1,
    });
    expect(answer).toBe(0);
    expect(asked).toBe(4);
  });

  it('fails past the deadline naming what it waited for and the detail', async () => {
    await expect(
      waitUntil('the job to end', async () => false, {
        timeoutMs: 20,
        everyMs: 5,
        detail: () => 'still running',
      }),
    ).rejects.toThrow(/timed out after 20 ms waiting for the job to end\nstill running/);
  });

  it('passes on an error the check throws', async () => {
    const check = async () => {
      throw new Error('not a connection error');
    };
    await expect(waitUntil('x', check, { timeoutMs: 1_000 })).rejects.toThrow(
      'not a connection error',
    );
  });
});
