import type { Market } from '../catalog/assets.js';
import { buildCalendar } from './build-calendar.js';
import {
  addDays,
  daysBetween,
  eachDate,
  type IsoDate,
  isoDate,
  maxDate,
  minDate,
} from './iso-date.js';
import { KRX_COVERAGE, krxClosures } from './krx-closures.js';
import { NYSE_COVERAGE, nyseClosures } from './nyse-closures.js';

/** The years, inclusive, whose closures a calendar knows. */
export interface CalendarCoverage {
  firstYear: number;
  lastYear: number;
}

/**
 * Which days a market trades, by its local date. Every method takes and returns 'YYYY-MM-DD'
 * and throws `ARGUMENT_INVALID` for anything else.
 *
 * Outside `coverage` the calendar still answers, by the weekend rule alone, because it cannot
 * know that year's holidays: a gap found there may be a holiday. Callers that report gaps check
 * `isCovered` (or `uncoveredDates`) and say "unsure" for those dates instead of "missing".
 */
export interface MarketCalendar {
  readonly market: Market;
  /** The IANA zone of the market's dates: today's date there is `todayIn(timeZone, now)`. */
  readonly timeZone: string;
  /** Years whose closures are known; `undefined` when the market has none (crypto). */
  readonly coverage: CalendarCoverage | undefined;
  /** Whether the date's year is within `coverage` (always true without holidays). */
  isCovered(date: IsoDate): boolean;
  isTradingDay(date: IsoDate): boolean;
  /** Trading days from `start` to `end`, both included, ascending; empty if `start > end`. */
  sessions(start: IsoDate, end: IsoDate): IsoDate[];
  /** The latest trading day strictly before `date`. */
  previousSession(date: IsoDate): IsoDate;
  /** `date` itself if it is a trading day, else the one before. */
  latestSession(date: IsoDate): IsoDate;
  /** The earliest trading day strictly after `date`. */
  nextSession(date: IsoDate): IsoDate;
}

/** An exchange: closed on weekends and on the days `closuresOf` lists for each covered year. */
function exchangeCalendar(
  market: Market,
  timeZone: string,
  coverage: CalendarCoverage,
  closuresOf: (year: number) => readonly IsoDate[],
): MarketCalendar {
  const closures = new Set<IsoDate>();
  for (let year = coverage.firstYear; year <= coverage.lastYear; year++) {
    for (const date of closuresOf(year)) closures.add(date);
  }
  return buildCalendar({
    market,
    timeZone,
    tradesOnWeekends: false,
    coverage: { ...coverage },
    closures,
  });
}

function cryptoCalendar(): MarketCalendar {
  // Daily crypto bars (Upbit's, among others) are cut at 00:00 UTC.
  return buildCalendar({
    market: 'CRYPTO',
    timeZone: 'UTC',
    tradesOnWeekends: true,
    coverage: undefined,
    closures: new Set(),
  });
}

const FACTORIES: Record<Market, () => MarketCalendar> = {
  KRX: () => exchangeCalendar('KRX', 'Asia/Seoul', KRX_COVERAGE, krxClosures),
  US: () => exchangeCalendar('US', 'America/New_York', NYSE_COVERAGE, nyseClosures),
  CRYPTO: cryptoCalendar,
};

const calendars = new Map<Market, MarketCalendar>();

/**
 * The trading calendar of a market: the Korea Exchange for KRX, the NYSE for US (also used
 * for COMEX gold as an approximation), every day for CRYPTO. Instances are shared.
 */
export function calendarFor(market: Market): MarketCalendar {
  let calendar = calendars.get(market);
  if (calendar === undefined) {
    calendar = FACTORIES[market]();
    calendars.set(market, calendar);
  }
  return calendar;
}

/**
 * The dates from `start` to `end` (inclusive, ascending, weekends included) that fall outside
 * the calendar's coverage, i.e. where a missing session may be an unknown holiday.
 */
export function uncoveredDates(calendar: MarketCalendar, start: IsoDate, end: IsoDate): IsoDate[] {
  const { coverage } = calendar;
  if (daysBetween(start, end) < 0 || coverage === undefined) return [];
  const firstCovered = isoDate(coverage.firstYear, 1, 1);
  const lastCovered = isoDate(coverage.lastYear, 12, 31);
  // Valid ISO dates compare chronologically as strings.
  const before =
    start < firstCovered ? eachDate(start, minDate(end, addDays(firstCovered, -1))) : [];
  const after = end > lastCovered ? eachDate(maxDate(start, addDays(lastCovered, 1)), end) : [];
  return [...before, ...after];
}
