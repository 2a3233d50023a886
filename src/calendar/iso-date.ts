import { AppError } from '../errors.js';

/**
 * A calendar date as 'YYYY-MM-DD' (years 0000-9999), always the local date of whatever place
 * the caller means (an exchange's trading date, a UTC day for crypto). It carries no time and
 * no zone, so these helpers do integer arithmetic on day numbers and never touch local time.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_DAY = daysFromCivil(0, 1, 1);
const MAX_DAY = daysFromCivil(9999, 12, 31);

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The number of days in a month (1-12) of a year, leap years included. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Days since 1970-01-01 of a proleptic Gregorian date, and back: Howard Hinnant's
// `days_from_civil` / `civil_from_days` (https://howardhinnant.github.io/date_algorithms.html).
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function invalid(value: unknown): AppError {
  return new AppError(
    'ARGUMENT_INVALID',
    `not a calendar date: ${JSON.stringify(value)} (expected YYYY-MM-DD, e.g. 2026-02-19)`,
  );
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** True for a 'YYYY-MM-DD' string naming a real date (2026-02-30 and 2025-02-29 are false). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (match === null) return false;
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(match[1]), month);
}

/** Days since 1970-01-01; throws `ARGUMENT_INVALID` for anything but a real 'YYYY-MM-DD'. */
export function toEpochDay(date: IsoDate): number {
  if (!isIsoDate(date)) throw invalid(date);
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8)));
}

/** The date `days` after 1970-01-01; throws `ARGUMENT_INVALID` outside years 0000-9999. */
export function fromEpochDay(days: number): IsoDate {
  if (!Number.isInteger(days) || days < MIN_DAY || days > MAX_DAY) throw invalid(days);
  const [year, month, day] = civilFromDays(days);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Builds the date from its parts (month 1-12); throws `ARGUMENT_INVALID` if there is none. */
export function isoDate(year: number, month: number, day: number): IsoDate {
  const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (!isIsoDate(date)) throw invalid(date);
  return date;
}

/** The year of a date. */
export function yearOf(date: IsoDate): number {
  if (!isIsoDate(date)) throw invalid(date);
  return Number(date.slice(0, 4));
}

/** The date `n` days later (`n` may be negative). */
export function addDays(date: IsoDate, n: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + n);
}

/** The day of the week of an epoch day: 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
export function epochDayOfWeek(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** The day of the week: 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return epochDayOfWeek(toEpochDay(date));
}

/** The number of days from `a` to `b`: positive when `b` is later. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** Every date from `start` to `end`, both included, ascending; empty when `start` is after `end`. */
export function eachDate(start: IsoDate, end: IsoDate): IsoDate[] {
  const last = toEpochDay(end);
  const dates: IsoDate[] = [];
  for (let day = toEpochDay(start); day <= last; day++) dates.push(fromEpochDay(day));
  return dates;
}

/**
 * Orders two dates for `Array.prototype.sort`. Valid dates sort as strings, so this only adds
 * the validation.
 */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return toEpochDay(a) - toEpochDay(b);
}

/** The earliest of one or more dates. */
export function minDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return rest.reduce((min, date) => (compareIsoDates(date, min) < 0 ? date : min), first);
}

/** The latest of one or more dates. */
export function maxDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return rest.reduce((max, date) => (compareIsoDates(date, max) > 0 ? date : max), first);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The local date at instant `now` in an IANA time zone (e.g. 'Asia/Seoul'), whatever the
 * machine's own zone. Throws `ARGUMENT_INVALID` for an unknown zone or an invalid `now`.
 */
export function todayIn(timeZone: string, now: Date): IsoDate {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatterFor(timeZone).formatToParts(now);
  } catch (error) {
    throw new AppError(
      'ARGUMENT_INVALID',
      `cannot tell the date in time zone ${JSON.stringify(timeZone)} at ${String(now)}`,
      { cause: error },
    );
  }
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  return isoDate(part('year'), part('month'), part('day'));
}
