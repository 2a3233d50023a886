import type { IsoDate } from '../calendar/iso-date.js';
import type { MarketCalendar } from '../calendar/market-calendar.js';
import { compressSessions, type SessionRange } from '../report/session-ranges.js';

export interface Gap extends SessionRange {
  /** Sessions missing in the run. */
  sessions: number;
  /** True when part of the run is outside the calendar's known holidays: maybe a holiday. */
  unsure: boolean;
}

/**
 * The runs of sessions the calendar expects between the first and last stored date that have no
 * bar, oldest first. A holiday or weekend is never a gap.
 */
export function findGaps(calendar: MarketCalendar, stored: readonly IsoDate[]): Gap[] {
  const first = stored[0];
  const last = stored.at(-1);
  if (first === undefined || last === undefined) return [];
  const have = new Set(stored);
  const sessions = calendar.sessions(first, last);
  const missing = sessions.filter((date) => !have.has(date));
  const index = new Map(sessions.map((date, i) => [date, i] as const));
  return compressSessions(missing, sessions).map((range) => ({
    ...range,
    sessions: (index.get(range.last) ?? 0) - (index.get(range.first) ?? 0) + 1,
    unsure: !calendar.isCovered(range.first) || !calendar.isCovered(range.last),
  }));
}
