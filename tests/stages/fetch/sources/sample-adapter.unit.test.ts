import { describe, expect, it } from 'vitest';
import { calendarFor } from '../../../../src/calendar/market-calendar.js';
import { DEFAULT_CATALOG } from '../../../../src/catalog/assets.js';
import { createSampleAdapter } from '../../../../src/stages/fetch/sources/sample-adapter.js';
import { asset } from './fixtures.js';

const sample = createSampleAdapter();

describe('createSampleAdapter', () => {
  it('gives the same bars for a date whatever the window, call or adapter', async () => {
    const samsung = asset('005930');
    const first = await sample.fetchDaily({
      asset: samsung,
      start: '2026-02-01',
      end: '2026-02-10',
    });
    const second = await createSampleAdapter({ seed: 0 }).fetchDaily({
      asset: samsung,
      start: '2026-02-05',
      end: '2026-02-20',
    });
    const shared = first.bars.filter((bar) => bar.date >= '2026-02-05');
    expect(shared.length).toBeGreaterThan(0);
    expect(second.bars.slice(0, shared.length)).toEqual(shared);
    expect(
      await sample.fetchDaily({ asset: samsung, start: '2026-02-01', end: '2026-02-10' }),
    ).toEqual(first);
  });

  it('varies with the asset and the seed', async () => {
    const window = { start: '2026-02-02', end: '2026-02-02' };
    const close = async (id: string, seed = 0) =>
      (await createSampleAdapter({ seed }).fetchDaily({ asset: asset(id), ...window })).bars[0]
        ?.close;
    expect(await close('005930')).not.toBe(await close('000660'));
    expect(await close('005930')).not.toBe(await close('005930', 1));
  });

  it("follows each market's trading calendar", async () => {
    for (const id of ['005930', 'US500', 'BTC/KRW']) {
      const { market } = asset(id);
      const { bars } = await sample.fetchDaily({
        asset: asset(id),
        start: '2024-09-01',
        end: '2024-12-31',
      });
      expect(bars.map((bar) => bar.date)).toEqual(
        calendarFor(market).sessions('2024-09-01', '2024-12-31'),
      );
    }
    const krx = await sample.fetchDaily({
      asset: asset('005930'),
      start: '2024-09-13',
      end: '2024-09-19',
    });
    // Chuseok: the KRX is closed from Monday 16 to Wednesday 18 September 2024.
    expect(krx.bars.map((bar) => bar.date)).toEqual(['2024-09-13', '2024-09-19']);
  });

  it('gives valid bars at plausible levels, moving less than 20% a session, over ten years', async () => {
    const levels = {
      '005930': [50_000, 300_000],
      KS11: [2_000, 6_000],
      'BTC/KRW': [50e6, 150e6],
      'GC=F': [1_500, 3_000],
    };
    for (const item of DEFAULT_CATALOG) {
      const { bars, attempts } = await sample.fetchDaily({
        asset: item,
        start: '2016-01-01',
        end: '2025-12-31',
      });
      expect(attempts).toBe(1);
      expect(bars.length).toBeGreaterThan(2400);
      // Checked in plain code and asserted once: a hundred thousand expect() calls are slow.
      const problems: string[] = [];
      let previous: number | undefined;
      for (const { date, open, high, low, close, volume, halted } of bars) {
        const valid =
          open !== null &&
          high !== null &&
          low !== null &&
          close !== null &&
          volume !== null &&
          !halted &&
          low > 0 &&
          volume > 0 &&
          high >= Math.max(open, close) &&
          low <= Math.min(open, close) &&
          (previous === undefined || Math.abs(close / previous - 1) < 0.2);
        if (!valid) problems.push(`${item.id} ${date}`);
        previous = close ?? undefined;
      }
      expect(problems).toEqual([]);
      const band = levels[item.id as keyof typeof levels];
      if (band !== undefined) {
        const closes = bars.map((bar) => bar.close ?? 0);
        expect(Math.min(...closes)).toBeGreaterThanOrEqual(band[0] ?? 0);
        expect(Math.max(...closes)).toBeLessThanOrEqual(band[1] ?? 0);
      }
    }
  });
});

describe('createSampleAdapter({ planted: true }), the demo variant', () => {
  const planted = createSampleAdapter({ planted: true });
  const window = { start: '2026-01-01', end: '2026-03-31' };
  const both = async (id: string) => ({
    clean: (await sample.fetchDaily({ asset: asset(id), ...window })).bars,
    dirty: (await planted.fetchDaily({ asset: asset(id), ...window })).bars,
  });

  it('raises a few 005930 bars by half, and leaves the other bars as the clean source has them', async () => {
    const { clean, dirty } = await both('005930');
    expect(dirty.map((bar) => bar.date)).toEqual(clean.map((bar) => bar.date));
    const raised = dirty.filter((bar, i) => bar.close !== clean[i]?.close);
    expect(raised.length).toBeGreaterThanOrEqual(3);
    for (const bar of raised) {
      const original = clean.find((candidate) => candidate.date === bar.date);
      expect(bar.close).toBeCloseTo((original?.close ?? 0) * 1.5, 6);
    }
  });

  it('drops a few US500 sessions and swaps high and low on a few BTC/KRW days', async () => {
    const us = await both('US500');
    const missing = us.clean.filter((bar) => !us.dirty.some((d) => d.date === bar.date));
    expect(missing.length).toBeGreaterThanOrEqual(3);
    expect(us.dirty.length).toBe(us.clean.length - missing.length);

    const btc = await both('BTC/KRW');
    const rejected = btc.dirty.filter((bar) => (bar.high ?? 0) < (bar.low ?? 0));
    expect(rejected.length).toBeGreaterThanOrEqual(2);
  });

  it('plants nothing on the other assets', async () => {
    for (const id of ['000660', '069500', 'KS11', 'GC=F']) {
      const { clean, dirty } = await both(id);
      expect(dirty).toEqual(clean);
    }
  });
});
