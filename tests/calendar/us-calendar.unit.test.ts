import { describe, expect, it } from 'vitest';
import { calendarFor } from '../../src/calendar/market-calendar.js';
import { easterSunday, nyseClosures } from '../../src/calendar/nyse-closures.js';

const us = calendarFor('US');

describe('US (NYSE) calendar', () => {
  it('is closed on Good Friday 2026-04-03', () => {
    expect(us.isTradingDay('2026-04-03')).toBe(false);
    expect(us.isTradingDay('2026-04-02')).toBe(true);
    expect(us.isTradingDay('2026-04-06')).toBe(true);
  });

  it('observes a Saturday Independence Day on the Friday before (2026-07-03)', () => {
    expect(us.isTradingDay('2026-07-03')).toBe(false);
    expect(us.isTradingDay('2026-07-06')).toBe(true);
  });

  it('observes a Sunday Christmas on the Monday after (2022-12-26)', () => {
    expect(us.isTradingDay('2022-12-26')).toBe(false);
    expect(us.isTradingDay('2022-12-23')).toBe(true);
  });

  it('does not observe a Saturday New Year on the Friday before (2021-12-31 open)', () => {
    expect(us.isTradingDay('2021-12-31')).toBe(true);
    expect(us.isTradingDay('2021-12-24')).toBe(false); // Christmas 2021 was a Saturday
    expect(us.isTradingDay('2023-01-02')).toBe(false); // New Year 2023 was a Sunday
  });

  it('is closed on Thanksgiving 2026-11-26 and open the day after', () => {
    expect(us.isTradingDay('2026-11-26')).toBe(false);
    expect(us.isTradingDay('2026-11-27')).toBe(true);
  });

  it('steps back over Martin Luther King Jr. Day and its weekend', () => {
    expect(us.previousSession('2026-01-20')).toBe('2026-01-16');
    expect(us.nextSession('2026-01-16')).toBe('2026-01-20');
  });

  it('observes Juneteenth from 2022 only', () => {
    expect(us.isTradingDay('2021-06-18')).toBe(true);
    expect(us.isTradingDay('2022-06-20')).toBe(false); // June 19 2022 was a Sunday
    expect(us.isTradingDay('2027-06-18')).toBe(false); // June 19 2027 is a Saturday
  });

  it.each([
    '2001-09-11',
    '2001-09-14',
    '2004-06-11',
    '2007-01-02',
    '2012-10-29',
    '2012-10-30',
    '2018-12-05',
    '2025-01-09',
  ])('is closed on the special closure %s', (date) => {
    expect(us.isTradingDay(date)).toBe(false);
  });

  // The exchange's published holiday schedules.
  it.each([
    [
      2024,
      ['01-01', '01-15', '02-19', '03-29', '05-27', '06-19', '07-04', '09-02', '11-28', '12-25'],
    ],
    [
      2025,
      [
        '01-01',
        '01-09',
        '01-20',
        '02-17',
        '04-18',
        '05-26',
        '06-19',
        '07-04',
        '09-01',
        '11-27',
        '12-25',
      ],
    ],
    [
      2026,
      ['01-01', '01-19', '02-16', '04-03', '05-25', '06-19', '07-03', '09-07', '11-26', '12-25'],
    ],
    [
      2027,
      ['01-01', '01-18', '02-15', '03-26', '05-31', '06-18', '07-05', '09-06', '11-25', '12-24'],
    ],
  ])('matches the published closures of %i', (year, monthDays) => {
    expect(nyseClosures(year)).toEqual(monthDays.map((monthDay) => `${year}-${monthDay}`));
  });

  // Trading-day counts as commonly quoted for those years.
  it.each([
    [2001, 248],
    [2012, 250],
    [2018, 251],
    [2020, 253],
    [2023, 250],
    [2024, 252],
    [2025, 250],
  ])('has the known number of sessions in %i', (year, count) => {
    expect(us.sessions(`${year}-01-01`, `${year}-12-31`)).toHaveLength(count);
  });

  it('computes Easter Sunday', () => {
    expect(easterSunday(2000)).toBe('2000-04-23');
    expect(easterSunday(2008)).toBe('2008-03-23');
    expect(easterSunday(2011)).toBe('2011-04-24');
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2038)).toBe('2038-04-25');
  });

  it('covers 2000 through 2028', () => {
    expect(us.coverage).toEqual({ firstYear: 2000, lastYear: 2028 });
    expect(us.isCovered('1999-12-31')).toBe(false);
    expect(us.isCovered('2028-12-29')).toBe(true);
    expect(us.isCovered('2029-01-02')).toBe(false);
  });
});
