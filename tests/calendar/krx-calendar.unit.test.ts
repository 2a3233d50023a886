import { describe, expect, it } from 'vitest';
import { KRX_ADHOC_CLOSURES } from '../../src/calendar/data/krx-adhoc-closures.js';
import { addDays, dayOfWeek, eachDate, isoDate } from '../../src/calendar/iso-date.js';
import { koreanLunarToSolar } from '../../src/calendar/korean-lunar.js';
import { KRX_COVERAGE, krxClosures } from '../../src/calendar/krx-closures.js';
import { calendarFor } from '../../src/calendar/market-calendar.js';
import { KRX_PUBLISHED_CLOSURES } from '../fixtures/calendar/krx-published-closures.js';
import { SEOLLAL_2026_SESSIONS } from '../fixtures/calendar/krx-seollal-2026.js';

const krx = calendarFor('KRX');
const YEARS = Object.keys(KRX_PUBLISHED_CLOSURES).map(Number);

describe('KRX calendar', () => {
  it('is closed over Lunar New Year 2026 (Feb 16-18) and open on Feb 19', () => {
    for (const date of ['2026-02-16', '2026-02-17', '2026-02-18']) {
      expect(krx.isTradingDay(date), date).toBe(false);
    }
    expect(krx.isTradingDay('2026-02-19')).toBe(true);
  });

  it('counts 7 sessions from 2026-02-09 to 2026-02-20', () => {
    expect(krx.sessions('2026-02-09', '2026-02-20')).toEqual(SEOLLAL_2026_SESSIONS);
  });

  it('steps over the holiday and the weekend before it', () => {
    expect(krx.previousSession('2026-02-19')).toBe('2026-02-13');
    expect(krx.latestSession('2026-02-17')).toBe('2026-02-13');
    expect(krx.nextSession('2026-02-13')).toBe('2026-02-19');
  });

  it('is closed on the 2025-01-27 temporary holiday and the 2025-06-03 election', () => {
    expect(krx.isTradingDay('2025-01-27')).toBe(false);
    expect(krx.isTradingDay('2025-06-03')).toBe(false);
    expect(krx.isTradingDay('2025-01-24')).toBe(true);
    expect(krx.isTradingDay('2025-01-31')).toBe(true);
  });

  it.each(['2019-05-01', '2023-05-01', '2024-05-01', '2025-05-01', '2026-05-01'])(
    'is closed on Labor Day %s',
    (date) => {
      expect(krx.isTradingDay(date)).toBe(false);
    },
  );

  it('closes on the last weekday of the year', () => {
    expect(krx.isTradingDay('2025-12-31')).toBe(false); // a Wednesday
    expect(krx.isTradingDay('2025-12-30')).toBe(true);
    expect(krx.isTradingDay('2022-12-30')).toBe(false); // Dec 31 2022 is a Saturday
    expect(krx.isTradingDay('2022-12-29')).toBe(true);
    expect(krx.previousSession('2026-01-02')).toBe('2025-12-30');
  });

  it('is closed for Chuseok 2025 and the holidays around it', () => {
    for (const date of ['2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08', '2025-10-09']) {
      expect(krx.isTradingDay(date), date).toBe(false);
    }
    expect(krx.sessions('2025-10-01', '2025-10-14')).toEqual([
      '2025-10-01',
      '2025-10-02',
      '2025-10-10',
      '2025-10-13',
      '2025-10-14',
    ]);
  });

  it('is open on an ordinary weekday and closed on weekends', () => {
    expect(krx.isTradingDay('2026-03-03')).toBe(true);
    expect(krx.isTradingDay('2026-02-21')).toBe(false);
    expect(krx.isTradingDay('2026-02-22')).toBe(false);
  });

  it('covers 2000 through 2050, the Korean lunar table, and answers by weekdays outside', () => {
    expect(krx.coverage).toEqual({ firstYear: 2000, lastYear: 2050 });
    expect(krx.isCovered('2027-01-04')).toBe(true);
    expect(krx.isCovered('2050-12-31')).toBe(true);
    expect(krx.isCovered('2051-01-02')).toBe(false);
    expect(krx.isCovered('1999-12-31')).toBe(false);
    expect(krx.isTradingDay('2027-01-01')).toBe(false);
    // Past the lunar table the calendar cannot know Jan 1 is a holiday.
    expect(krx.isTradingDay('2052-01-01')).toBe(true);
    expect(() => krxClosures(2051)).toThrow(/outside the Korean lunar table/);
  });
});

