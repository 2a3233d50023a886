import { describe, expect, it } from 'vitest';
import { latestPerKey, type PriceRow } from '../../../src/stages/store/price-row.js';

const row = (date: string, close: number, source = 'sample'): PriceRow => ({
  asset_id: '005930',
  date,
  source,
  open: close,
  high: close,
  low: close,
  close,
  volume: null,
  flags: [],
});

describe('latestPerKey', () => {
  it('keeps the last row of a key a batch holds twice, so one statement touches it once', () => {
    const rows = latestPerKey([row('2026-02-02', 1), row('2026-02-03', 2), row('2026-02-02', 3)]);
    expect(rows.map((r) => [r.date, r.close])).toEqual([
      ['2026-02-02', 3],
      ['2026-02-03', 2],
    ]);
  });

  it('treats another source as another key', () => {
    expect(latestPerKey([row('2026-02-02', 1), row('2026-02-02', 2, 'naver')])).toHaveLength(2);
  });
});
