import { eachDate } from '../../../src/calendar/iso-date.js';
import type { RawBar, RawUnit } from '../../../src/contracts/events.js';
import type { ValidationContext } from '../../../src/stages/validate/validate-unit.js';
import { bar } from '../../support/bars.js';

/** A date far after every window of these tests, so no session is "in progress". */
export const FAR_TODAY = '2026-11-26';

/** A Samsung Electronics (KRX) unit from Naver; any field may be overridden. */
export function rawUnit(fields: Partial<RawUnit> = {}): RawUnit {
  return {
    eventId: 'evt-1',
    jobId: 'job-1',
    unitId: 'unit-1',
    assetId: '005930',
    category: 'stock',
    market: 'KRX',
    source: 'naver',
    sourceSymbol: '005930',
    windowStart: '2026-03-09',
    windowEnd: '2026-03-13',
    fetchedAt: 1_772_000_000_000,
    attempts: 1,
    bars: [],
    ...fields,
  };
}

/** The validation context of the default policy: threshold 0.30, no stored close, today far on. */
export function context(fields: Partial<ValidationContext> = {}): ValidationContext {
  return { spikeThreshold: 0.3, previousClose: undefined, today: FAR_TODAY, ...fields };
}

/** A well-formed bar on each of the dates. */
export function barsOn(dates: readonly string[]): RawBar[] {
  return dates.map((date) => bar(date));
}

/** Every date from `start` to `end`, both included, weekends too. */
export function datesFrom(start: string, end: string): string[] {
  return eachDate(start, end);
}