describe('KRX 2027, derived by rule', () => {
  const closures = krxClosures(2027);

  it.each([
    // Lunar 1/1 is Sun Feb 7 in Korea (Feb 6 in China): Sat 6, Sun 7, Mon 8, substitute Tue 9.
    [
      'Seollal on Mon Feb 8 and gives Tue Feb 9 for the Sunday Feb 7',
      ['2027-02-04', '2027-02-12'],
      ['2027-02-04', '2027-02-05', '2027-02-10', '2027-02-11', '2027-02-12'],
    ],
    ['Chuseok Sep 14-16', ['2027-09-13', '2027-09-17'], ['2027-09-13', '2027-09-17']],
  ] as const)('closes for %s', (_holiday, [start, end], sessions) => {
    expect(krx.sessions(start, end)).toEqual(sessions);
  });

  it('closes on Fri Dec 31, the year-end day, and on Mon Dec 27 for Christmas on a Saturday', () => {
    expect(krx.isTradingDay('2027-12-31')).toBe(false);
    expect(krx.isTradingDay('2027-12-30')).toBe(true);
    expect(krx.isTradingDay('2027-12-27')).toBe(false);
    expect(krx.previousSession('2028-01-03')).toBe('2027-12-30');
  });

  it('lists every weekday closure of the year', () => {
    expect(closures).toEqual([
      '2027-01-01', // New Year's Day
      '2027-02-08', // Seollal
      '2027-02-09', // Seollal substitute (Sun Feb 7)
      '2027-03-01', // Independence Movement Day
      '2027-05-05', // Children's Day
      '2027-05-13', // Buddha's Birthday
      '2027-08-16', // Liberation Day substitute (Sun Aug 15)
      '2027-09-14', // Chuseok
      '2027-09-15', // Chuseok
      '2027-09-16', // Chuseok
      '2027-10-04', // National Foundation Day substitute (Sun Oct 3)
      '2027-10-11', // Hangul Day substitute (Sat Oct 9)
      '2027-12-27', // Christmas substitute (Sat Dec 25)
      '2027-12-31', // year-end closure
    ]);
  });
});

describe('KRX rules against the published closures', () => {
  // The rules, the Korean lunar table and the ad-hoc list give back every published year,
  // date for date.
  it.each(YEARS)('reproduce %i', (year) => {
    expect(krxClosures(year)).toEqual(KRX_PUBLISHED_CLOSURES[year]);
  });

  it('keep ad-hoc closures to weekdays of covered years', () => {
    for (const date of Object.keys(KRX_ADHOC_CLOSURES)) {
      const year = Number(date.slice(0, 4));
      expect(year, date).toBeGreaterThanOrEqual(KRX_COVERAGE.firstYear);
      expect(year, date).toBeLessThanOrEqual(KRX_COVERAGE.lastYear);
      expect([0, 6], date).not.toContain(dayOfWeek(date));
    }
  });

  // The lunar conversion checked against solar dates written down independently of it.
  it.each(YEARS)('take the lunar holidays of %i from the Korean lunar calendar', (year) => {
    const lunar = LUNAR_DATES[year];
    expect(lunar, String(year)).toBeDefined();
    expect({
      seollal: koreanLunarToSolar(year, 1, 1).slice(5),
      chuseok: koreanLunarToSolar(year, 8, 15).slice(5),
      buddha: koreanLunarToSolar(year, 4, 8).slice(5),
    }).toEqual(lunar);
  });
});

