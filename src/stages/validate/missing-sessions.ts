import type { MarketCalendar } from '../../calendar/market-calendar.js';
import { uncoveredDates } from '../../calendar/market-calendar.js';

export interface SessionCheck {
  /** Sessions the calendar expects in the window that the source did not return. */
  missing: string[];
  /** Dates of the window the calendar has no holiday data for: not judged. */
  unsure: string[];
}

/**
 * Expected sessions of the window, by the market's calendar, minus the dates present. The
 * session still in progress (on or after `today` in the market's zone) is not expected yet, and
 * dates outside the calendar's years are reported as unsure instead of as false gaps.
 */
export function checkSessions(
  calendar: MarketCalendar,
  windowStart: string,
  windowEnd: string,
  presentDates: ReadonlySet<string>,
  today: string,
): SessionCheck {
  const lastClosed = windowEnd < today ? windowEnd : calendar.previousSession(today);
  if (lastClosed < windowStart) return { missing: [], unsure: [] };
  const unsure = uncoveredDates(calendar, windowStart, lastClosed);
  const unsureSet = new Set(unsure);
  const missing = calendar
    .sessions(windowStart, lastClosed)
    .filter((date) => !presentDates.has(date) && !unsureSet.has(date));
  return { missing, unsure };
}
