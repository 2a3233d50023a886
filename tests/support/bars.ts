import type { RawBar } from '../../src/contracts/events.js';

/**
 * A well-formed bar: open 100, high 105, low 95, close 100, volume 1000, not halted, unless
 * overridden. The one bar helper of the tests (validation units and pipeline fixtures alike).
 */
export function bar(date: string, fields: Partial<Omit<RawBar, 'date'>> = {}): RawBar {
  return {
    date,
    open: 100,
    high: 105,
    low: 95,
    close: 100,
    volume: 1000,
    halted: false,
    ...fields,
  };
}

/** A well-formed bar closing (and opening) at `close`, with a 1% range around it. */
export function barClosingAt(
  date: string,
  close: number,
  fields: Partial<Omit<RawBar, 'date'>> = {},
): RawBar {
  return bar(date, { open: close, high: close * 1.01, low: close * 0.99, close, ...fields });
}