describe('KRX published closure data', () => {
  it('lists contiguous years of sorted, unique weekdays within their year', () => {
    expect(YEARS).toEqual(eachYear(YEARS[0] ?? 0, YEARS.at(-1) ?? 0));
    for (const year of YEARS) {
      const dates = KRX_PUBLISHED_CLOSURES[year] ?? [];
      expect([...new Set(dates)].sort(), String(year)).toEqual(dates);
      for (const date of dates) {
        expect(date.startsWith(`${year}-`), date).toBe(true);
        expect([0, 6], date).not.toContain(dayOfWeek(date));
      }
    }
  });

  // A derivation written independently of the data file: the holiday rules, the solar dates of
  // the lunar holidays, and the irregular closures below. A date in the data that these do not
  // explain, or one they call for that the data lacks, fails the test.
  it.each(YEARS)('agrees with the holiday rules for %i', (year) => {
    const lunar = LUNAR_DATES[year];
    if (lunar === undefined) throw new Error(`no lunar dates for ${year} in this test`);
    const seollal = `${year}-${lunar.seollal}`;
    const chuseok = `${year}-${lunar.chuseok}`;
    const candidates = [
      ...FIXED_HOLIDAYS.filter((h) => year >= h.from && year <= h.until).map(
        (h) => `${year}-${h.date}`,
      ),
      addDays(seollal, -1),
      seollal,
      addDays(seollal, 1),
      addDays(chuseok, -1),
      chuseok,
      addDays(chuseok, 1),
      `${year}-${lunar.buddha}`,
      lastWeekdayOf(year),
      ...(IRREGULAR[year] ?? []).map((monthDay) => `${year}-${monthDay}`),
    ];
    const expected = [...new Set(candidates)].filter((d) => ![0, 6].includes(dayOfWeek(d))).sort();
    expect(KRX_PUBLISHED_CLOSURES[year]).toEqual(expected);
  });
});

