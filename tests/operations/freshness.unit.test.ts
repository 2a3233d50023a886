import { describe, expect, it } from 'vitest';
import { calendarFor } from '../../src/calendar/market-calendar.js';
import { type Asset, DEFAULT_CATALOG } from '../../src/catalog/assets.js';
import {
  assessFreshness,
  expectedSession,
  type FreshnessRow,
  sessionLag,
} from '../../src/healthcheck/freshness.js';
import {
  freshnessDocument,
  freshnessTable,
  staleAlert,
} from '../../src/healthcheck/freshness-output.js';

const asset = (id: string): Asset => DEFAULT_CATALOG.find((a) => a.id === id) as Asset;
const krx = calendarFor('KRX');
const us = calendarFor('US');
const crypto = calendarFor('CRYPTO');

describe('the session an asset should have', () => {
  // Thursday 2026-02-12, 18:00 in Seoul = 09:00 UTC = 04:00 in New York.
  const evening = new Date('2026-02-12T09:00:00Z');

  it('is the previous trading day in the market zone', () => {
    expect(expectedSession(krx, evening)).toBe('2026-02-11');
    expect(expectedSession(us, evening)).toBe('2026-02-11');
    expect(expectedSession(crypto, evening)).toBe('2026-02-11');
  });

  it('follows each market own date: at 01:00 in Seoul it is still yesterday in New York', () => {
    const night = new Date('2026-02-12T16:00:00Z'); // Feb 13 01:00 Seoul, Feb 12 11:00 New York
    expect(expectedSession(krx, night)).toBe('2026-02-12');
    expect(expectedSession(us, night)).toBe('2026-02-11');
    expect(expectedSession(crypto, night)).toBe('2026-02-11');
  });

  it('skips weekends and holidays: after Seollal 2026 KRX expects Friday Feb 13', () => {
    expect(expectedSession(krx, new Date('2026-02-19T09:00:00Z'))).toBe('2026-02-13');
    // Monday: the exchanges expect Friday, crypto Sunday.
    const monday = new Date('2026-02-09T09:00:00Z');
    expect(expectedSession(krx, monday)).toBe('2026-02-06');
    expect(expectedSession(crypto, monday)).toBe('2026-02-08');
  });
});

describe('lag in sessions', () => {
  it('is 0 when the latest stored date is the expected one or later', () => {
    expect(sessionLag(krx, '2026-02-11', '2026-02-11')).toBe(0);
    expect(sessionLag(krx, '2026-02-12', '2026-02-11')).toBe(0);
  });

  it('counts the sessions after the latest stored date up to the expected one', () => {
    expect(sessionLag(krx, '2026-02-10', '2026-02-11')).toBe(1);
    // Feb 5, 6, 9, 10, 11: a week old is five sessions on an exchange.
    expect(sessionLag(us, '2026-02-04', '2026-02-11')).toBe(5);
    expect(sessionLag(crypto, '2026-02-04', '2026-02-11')).toBe(7);
  });

  it('never counts a weekend or holiday', () => {
    expect(sessionLag(krx, '2026-02-06', '2026-02-09')).toBe(1);
    expect(sessionLag(krx, '2026-02-13', '2026-02-13')).toBe(0);
    expect(sessionLag(krx, '2026-02-12', '2026-02-19')).toBe(2); // Feb 13 and 19
  });
});

describe('assessing an asset', () => {
  const now = new Date('2026-02-12T09:00:00Z');

  it('is OK with the expected session stored', () => {
    expect(assessFreshness(asset('005930'), 'naver', '2026-02-11', now)).toEqual({
      assetId: '005930',
      name: 'Samsung Electronics',
      market: 'KRX',
      source: 'naver',
      latestStored: '2026-02-11',
      expected: '2026-02-11',
      lag: 0,
      status: 'OK',
    });
  });

  it('is STALE one session behind, and with nothing stored (lag null)', () => {
    expect(assessFreshness(asset('US500'), 'yahoo', '2026-02-10', now)).toMatchObject({
      lag: 1,
      status: 'STALE',
    });
    expect(assessFreshness(asset('BTC/KRW'), 'upbit', null, now)).toMatchObject({
      latestStored: null,
      lag: null,
      status: 'STALE',
    });
  });
});

describe('healthcheck output', () => {
  const now = new Date('2026-02-12T09:00:00Z');
  const rows: FreshnessRow[] = [
    assessFreshness(asset('005930'), 'naver', '2026-02-11', now),
    assessFreshness(asset('US500'), 'yahoo', '2026-02-04', now),
    assessFreshness(asset('BTC/KRW'), 'upbit', null, now),
  ];

  it('prints a table with lag "all" when nothing is stored', () => {
    const table = freshnessTable(rows).split('\n');
    expect(table[0]).toMatch(/^asset\s+source\s+latest stored\s+expected\s+lag\s+status$/);
    expect(table).toContainEqual(
      expect.stringMatching(/^005930\s+naver\s+2026-02-11\s+2026-02-11\s+0\s+OK$/),
    );
    expect(table).toContainEqual(
      expect.stringMatching(/^US500\s+yahoo\s+2026-02-04\s+2026-02-11\s+5\s+STALE$/),
    );
    expect(table).toContainEqual(
      expect.stringMatching(/^BTC\/KRW\s+upbit\s+-\s+2026-02-11\s+all\s+STALE$/),
    );
  });

  it('has one JSON document for machines', () => {
    const document = JSON.parse(
      JSON.stringify(freshnessDocument(rows, { now, source: undefined })),
    );
    expect(document).toMatchObject({
      checkedAt: '2026-02-12T09:00:00.000Z',
      source: 'own',
      fresh: false,
      stale: ['US500', 'BTC/KRW'],
    });
    expect(document.assets[2]).toMatchObject({ assetId: 'BTC/KRW', lag: null });
  });

  it('makes one alert naming only the stale assets, none when all are fresh', () => {
    const alert = staleAlert(rows, now);
    expect(alert?.status).toBe('stale');
    expect(alert?.title).toBe('Stale market data: 2 of 3 assets');
    expect(alert?.lines).toEqual([
      'US500 (S&P 500, yahoo): latest 2026-02-04, 5 sessions behind; expected 2026-02-11',
      'BTC/KRW (Bitcoin, upbit): no data stored; expected 2026-02-11',
    ]);
    expect(staleAlert(rows.slice(0, 1), now)).toBeUndefined();
  });
});
