import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/config/settings.js';
import { findSpikes } from '../../../src/stages/validate/price-spikes.js';
import { PRICE_SPIKE, validateUnit } from '../../../src/stages/validate/validate-unit.js';
import { bar, barClosingAt } from '../../support/bars.js';
import { context, rawUnit } from './units.js';

/** A Mon..Tue unit closing at `first` then `second`. */
const twoDays = (first: number, second: number) =>
  rawUnit({
    windowStart: '2026-03-09',
    windowEnd: '2026-03-10',
    bars: [barClosingAt('2026-03-09', first), barClosingAt('2026-03-10', second)],
  });

const flagsOf = (result: ReturnType<typeof validateUnit>) =>
  Object.fromEntries(result.accepted.map((accepted) => [accepted.date, accepted.flags]));

describe('price_spike between consecutive closes', () => {
  it('flags a 31% rise and still accepts the bar', () => {
    const result = validateUnit(twoDays(100, 131), context());
    expect(result.rejected).toEqual([]);
    expect(flagsOf(result)).toEqual({ '2026-03-09': [], '2026-03-10': [PRICE_SPIKE] });
    expect(result.spikes).toHaveLength(1);
    expect(result.spikes[0]?.date).toBe('2026-03-10');
    expect(result.spikes[0]?.change).toBeCloseTo(0.31, 10);
    expect(result.spikes[0]?.previousClose).toBe(100);
  });

  it('does not flag a 29% rise', () => {
    const result = validateUnit(twoDays(100, 129), context());
    expect(result.spikes).toEqual([]);
    expect(flagsOf(result)).toEqual({ '2026-03-09': [], '2026-03-10': [] });
  });

  it('flags a 31% drop with a negative change', () => {
    const result = validateUnit(twoDays(100, 69), context());
    expect(result.spikes.map((spike) => spike.date)).toEqual(['2026-03-10']);
    expect(result.spikes[0]?.change).toBeCloseTo(-0.31, 10);
    expect(flagsOf(result)['2026-03-10']).toEqual([PRICE_SPIKE]);
  });

  it('compares closes in date order even when the source lists bars out of order', () => {
    const unit = rawUnit({
      bars: [
        barClosingAt('2026-03-11', 101),
        barClosingAt('2026-03-09', 100),
        barClosingAt('2026-03-10', 150),
      ],
    });
    const result = validateUnit(unit, context());
    expect(result.accepted.map((accepted) => accepted.date)).toEqual([
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
    ]);
    // Up 50% on Tuesday, back down 33% on Wednesday.
    expect(result.spikes.map((spike) => spike.date)).toEqual(['2026-03-10', '2026-03-11']);
  });

  it('keeps a halted bar flagged trading_halt when it is also a spike', () => {
    const unit = rawUnit({
      windowStart: '2026-03-09',
      windowEnd: '2026-03-10',
      bars: [
        barClosingAt('2026-03-09', 100),
        bar('2026-03-10', { open: 60, high: 60, low: 60, close: 60, volume: 0, halted: true }),
      ],
    });
    expect(flagsOf(validateUnit(unit, context()))['2026-03-10']).toEqual([
      'trading_halt',
      PRICE_SPIKE,
    ]);
  });
});

describe('price_spike against the last stored close', () => {
  const firstBarOnly = rawUnit({
    windowStart: '2026-03-09',
    windowEnd: '2026-03-09',
    bars: [barClosingAt('2026-03-09', 140)],
  });

  it('flags a first bar 40% above the previous close', () => {
    const result = validateUnit(firstBarOnly, context({ previousClose: 100 }));
    expect(result.spikes).toHaveLength(1);
    expect(result.spikes[0]?.date).toBe('2026-03-09');
    expect(result.spikes[0]?.change).toBeCloseTo(0.4, 10);
    expect(result.spikes[0]?.previousClose).toBe(100);
    expect(flagsOf(result)['2026-03-09']).toEqual([PRICE_SPIKE]);
  });

  it('never flags the first bar when there is no previous close', () => {
    const result = validateUnit(firstBarOnly, context({ previousClose: undefined }));
    expect(result.spikes).toEqual([]);
    expect(flagsOf(result)['2026-03-09']).toEqual([]);
  });
});

describe('price_spike and rejected bars', () => {
  // Tuesday's bar has high < low, so it is rejected and must not be a link of the close chain.
  const brokenTuesday = (close: number) =>
    bar('2026-03-10', { open: close, high: close * 0.9, low: close * 1.1, close });
  /** Validates Monday closing at 100, a broken Tuesday at `tuesday`, Wednesday at `wednesday`. */
  const validateAroundBrokenTuesday = (tuesday: number, wednesday: number) =>
    validateUnit(
      rawUnit({
        windowStart: '2026-03-09',
        windowEnd: '2026-03-11',
        bars: [
          barClosingAt('2026-03-09', 100),
          brokenTuesday(tuesday),
          barClosingAt('2026-03-11', wednesday),
        ],
      }),
      context(),
    );

  it('does not flag the neighbours of a rejected bar with an outlying close', () => {
    const result = validateAroundBrokenTuesday(200, 105);
    expect(result.rejected.map((entry) => entry.bar.date)).toEqual(['2026-03-10']);
    expect(result.spikes).toEqual([]);
  });

  it('compares the bar after a rejected one with the bar before it', () => {
    const result = validateAroundBrokenTuesday(139, 140);
    expect(result.spikes).toHaveLength(1);
    expect(result.spikes[0]?.date).toBe('2026-03-11');
    expect(result.spikes[0]?.previousClose).toBe(100);
    expect(result.spikes[0]?.change).toBeCloseTo(0.4, 10);
  });
});

describe('spike threshold', () => {
  it('comes from the context: a 40% move passes a 0.5 threshold', () => {
    expect(validateUnit(twoDays(100, 140), context({ spikeThreshold: 0.5 })).spikes).toEqual([]);
    expect(validateUnit(twoDays(100, 140), context({ spikeThreshold: 0.3 })).spikes).toHaveLength(
      1,
    );
  });

  it('is 0.30 for every category by default', () => {
    const { spikeThreshold } = loadSettings({}).validation;
    expect(spikeThreshold('stock')).toBe(0.3);
    expect(spikeThreshold('crypto')).toBe(0.3);
  });

  it('can be set per category, the others keeping the default', () => {
    const { spikeThreshold } = loadSettings({ SPIKE_THRESHOLDS: 'crypto=0.5' }).validation;
    expect(spikeThreshold('crypto')).toBe(0.5);
    expect(spikeThreshold('stock')).toBe(0.3);
  });

  it('is strict: a move equal to the threshold is not a spike', () => {
    // 100 -> 125 is exactly 0.25 in binary floating point too.
    expect(findSpikes([{ date: '2026-03-10', close: 125 }], 0.25, 100)).toEqual([]);
    expect(findSpikes([{ date: '2026-03-10', close: 126 }], 0.25, 100)).toHaveLength(1);
  });

  // KRX caps a day's move at 30% of the previous close, so limit-up and limit-down days land on
  // exactly 0.30, e.g. 10,000 -> 13,000 won. 13000 / 10000 - 1 is 0.30000000000000004 in floating
  // point, which the strict comparison must not count as above 0.30.
  it.each([
    { move: 'limit-up', close: 13_000 },
    { move: 'limit-down', close: 7_000 },
  ])('does not flag a KRX $move move of exactly 0.30 ($close after 10000)', ({ close }) => {
    expect(findSpikes([{ date: '2026-03-10', close }], 0.3, 10_000)).toEqual([]);
  });
});