function eachYear(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

function lastWeekdayOf(year: number): string {
  const [last] = eachDate(isoDate(year, 12, 25), isoDate(year, 12, 31))
    .filter((d) => ![0, 6].includes(dayOfWeek(d)))
    .reverse();
  return last ?? '';
}

const FIXED_HOLIDAYS = [
  { date: '01-01', from: 0, until: 9999 }, // New Year's Day
  { date: '03-01', from: 0, until: 9999 }, // Independence Movement Day
  { date: '04-05', from: 0, until: 2005 }, // Arbor Day
  { date: '05-01', from: 0, until: 9999 }, // Labor Day (an exchange closure before 2026)
  { date: '05-05', from: 0, until: 9999 }, // Children's Day
  { date: '06-06', from: 0, until: 9999 }, // Memorial Day
  { date: '07-17', from: 0, until: 2007 }, // Constitution Day
  { date: '07-17', from: 2026, until: 9999 }, // Constitution Day, reinstated
  { date: '08-15', from: 0, until: 9999 }, // Liberation Day
  { date: '10-03', from: 0, until: 9999 }, // National Foundation Day
  { date: '10-09', from: 2013, until: 9999 }, // Hangul Day
  { date: '12-25', from: 0, until: 9999 }, // Christmas
];

/** Solar dates of lunar 1/1 (Seollal), 8/15 (Chuseok) and 4/8 (Buddha's Birthday). */
const LUNAR_DATES: Record<number, { seollal: string; chuseok: string; buddha: string }> = {
  2000: { seollal: '02-05', chuseok: '09-12', buddha: '05-11' },
  2001: { seollal: '01-24', chuseok: '10-01', buddha: '05-01' },
  2002: { seollal: '02-12', chuseok: '09-21', buddha: '05-19' },
  2003: { seollal: '02-01', chuseok: '09-11', buddha: '05-08' },
  2004: { seollal: '01-22', chuseok: '09-28', buddha: '05-26' },
  2005: { seollal: '02-09', chuseok: '09-18', buddha: '05-15' },
  2006: { seollal: '01-29', chuseok: '10-06', buddha: '05-05' },
  2007: { seollal: '02-18', chuseok: '09-25', buddha: '05-24' },
  2008: { seollal: '02-07', chuseok: '09-14', buddha: '05-12' },
  2009: { seollal: '01-26', chuseok: '10-03', buddha: '05-02' },
  2010: { seollal: '02-14', chuseok: '09-22', buddha: '05-21' },
  2011: { seollal: '02-03', chuseok: '09-12', buddha: '05-10' },
  2012: { seollal: '01-23', chuseok: '09-30', buddha: '05-28' },
  2013: { seollal: '02-10', chuseok: '09-19', buddha: '05-17' },
  2014: { seollal: '01-31', chuseok: '09-08', buddha: '05-06' },
  2015: { seollal: '02-19', chuseok: '09-27', buddha: '05-25' },
  2016: { seollal: '02-08', chuseok: '09-15', buddha: '05-14' },
  2017: { seollal: '01-28', chuseok: '10-04', buddha: '05-03' },
  2018: { seollal: '02-16', chuseok: '09-24', buddha: '05-22' },
  2019: { seollal: '02-05', chuseok: '09-13', buddha: '05-12' },
  2020: { seollal: '01-25', chuseok: '10-01', buddha: '04-30' },
  2021: { seollal: '02-12', chuseok: '09-21', buddha: '05-19' },
  2022: { seollal: '02-01', chuseok: '09-10', buddha: '05-08' },
  2023: { seollal: '01-22', chuseok: '09-29', buddha: '05-27' },
  2024: { seollal: '02-10', chuseok: '09-17', buddha: '05-15' },
  2025: { seollal: '01-29', chuseok: '10-06', buddha: '05-05' },
  2026: { seollal: '02-17', chuseok: '09-25', buddha: '05-24' },
};

/** Substitute holidays, election days, temporary holidays and other one-off closures. */
const IRREGULAR: Record<number, string[]> = {
  2000: ['01-03', '04-13', '12-27', '12-28'], // new-year closure, election, long year-end
  2002: ['06-13', '07-01', '12-19'], // local elections, World Cup holiday, presidential election
  2004: ['04-15'], // National Assembly election
  2006: ['05-31'], // local elections
  2007: ['12-19'], // presidential election
  2008: ['04-09'], // National Assembly election
  2010: ['06-02'], // local elections
  2012: ['04-11', '12-19'], // National Assembly and presidential elections
  2014: ['06-04', '09-10'], // local elections, Chuseok substitute
  2015: ['08-14', '09-29'], // temporary holiday, Chuseok substitute
  2016: ['02-10', '04-13', '05-06'], // Seollal substitute, election, temporary holiday
  2017: ['01-30', '05-09', '10-02', '10-06'], // substitute, election, temporary, substitute
  2018: ['05-07', '06-13', '09-26'], // Children's Day substitute, local elections, substitute
  2019: ['05-06'], // Children's Day substitute
  2020: ['01-27', '04-15', '08-17'], // Seollal substitute, election, temporary holiday
  2021: ['08-16', '10-04', '10-11'], // substitutes under the August 2021 rule
  2022: ['03-09', '06-01', '09-12', '10-10'], // elections, substitutes
  2023: ['01-24', '05-29', '10-02'], // substitutes, temporary holiday
  2024: ['02-12', '04-10', '05-06', '10-01'], // substitutes, election, temporary holiday
  2025: ['01-27', '03-03', '05-06', '06-03', '10-08'], // temporary, substitutes, election
  2026: ['03-02', '05-25', '06-03', '08-17', '10-05'], // substitutes, local elections
};
