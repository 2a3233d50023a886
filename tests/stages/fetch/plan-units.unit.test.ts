import { describe, expect, it } from 'vitest';
import { createInProcessRegistry } from '../../../src/bus/in-process-registry.js';
import { createRegistryCodec } from '../../../src/bus/registry-codec.js';
import { DEFAULT_CATALOG } from '../../../src/catalog/assets.js';
import { toIngestJobEvent } from '../../../src/contracts/events.js';
import { topicNames } from '../../../src/contracts/topics.js';
import { countUnits, MAX_UNITS_PER_JOB, planUnits } from '../../../src/stages/fetch/plan-units.js';

const catalogAsset = (id: string) => {
  const asset = DEFAULT_CATALOG.find((candidate) => candidate.id === id);
  if (asset === undefined) throw new Error(`no ${id} in the catalog`);
  return asset;
};
const samsung = catalogAsset('005930');
const sp500 = catalogAsset('US500');
const samsungUnits = (start: string, end: string, chunkDays: number) =>
  planUnits({ assets: [samsung], start, end, chunkDays });
const windowsOf = (units: ReturnType<typeof planUnits>) =>
  units.map((u) => [u.windowStart, u.windowEnd]);

describe('planUnits', () => {
  it('splits each asset window into chunks of at most chunk-days, end to end', () => {
    const units = samsungUnits('2023-02-11', '2026-02-11', 365);
    expect(windowsOf(units)).toEqual([
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
    const units = samsungUnits('2026-02-02', '2026-02-02', 1);
    expect(windowsOf(units)).toEqual([['2026-02-02', '2026-02-02']]);
  });
});

describe('MAX_UNITS_PER_JOB', () => {
  it('counts units as planUnits makes them', () => {
    for (const [start, end, chunkDays] of [
      ['2023-02-11', '2026-02-11', 365],
      ['2026-02-01', '2026-02-01', 1],
      ['2024-01-01', '2024-12-31', 7],
    ] as const) {
      expect(countUnits(2, start, end, chunkDays)).toBe(
        planUnits({ assets: [samsung, sp500], start, end, chunkDays }).length,
      );
    }
  });

  it('keeps a JobStarted of that many units under Kafka default 1 MB message limit', async () => {
    // The catalog's longest ids (BTC/KRW from upbit), one-day units, as Avro on the wire.
    const units = planUnits({
      assets: [catalogAsset('BTC/KRW')],
      start: '2000-01-01',
      end: '2013-09-08',
      chunkDays: 1,
    });
    expect(units).toHaveLength(MAX_UNITS_PER_JOB);
    const codec = createRegistryCodec(createInProcessRegistry(), topicNames());
    const message = await codec.encode(
      'jobs',
      toIngestJobEvent({
        type: 'JobStarted',
        eventId: '0b7c2a40-0f6e-4a8e-9d2b-2c1f5d0a9e11',
        jobId: '0b7c2a40-0f6e-4a8e-9d2b-2c1f5d0a9e12',
        occurredAt: 0,
        payload: {
          jobName: 'produce',
          params: '{}',
          plannedUnits: units.map((unit) => ({
            unitId: unit.unitId,
            assetId: unit.asset.id,
            source: unit.source,
            windowStart: unit.windowStart,
            windowEnd: unit.windowEnd,
          })),
        },
      }),
    );
    // About 80 bytes a unit: 0.4 MB, well under the 1 MB limit with room for longer ids.
    expect(message.length / MAX_UNITS_PER_JOB).toBeGreaterThan(60);
    expect(message.length / MAX_UNITS_PER_JOB).toBeLessThan(100);
    expect(message.length).toBeLessThan(1_000_000);
  });
});
