import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../src/catalog/assets.js';
import { planUnits } from '../../src/producers/plan-units.js';

const catalogAsset = (id: string) => {
  const asset = DEFAULT_CATALOG.find((candidate) => candidate.id === id);
  if (asset === undefined) throw new Error(`no ${id} in the catalog`);
  return asset;
};
const samsung = catalogAsset('005930');
const sp500 = catalogAsset('US500');

describe('planUnits', () => {
  it('splits each asset window into chunks of at most chunk-days, end to end', () => {
    const units = planUnits({
      assets: [samsung],
      start: '2023-02-11',
      end: '2026-02-11',
      chunkDays: 365,
    });
    expect(units.map((u) => [u.windowStart, u.windowEnd])).toEqual([
      ['2023-02-11', '2024-02-10'],
      ['2024-02-11', '2025-02-09'],
      ['2025-02-10', '2026-02-09'],
      ['2026-02-10', '2026-02-11'],
    ]);
    expect(units.every((u) => u.source === 'naver')).toBe(true);
  });

  it('gives a unit the same id whenever the same asset, source and window come again', () => {
    const plan = () =>
      planUnits({
        assets: [samsung, sp500],
        start: '2026-02-02',
        end: '2026-02-11',
        chunkDays: 365,
      });
    const first = plan();
    expect(first).toHaveLength(2);
    expect(plan().map((u) => u.unitId)).toEqual(first.map((u) => u.unitId));
    expect(new Set(first.map((u) => u.unitId)).size).toBe(2);
  });

  it('applies a source override to every asset', () => {
    const units = planUnits({
      assets: DEFAULT_CATALOG,
      start: '2026-02-02',
      end: '2026-02-11',
      chunkDays: 5,
      source: 'sample',
    });
    expect(units).toHaveLength(14);
    expect(new Set(units.map((u) => u.source))).toEqual(new Set(['sample']));
  });

  it('a one-day window is one unit', () => {
    const units = planUnits({
      assets: [samsung],
      start: '2026-02-02',
      end: '2026-02-02',
      chunkDays: 1,
    });
    expect(units.map((u) => [u.windowStart, u.windowEnd])).toEqual([['2026-02-02', '2026-02-02']]);
  });
});
