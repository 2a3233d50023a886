import { describe, expect, it } from 'vitest';
import { calendarFor } from '../../src/calendar/market-calendar.js';
import { compressSessions, formatSessionRanges } from '../../src/report/session-ranges.js';

const krx = calendarFor('KRX');
const crypto = calendarFor('CRYPTO');

describe('compressing missing sessions into ranges', () => {
  const january = krx.sessions('2024-01-01', '2024-01-31');

  it('gives nothing for nothing missing', () => {
    expect(compressSessions([], january)).toEqual([]);
    expect(formatSessionRanges([])).toBe('');
  });

  it.each([
    [
      'keeps a lone session as a date, and consecutive sessions as first..last',
      ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-10'],
      '2024-01-02..2024-01-05, 2024-01-10',
    ],
    [
      'splits where a stored session sits between missing ones',
      ['2024-01-02', '2024-01-04'],
      '2024-01-02, 2024-01-04',
    ],
    [
      'does not care about order or duplicates, and ignores dates that are no session',
      ['2024-01-09', '2024-01-06', '2024-01-08', '2024-01-09', '2024-01-07'],
      '2024-01-08..2024-01-09',
    ],
  ])('%s', (_behaviour, missing, printed) => {
    expect(formatSessionRanges(compressSessions(missing, january))).toBe(printed);
  });

  it('joins a Friday and the Monday after it: the weekend is no gap', () => {
    const ranges = compressSessions(['2024-01-05', '2024-01-08'], january);
    expect(ranges).toEqual([{ first: '2024-01-05', last: '2024-01-08' }]);
  });

  it('joins sessions across a holiday (Seollal 2026: Feb 16-18 closed)', () => {
    const sessions = krx.sessions('2026-02-09', '2026-02-20');
    expect(formatSessionRanges(compressSessions(['2026-02-13', '2026-02-19'], sessions))).toBe(
      '2026-02-13..2026-02-19',
    );
  });

  it('counts every day for crypto', () => {
    const days = crypto.sessions('2024-01-01', '2024-01-10');
    expect(
      formatSessionRanges(compressSessions(['2024-01-06', '2024-01-07', '2024-01-08'], days)),
    ).toBe('2024-01-06..2024-01-08');
  });
});
