import { KRX_ADHOC_CLOSURES } from './data/krx-adhoc-closures.js';
import { addDays, dayOfWeek, type IsoDate, isoDate } from './iso-date.js';
import { KOREAN_LUNAR_LAST_YEAR, koreanLunarToSolar } from './korean-lunar.js';

/**
 * Years the KRX rules answer for: from 2000 (the first year checked against published
 * closures) to the last year of the Korean lunar table. Years past the exchange's latest
 * notice are a forecast: elections and temporary holidays enter `KRX_ADHOC_CLOSURES` when
 * announced.
 */
export const KRX_COVERAGE = { firstYear: 2000, lastYear: KOREAN_LUNAR_LAST_YEAR } as const;

/**
 * When a holiday earns a substitute day (the next weekday that is not itself closed):
 * - `sunday-or-overlap`: Seollal and Chuseok days on a Sunday or on another holiday;
 * - `weekend-or-overlap`: on a Saturday, a Sunday or another holiday;
 * - `weekend`: on a Saturday or a Sunday.
 */
type SubstituteRule = 'sunday-or-overlap' | 'weekend-or-overlap' | 'weekend';

interface Holiday {
  date: IsoDate;
  /** Exchange-only closures (May 1 before 2026, the year-end day) do not count as overlaps. */
  public: boolean;
  substitute?: { rule: SubstituteRule; since: IsoDate };
}

// The dates the Regulations on Holidays and, from 2021, the Public Holidays Act first grant
// substitute days to each kind of holiday.
const LUNAR_AND_CHILDREN_SINCE = '2014-01-01';
const NATIONAL_DAYS_SINCE = '2021-08-04';
const BUDDHA_AND_CHRISTMAS_SINCE = '2023-05-04';

function fixedHolidays(year: number): Holiday[] {
  const on = (month: number, day: number) => isoDate(year, month, day);
  const national = { rule: 'weekend', since: NATIONAL_DAYS_SINCE } as const;
  const holidays: Holiday[] = [
    { date: on(1, 1), public: true },
    { date: on(3, 1), public: true, substitute: national },
    // Labor Day closes the exchange every year; a public holiday from 2026.
    { date: on(5, 1), public: year >= 2026 },
    {
      date: on(5, 5),
      public: true,
      substitute: { rule: 'weekend-or-overlap', since: LUNAR_AND_CHILDREN_SINCE },
    },
    { date: on(6, 6), public: true },
    { date: on(8, 15), public: true, substitute: national },
    { date: on(10, 3), public: true, substitute: national },
    {
      date: on(12, 25),
      public: true,
      substitute: { rule: 'weekend-or-overlap', since: BUDDHA_AND_CHRISTMAS_SINCE },
    },
  ];
  if (year <= 2005) holidays.push({ date: on(4, 5), public: true }); // Arbor Day
  // Constitution Day: dropped after 2007, reinstated from 2026 (whether it earns a substitute
  // day is not settled; none is assumed).
  if (year <= 2007 || year >= 2026) holidays.push({ date: on(7, 17), public: true });
  if (year >= 2013) holidays.push({ date: on(10, 9), public: true, substitute: national });
  return holidays;
}

function lunarHolidays(year: number): Holiday[] {
  const threeDays = (center: IsoDate): Holiday[] =>
    [-1, 0, 1].map((offset) => ({
      date: addDays(center, offset),
      public: true,
      substitute: { rule: 'sunday-or-overlap', since: LUNAR_AND_CHILDREN_SINCE },
    }));
  return [
    ...threeDays(koreanLunarToSolar(year, 1, 1)), // Seollal
    ...threeDays(koreanLunarToSolar(year, 8, 15)), // Chuseok
    {
      date: koreanLunarToSolar(year, 4, 8), // Buddha's Birthday
      public: true,
      substitute: { rule: 'weekend-or-overlap', since: BUDDHA_AND_CHRISTMAS_SINCE },
    },
  ];
}

/** The last weekday of the year: the exchange closes it to settle the year's accounts. */
function yearEndClosure(year: number): IsoDate {
  let date = isoDate(year, 12, 31);
  while (isWeekend(date)) date = addDays(date, -1);
  return date;
}

function isWeekend(date: IsoDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday === 0 || weekday === 6;
}

function earnsSubstitute(holiday: Holiday, publicCount: Map<IsoDate, number>): boolean {
  const { substitute } = holiday;
  if (substitute === undefined || holiday.date < substitute.since) return false;
  const weekday = dayOfWeek(holiday.date);
  const overlap = (publicCount.get(holiday.date) ?? 0) > 1;
  switch (substitute.rule) {
    case 'sunday-or-overlap':
      return weekday === 0 || overlap;
    case 'weekend-or-overlap':
      return weekday === 0 || weekday === 6 || overlap;
    case 'weekend':
      return weekday === 0 || weekday === 6;
  }
}

/**
 * The Korea Exchange's weekday closures of `year`, ascending: public holidays (solar dates,
 * Seollal, Buddha's Birthday and Chuseok from the Korean lunar calendar), their substitute
 * days, May 1, the year-end day, and the ad-hoc closures of `KRX_ADHOC_CLOSURES`. Throws
 * `ARGUMENT_INVALID` for a year past the lunar table.
 */
export function krxClosures(year: number): IsoDate[] {
  const holidays = [...fixedHolidays(year), ...lunarHolidays(year)];
  const closed = new Set(holidays.map((holiday) => holiday.date));
  const publicCount = new Map<IsoDate, number>();
  for (const holiday of holidays) {
    if (holiday.public) publicCount.set(holiday.date, (publicCount.get(holiday.date) ?? 0) + 1);
  }
  // One substitute per lost date (Children's Day and Buddha's Birthday on the same Monday of
  // 2025 gave one day), each on the first weekday after it that is not closed already, in date
  // order, so a Sunday inside Seollal moves past the whole holiday.
  const lostDates = [
    ...new Set(
      holidays
        .filter((holiday) => earnsSubstitute(holiday, publicCount))
        .map((holiday) => holiday.date),
    ),
  ].sort();
  for (const lost of lostDates) {
    let day = addDays(lost, 1);
    while (isWeekend(day) || closed.has(day)) day = addDays(day, 1);
    closed.add(day);
  }
  closed.add(yearEndClosure(year));
  for (const date of Object.keys(KRX_ADHOC_CLOSURES)) {
    if (date.startsWith(`${year}-`)) closed.add(date);
  }
  return [...closed].filter((date) => date.startsWith(`${year}-`) && !isWeekend(date)).sort();
}
