import { describe, expect, it } from 'vitest';
import { calendarFor } from '../../../src/calendar/market-calendar.js';
import { checkSessions } from '../../../src/stages/validate/missing-sessions.js';
import { validateUnit } from '../../../src/stages/validate/validate-unit.js';
import { SEOLLAL_2026_SESSIONS } from '../../fixtures/calendar/krx-seollal-2026.js';
import { barsOn, context, datesFrom, rawUnit } from './units.js';

const warning = (result: ReturnType<typeof validateUnit>, code: string) =>
  result.warnings.find((candidate) => candidate.code === code);

const lunarNewYearUnit = (dates: readonly string[]) =>
  rawUnit({ windowStart: '2026-02-09', windowEnd: '2026-02-20', bars: barsOn(dates) });

describe('missing_sessions on the KRX calendar', () => {
  it('reports nothing over Lunar New Year 2026 when every session has a bar', () => {
    const result = validateUnit(lunarNewYearUnit(SEOLLAL_2026_SESSIONS), context());
    expect(result.warnings).toEqual([]);
  });

  it('reports exactly the session whose bar is missing', () => {
    const withoutFeb19 = SEOLLAL_2026_SESSIONS.filter((date) => date !== '2026-02-19');
    const result = validateUnit(lunarNewYearUnit(withoutFeb19), context());
    expect(warning(result, 'missing_sessions')?.dates).toEqual(['2026-02-19']);
    expect(warning(result, 'calendar_unsure')).toBeUndefined();
  });
});

describe('missing_sessions on the US calendar', () => {
  it('does not report Martin Luther King Jr. Day 2026', () => {
    const weekdays = datesFrom('2026-01-12', '2026-01-23').filter(
      (date) => !['2026-01-17', '2026-01-18', '2026-01-19'].includes(date),
    );
    const unit = rawUnit({
      assetId: 'SPY',
      category: 'etf',
      market: 'US',
      source: 'yahoo',
      sourceSymbol: 'SPY',
      windowStart: '2026-01-12',
      windowEnd: '2026-01-23',
      bars: barsOn(weekdays),
    });
    expect(validateUnit(unit, context()).warnings).toEqual([]);
  });
});

describe('missing_sessions on the CRYPTO calendar', () => {
  const cryptoWeek = (dates: readonly string[]) =>
    rawUnit({
      assetId: 'BTC',
      category: 'crypto',
      market: 'CRYPTO',
      source: 'upbit',
      sourceSymbol: 'KRW-BTC',
      windowStart: '2026-02-02',
      windowEnd: '2026-02-08',
      bars: barsOn(dates),
    });

  it('reports a missing Saturday, since crypto trades every day', () => {
    const allButSaturday = datesFrom('2026-02-02', '2026-02-08').filter(
      (date) => date !== '2026-02-07',
    );
    const result = validateUnit(cryptoWeek(allButSaturday), context());
    expect(warning(result, 'missing_sessions')?.dates).toEqual(['2026-02-07']);
  });

  it('reports nothing when every day of the week has a bar', () => {
    const result = validateUnit(cryptoWeek(datesFrom('2026-02-02', '2026-02-08')), context());
    expect(result.warnings).toEqual([]);
  });
});

describe('the session in progress', () => {
  const krx = calendarFor('KRX');
  const noBars = new Set<string>();

  it('is not expected from a unit whose window ends today', () => {
    // Mon 2026-03-09 .. Fri 2026-03-13 fetched during Friday's session: only Mon-Thu are in.
    const unit = rawUnit({
      bars: barsOn(['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12']),
    });
    const result = validateUnit(unit, context({ today: '2026-03-13' }));
    expect(result.warnings).toEqual([]);
  });

  it('leaves checkSessions expecting up to the previous session when the window ends today', () => {
    const check = checkSessions(krx, '2026-03-09', '2026-03-13', noBars, '2026-03-13');
    expect(check).toEqual({
      missing: ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12'],
      unsure: [],
    });
  });

  it('leaves checkSessions expecting up to the previous session when the window ends later', () => {
    const check = checkSessions(krx, '2026-03-09', '2026-03-20', noBars, '2026-03-12');
    expect(check.missing).toEqual(['2026-03-09', '2026-03-10', '2026-03-11']);
  });

  it('makes the previous session the Friday before, when today is a Monday', () => {
    const check = checkSessions(krx, '2026-03-09', '2026-03-20', noBars, '2026-03-16');
    expect(check.missing.at(-1)).toBe('2026-03-13');
  });

  it('expects the whole window once today is past its end', () => {
    const check = checkSessions(krx, '2026-03-09', '2026-03-13', noBars, '2026-03-14');
    expect(check.missing).toHaveLength(5);
  });

  it('expects nothing from a window that starts today', () => {
    const check = checkSessions(krx, '2026-03-13', '2026-03-13', noBars, '2026-03-13');
    expect(check).toEqual({ missing: [], unsure: [] });
  });
});

describe('calendar_unsure outside the calendar coverage', () => {
  const krx = calendarFor('KRX');

  it('applies to KRX 2052, past the lunar table of the holiday rules', () => {
    expect(krx.coverage).toBeDefined();
    expect(krx.coverage?.lastYear).toBeLessThan(2052);
  });

  it('says unsure for the dates of an uncovered window instead of missing', () => {
    // Mon 2052-03-04 .. Fri 2052-03-08, only Monday's bar.
    const unit = rawUnit({
      windowStart: '2052-03-04',
      windowEnd: '2052-03-08',
      bars: barsOn(['2052-03-04']),
    });
    const result = validateUnit(unit, context({ today: '2052-11-26' }));
    expect(warning(result, 'missing_sessions')).toBeUndefined();
    expect(warning(result, 'calendar_unsure')?.dates).toEqual(
      datesFrom('2052-03-04', '2052-03-08'),
    );
  });

  it('still judges the covered part of a window that crosses the coverage start', () => {
    // KRX data starts in 2000, whose 2000-01-03 was a new-year closure.
    expect(krx.coverage?.firstYear).toBe(2000);
    const unit = rawUnit({
      windowStart: '1999-12-27',
      windowEnd: '2000-01-07',
      bars: barsOn(['1999-12-27', '2000-01-04']),
    });
    const result = validateUnit(unit, context());
    expect(warning(result, 'missing_sessions')?.dates).toEqual([
      '2000-01-05',
      '2000-01-06',
      '2000-01-07',
    ]);
    expect(warning(result, 'calendar_unsure')?.dates).toEqual(
      datesFrom('1999-12-27', '1999-12-31'),
    );
  });
});
