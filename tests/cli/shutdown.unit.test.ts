import { describe, expect, it } from 'vitest';
import { isInsistence, REPEAT_WINDOW_MS } from '../../src/cli/shutdown.js';

describe('a repeated stop signal', () => {
  it('under npm, the first repeat is the copy npm forwards, however late it comes', () => {
    expect(isInsistence(0, 10 * REPEAT_WINDOW_MS, true)).toBe(false);
    expect(isInsistence(1, 100, true)).toBe(true);
  });

  it('without npm, a repeat inside the window is the same Ctrl-C and one after it insists', () => {
    expect(isInsistence(0, REPEAT_WINDOW_MS - 1, false)).toBe(false);
    expect(isInsistence(0, REPEAT_WINDOW_MS, false)).toBe(true);
  });
});
