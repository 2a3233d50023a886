import type { Market } from '../catalog/assets.js';
import {
  epochDayOfWeek,
  fromEpochDay,
  type IsoDate,
  isoDate,
  toEpochDay,
  yearOf,
} from './iso-date.js';
import type { CalendarCoverage, MarketCalendar } from './market-calendar.js';

export interface CalendarSpec {
  market: Market;
  timeZone: string;
  /** Whether Saturdays and Sundays are sessions (crypto) or closed (exchanges). */
  tradesOnWeekends: boolean;
  coverage: CalendarCoverage | undefined;
  /** Weekday closures inside `coverage`; outside it only the weekend rule applies. */
  closures: ReadonlySet<IsoDate>;
}

/** Index of the first element of an ascending array that is >= `date` (or > when `after`). */
function bound(dates: readonly IsoDate[], date: IsoDate, after: boolean): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const value = dates[mid] as IsoDate;
    if (value < date || (after && value === date)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A calendar over a set of closures. Each year's sessions are computed once, on first use, so
 * `sessions()` over a decade is a few binary searches and array copies.
 */
export function buildCalendar(spec: CalendarSpec): MarketCalendar {
  const { coverage, closures, tradesOnWeekends } = spec;
  const sessionsByYear = new Map<number, readonly IsoDate[]>();

  const isSessionDay = (day: number): boolean => {
    if (!tradesOnWeekends) {
      const weekday = epochDayOfWeek(day);
      if (weekday === 0 || weekday === 6) return false;
    }
    return closures.size === 0 || !closures.has(fromEpochDay(day));
  };

  const sessionsOfYear = (year: number): readonly IsoDate[] => {
    let sessions = sessionsByYear.get(year);
    if (sessions === undefined) {
      const list: IsoDate[] = [];
      const last = toEpochDay(isoDate(year, 12, 31));
      for (let day = toEpochDay(isoDate(year, 1, 1)); day <= last; day++) {
        if (isSessionDay(day)) list.push(fromEpochDay(day));
      }
      sessions = list;
      sessionsByYear.set(year, sessions);
    }
    return sessions;
  };

  const step = (date: IsoDate, direction: 1 | -1): IsoDate => {
    let day = toEpochDay(date) + direction;
    while (!isSessionDay(day)) day += direction;
    return fromEpochDay(day);
  };

  return {
    market: spec.market,
    timeZone: spec.timeZone,
    coverage,
    isCovered(date) {
      const year = yearOf(date);
      return coverage === undefined || (year >= coverage.firstYear && year <= coverage.lastYear);
    },
    isTradingDay(date) {
      return isSessionDay(toEpochDay(date));
    },
    sessions(start, end) {
      const firstYear = yearOf(start);
      const lastYear = yearOf(end);
      const result: IsoDate[] = [];
      if (start > end) return result;
      for (let year = firstYear; year <= lastYear; year++) {
        const all = sessionsOfYear(year);
        const from = year === firstYear ? bound(all, start, false) : 0;
        const to = year === lastYear ? bound(all, end, true) : all.length;
        for (let i = from; i < to; i++) result.push(all[i] as IsoDate);
      }
      return result;
    },
    previousSession: (date) => step(date, -1),
    nextSession: (date) => step(date, 1),
    latestSession(date) {
      return isSessionDay(toEpochDay(date)) ? date : step(date, -1);
    },
  };
}
