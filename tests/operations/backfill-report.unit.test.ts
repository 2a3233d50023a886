import { describe, expect, it } from 'vitest';
import { calendarFor } from '../../src/calendar/market-calendar.js';
import { type Asset, DEFAULT_CATALOG } from '../../src/catalog/assets.js';
import {
  type BackfillReport,
  type StoredDay,
  summarizeCoverage,
} from '../../src/report/backfill-report.js';
import { reportMarkdown, reportText } from '../../src/report/backfill-report-output.js';

const asset = (id: string): Asset => DEFAULT_CATALOG.find((a) => a.id === id) as Asset;
const stored = (dates: string[], flags: Record<string, string[]> = {}): StoredDay[] =>
  dates.map((date) => ({ date, flags: flags[date] ?? [] }));

describe('one asset against its calendar', () => {
  const sessions = calendarFor('KRX').sessions('2024-01-01', '2024-01-31');
  /** Samsung Electronics from Naver over start..end, with `days` stored. */
  const samsungCoverage = (start: string, end: string, days: StoredDay[]) =>
    summarizeCoverage({ asset: asset('005930'), source: 'naver', start, end, stored: days });

  it('finds nothing missing when every session has a row', () => {
    const coverage = samsungCoverage('2024-01-01', '2024-01-31', stored(sessions));
    expect(coverage).toMatchObject({
      rows: 22,
      first: '2024-01-02',
      last: '2024-01-31',
      expected: 22,
      missing: [],
      missingCount: 0,
      flagged: 0,
      offCalendar: 0,
    });
  });

  it('lists missing sessions as runs, and counts flagged days by flag', () => {
    const without = new Set(['2024-01-05', '2024-01-08', '2024-01-09', '2024-01-31']);
    const coverage = samsungCoverage(
      '2024-01-01',
      '2024-01-31',
      stored(
        sessions.filter((date) => !without.has(date)),
        {
          '2024-01-10': ['price_spike'],
          '2024-01-11': ['price_spike', 'trading_halt'],
        },
      ),
    );
    expect(coverage.missingCount).toBe(4);
    expect(coverage.missing).toEqual([
      { first: '2024-01-05', last: '2024-01-09' },
      { first: '2024-01-31', last: '2024-01-31' },
    ]);
    expect(coverage.last).toBe('2024-01-30');
    expect(coverage.flagged).toBe(2);
    expect(coverage.flags).toEqual({ price_spike: 2, trading_halt: 1 });
  });

  it('calls a gap in a year the calendar does not cover unsure, not missing', () => {
    const coverage = samsungCoverage(
      '2050-12-27',
      '2051-01-09',
      stored(['2050-12-27', '2050-12-28', '2050-12-29']),
    );
    // 2050-12-30 is the KRX year-end closure; 2051 is past the calendar's lunar table.
    expect(coverage.missing).toEqual([]);
    expect(coverage.unsure).toEqual([{ first: '2051-01-02', last: '2051-01-09' }]);
    expect(coverage.unsureCount).toBe(6);
  });

  it('counts rows on days the calendar has no session', () => {
    const coverage = samsungCoverage(
      '2024-01-01',
      '2024-01-07',
      stored(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-06']),
    );
    expect(coverage.offCalendar).toBe(1);
    expect(coverage.expected).toBe(4);
  });

  it('with no rows at all, the whole range is one missing run', () => {
    const coverage = summarizeCoverage({
      asset: asset('BTC/KRW'),
      source: 'upbit',
      start: '2024-02-01',
      end: '2024-02-29',
      stored: [],
    });
    expect(coverage).toMatchObject({ rows: 0, first: null, last: null, missingCount: 29 });
    expect(coverage.missing).toEqual([{ first: '2024-02-01', last: '2024-02-29' }]);
  });
});

describe('the printed and Markdown report', () => {
  const report: BackfillReport = {
    start: '2024-01-01',
    end: '2024-01-31',
    source: undefined,
    generatedAt: new Date('2026-02-12T09:00:00Z'),
    assets: [
      summarizeCoverage({
        asset: asset('005930'),
        source: 'naver',
        start: '2024-01-01',
        end: '2024-01-31',
        stored: stored(
          calendarFor('KRX')
            .sessions('2024-01-01', '2024-01-31')
            .filter((date) => date < '2024-01-29'),
          { '2024-01-10': ['price_spike'] },
        ),
      }),
      summarizeCoverage({
        asset: asset('US500'),
        source: 'yahoo',
        start: '2024-01-01',
        end: '2024-01-31',
        stored: stored(calendarFor('US').sessions('2024-01-01', '2024-01-31')),
      }),
    ],
  };

  it('prints a summary table and the missing runs and flags per asset', () => {
    const text = reportText(report);
    expect(text).toContain("source: each asset's own");
    expect(text).toMatch(/^005930\s+naver\s+19\s+2024-01-02\s+2024-01-26\s+22\s+3\s+0\s+1$/m);
    expect(text).toMatch(/^US500\s+yahoo\s+21\s+2024-01-02\s+2024-01-31\s+21\s+0\s+0\s+0$/m);
    expect(text).toContain('005930 missing: 2024-01-29..2024-01-31');
    expect(text).toContain('005930 flags: price_spike 1');
  });

  it('writes the same as Markdown with a header', () => {
    const markdown = reportMarkdown(report);
    expect(markdown).toMatch(/^# Backfill report\n/);
    expect(markdown).toContain('- Range: 2024-01-01 .. 2024-01-31');
    expect(markdown).toContain("- Source: each asset's own");
    expect(markdown).toContain('- Generated at: 2026-02-12T09:00:00.000Z');
    expect(markdown).toContain(
      '| 005930 | naver | 19 | 2024-01-02 | 2024-01-26 | 22 | 3 | 0 | 1 |',
    );
    expect(markdown).toContain('| 005930 | 2024-01-29..2024-01-31 | - |');
    expect(markdown).toContain('| 005930 | 1 | price_spike 1 |');
  });
});
