import { addDays, dayOfWeek, daysInMonth, type IsoDate, isoDate, yearOf } from './iso-date.js';

/**
 * Years these rules are trusted for: since 2000 (MLK Day closes the exchange from 1998), up to
 * the years NYSE has scheduled (nyse.com/markets/hours-calendars lists three years ahead).
 * Raising `lastYear` needs a look at the published schedule and at any new special closure.
 */
export const NYSE_COVERAGE = { firstYear: 2000, lastYear: 2028 } as const;

/** Unscheduled full-day closures (national days of mourning, emergencies). */
const SPECIAL_CLOSURES: readonly IsoDate[] = [
  '2001-09-11', // September 11 attacks, through the 14th
  '2001-09-12',
  '2001-09-13',
  '2001-09-14',
  '2004-06-11', // President Reagan
  '2007-01-02', // President Ford
  '2012-10-29', // Hurricane Sandy
  '2012-10-30',
  '2018-12-05', // President George H. W. Bush
  '2025-01-09', // President Carter
];

const MONDAY = 1;
const THURSDAY = 4;

function nthWeekday(year: number, month: number, weekday: number, n: number): IsoDate {
  const first = isoDate(year, month, 1);
  return addDays(first, ((weekday - dayOfWeek(first) + 7) % 7) + 7 * (n - 1));
}

function lastWeekday(year: number, month: number, weekday: number): IsoDate {
  const last = isoDate(year, month, daysInMonth(year, month));
  return addDays(last, -((dayOfWeek(last) - weekday + 7) % 7));
}

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return isoDate(year, Math.floor(n / 31), (n % 31) + 1);
}

/** NYSE Rule 7.2: a Saturday holiday is observed on the Friday before, a Sunday one on Monday. */
function observed(date: IsoDate): IsoDate {
  const weekday = dayOfWeek(date);
  if (weekday === 6) return addDays(date, -1);
  if (weekday === 0) return addDays(date, 1);
  return date;
}

/**
 * The NYSE's weekday closures in a year, ascending. New Year's Day on a Saturday is not observed
 * on the Friday before (that Friday ends the accounting year), so only its Sunday case moves.
 */
export function nyseClosures(year: number): IsoDate[] {
  const newYear = isoDate(year, 1, 1);
  const closures = [
    dayOfWeek(newYear) === 6 ? undefined : observed(newYear),
    nthWeekday(year, 1, MONDAY, 3), // Martin Luther King Jr. Day
    nthWeekday(year, 2, MONDAY, 3), // Washington's Birthday
    addDays(easterSunday(year), -2), // Good Friday
    lastWeekday(year, 5, MONDAY), // Memorial Day
    year >= 2022 ? observed(isoDate(year, 6, 19)) : undefined, // Juneteenth
    observed(isoDate(year, 7, 4)), // Independence Day
    nthWeekday(year, 9, MONDAY, 1), // Labor Day
    nthWeekday(year, 11, THURSDAY, 4), // Thanksgiving
    observed(isoDate(year, 12, 25)), // Christmas
    ...SPECIAL_CLOSURES.filter((date) => yearOf(date) === year),
  ];
  // Valid ISO dates sort chronologically as strings.
  return closures.filter((date): date is IsoDate => date !== undefined).sort();
}
