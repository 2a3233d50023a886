import { describe, expect, it } from 'vitest';
import { todayIn } from '../../src/calendar/iso-date.js';
import { calendarFor, uncoveredDates } from '../../src/calendar/market-calendar.js';
import { MARKETS } from '../../src/catalog/assets.js';
import { AppError } from '../../src/errors.js';

describe('CRYPTO calendar', () => {
  const crypto = calendarFor('CRYPTO');

  it('trades every day, weekends included', () => {
    expect(crypto.isTradingDay('2026-02-21')).toBe(true);
    expect(crypto.isTradingDay('2026-02-22')).toBe(true);
    expect(crypto.isTradingDay('2026-02-17')).toBe(true);
    expect(crypto.sessions('2026-02-09', '2026-02-20')).toHaveLength(12);
    expect(crypto.sessions('2024-01-01', '2024-12-31')).toHaveLength(366);
  });

  it('has yesterday as the previous session', () => {
    expect(crypto.previousSession('2026-03-01')).toBe('2026-02-28');
    expect(crypto.latestSession('2026-02-22')).toBe('2026-02-22');
    expect(crypto.nextSession('2026-12-31')).toBe('2027-01-01');
  });

  it('has no holidays, so every date is covered', () => {
    expect(crypto.coverage).toBeUndefined();
    expect(crypto.isCovered('1990-01-01')).toBe(true);
    expect(uncoveredDates(crypto, '1990-01-01', '2040-12-31')).toEqual([]);
  });
});

describe('sessions', () => {
  const krx = calendarFor('KRX');

  it('spans a year boundary', () => {
    expect(krx.sessions('2025-12-29', '2026-01-05')).toEqual([
      '2025-12-29',
      '2025-12-30',
      '2026-01-02',
      '2026-01-05',
    ]);
  });

  it('includes both ends when they are sessions and is empty for a reversed range', () => {
    expect(krx.sessions('2026-02-13', '2026-02-19')).toEqual(['2026-02-13', '2026-02-19']);
    expect(krx.sessions('2026-02-19', '2026-02-19')).toEqual(['2026-02-19']);
    expect(krx.sessions('2026-02-16', '2026-02-18')).toEqual([]);
    expect(krx.sessions('2026-02-20', '2026-02-19')).toEqual([]);
  });

  it('returns a fresh array the caller may change', () => {
    const first = krx.sessions('2026-02-09', '2026-02-20');
    first.length = 0;
    expect(krx.sessions('2026-02-09', '2026-02-20')).toHaveLength(7);
  });

  it('answers by weekdays alone outside the coverage', () => {
    // 2051 is past the lunar table: Jan 2 counts as a session, and the caller must say "unsure".
    // Fri 2050-12-30 is the year-end closure (Dec 31 is a Saturday).
    expect(krx.sessions('2050-12-29', '2051-01-03')).toEqual([
      '2050-12-29',
      '2051-01-02',
      '2051-01-03',
    ]);
    expect(uncoveredDates(krx, '2050-12-29', '2051-01-03')).toEqual([
      '2051-01-01',
      '2051-01-02',
      '2051-01-03',
    ]);
  });

  it('lists uncovered dates on both sides of the coverage', () => {
    const us = calendarFor('US');
    expect(uncoveredDates(us, '1999-12-30', '2000-01-03')).toEqual(['1999-12-30', '1999-12-31']);
    expect(uncoveredDates(us, '2010-01-01', '2020-12-31')).toEqual([]);
    expect(uncoveredDates(us, '1999-12-31', '2029-01-01')).toEqual(['1999-12-31', '2029-01-01']);
    expect(uncoveredDates(us, '2030-01-02', '2030-01-01')).toEqual([]);
  });
});

describe('calendarFor', () => {
  it('shares one instance per market', () => {
    for (const market of MARKETS) {
      expect(calendarFor(market)).toBe(calendarFor(market));
      expect(calendarFor(market).market).toBe(market);
    }
  });

  it("gives the freshness check the latest session due by each market's local date", () => {
    // 00:30 on Thursday 2026-02-19 in Seoul; still Wednesday in New York and UTC.
    const now = new Date('2026-02-18T15:30:00Z');
    const due = (market: 'KRX' | 'US' | 'CRYPTO') => {
      const calendar = calendarFor(market);
      return calendar.previousSession(todayIn(calendar.timeZone, now));
    };
    expect(due('KRX')).toBe('2026-02-13');
    expect(due('US')).toBe('2026-02-17');
    expect(due('CRYPTO')).toBe('2026-02-17');
  });

  it('refuses malformed dates with ARGUMENT_INVALID', () => {
    const krx = calendarFor('KRX');
    for (const run of [
      () => krx.isTradingDay('2026-02-30'),
      () => krx.sessions('2026-02-01', '2026-2-28'),
      () => krx.previousSession('20260219'),
      () => krx.isCovered('2026-13-01'),
      () => uncoveredDates(calendarFor('CRYPTO'), 'yesterday', '2026-02-19'),
    ]) {
      let caught: unknown;
      try {
        run();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('ARGUMENT_INVALID');
    }
  });
});
