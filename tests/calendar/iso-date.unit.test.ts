import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  compareIsoDates,
  dayOfWeek,
  daysBetween,
  eachDate,
  fromEpochDay,
  isIsoDate,
  isoDate,
  maxDate,
  minDate,
  todayIn,
  toEpochDay,
  yearOf,
} from '../../src/calendar/iso-date.js';
import { AppError } from '../../src/errors.js';

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('isIsoDate', () => {
  it.each([
    '2026-02-19',
    '2024-02-29', // leap year
    '2000-02-29', // divisible by 400
    '2026-12-31',
    '0000-01-01',
    '9999-12-31',
  ])('accepts %s', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each([
    '2026-02-30',
    '2025-02-29', // not a leap year
    '1900-02-29', // divisible by 100 but not 400
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-2-19',
    '26-02-19',
    '2026-02-19T00:00:00Z',
    ' 2026-02-19',
    '',
    20260219,
    undefined,
  ])('refuses %j', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });
});

describe('day arithmetic', () => {
  it('agrees with Date.UTC on every day from 1899 to 2101', () => {
    const start = Date.UTC(1899, 0, 1) / 86_400_000;
    const end = Date.UTC(2101, 11, 31) / 86_400_000;
    for (let day = start; day <= end; day++) {
      const expected = new Date(day * 86_400_000).toISOString().slice(0, 10);
      const date = fromEpochDay(day);
      if (date !== expected || toEpochDay(date) !== day) {
        expect({ day, date, back: toEpochDay(date) }).toEqual({ day, date: expected, back: day });
      }
    }
  });

  it('adds days across month, leap-day and year boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-02-19', 0)).toBe('2026-02-19');
    expect(addDays('2026-02-19', -365)).toBe('2025-02-19');
  });

  it('counts days between dates, leap years included', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2026-02-19', '2026-02-13')).toBe(-6);
  });

  it('names the day of the week with 0 = Sunday', () => {
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('2026-02-15')).toBe(0);
    expect(dayOfWeek('2026-02-19')).toBe(4);
    expect(dayOfWeek('2026-02-21')).toBe(6);
    expect(dayOfWeek('1969-12-28')).toBe(0);
  });

  it('lists every date of an inclusive range', () => {
    expect(eachDate('2024-02-27', '2024-03-01')).toEqual([
      '2024-02-27',
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
    expect(eachDate('2026-02-19', '2026-02-19')).toEqual(['2026-02-19']);
    expect(eachDate('2026-02-20', '2026-02-19')).toEqual([]);
  });

  it('orders, picks the earliest and latest, and builds dates from parts', () => {
    expect(['2026-02-19', '2025-12-31', '2026-01-02'].sort(compareIsoDates)).toEqual([
      '2025-12-31',
      '2026-01-02',
      '2026-02-19',
    ]);
    expect(minDate('2026-02-19', '2025-12-31', '2026-01-02')).toBe('2025-12-31');
    expect(maxDate('2026-02-19', '2025-12-31', '2026-01-02')).toBe('2026-02-19');
    expect(isoDate(2026, 2, 9)).toBe('2026-02-09');
    expect(yearOf('2026-02-09')).toBe(2026);
  });

  it('refuses invalid input with ARGUMENT_INVALID', () => {
    for (const run of [
      () => addDays('2026-02-30', 1),
      () => toEpochDay('2026/02/19'),
      () => isoDate(2025, 2, 29),
      () => fromEpochDay(1.5),
      () => addDays('9999-12-31', 1),
    ]) {
      const error = errorOf(run);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('ARGUMENT_INVALID');
    }
  });
});

describe('independence from the machine time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it.each(['America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'])(
    'gives the same answers across DST changes with TZ=%s',
    (zone) => {
      process.env.TZ = zone;
      // US clocks go forward on 2026-03-08 and back on 2026-11-01.
      expect(eachDate('2026-03-07', '2026-03-09')).toEqual([
        '2026-03-07',
        '2026-03-08',
        '2026-03-09',
      ]);
      expect(addDays('2026-10-31', 2)).toBe('2026-11-02');
      expect(daysBetween('2026-03-01', '2026-11-30')).toBe(274);
      expect(dayOfWeek('2026-03-08')).toBe(0);
    },
  );
});

describe('todayIn', () => {
  it('gives the local date of an instant in a zone', () => {
    const now = new Date('2026-02-18T15:30:00Z');
    expect(todayIn('Asia/Seoul', now)).toBe('2026-02-19');
    expect(todayIn('America/New_York', now)).toBe('2026-02-18');
    expect(todayIn('UTC', now)).toBe('2026-02-18');
  });

  it('follows New York across its DST changes', () => {
    expect(todayIn('America/New_York', new Date('2026-03-08T04:59:00Z'))).toBe('2026-03-07');
    expect(todayIn('America/New_York', new Date('2026-03-08T05:00:00Z'))).toBe('2026-03-08');
    // After the switch to EDT (UTC-4) midnight comes an hour earlier in UTC.
    expect(todayIn('America/New_York', new Date('2026-07-01T03:59:00Z'))).toBe('2026-06-30');
    expect(todayIn('America/New_York', new Date('2026-07-01T04:00:00Z'))).toBe('2026-07-01');
    expect(todayIn('America/New_York', new Date('2026-11-01T03:59:00Z'))).toBe('2026-10-31');
    expect(todayIn('America/New_York', new Date('2026-11-02T04:59:00Z'))).toBe('2026-11-01');
  });

  it('refuses an unknown zone or an invalid instant with ARGUMENT_INVALID', () => {
    for (const run of [
      () => todayIn('Mars/Olympus_Mons', new Date()),
      () => todayIn('UTC', new Date(Number.NaN)),
    ]) {
      const error = errorOf(run);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('ARGUMENT_INVALID');
    }
  });
});
