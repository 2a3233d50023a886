import { describe, expect, it } from 'vitest';
import type { RawBar } from '../../../src/contracts/events.js';
import { TRADING_HALT, validateUnit } from '../../../src/stages/validate/validate-unit.js';
import { bar } from '../../support/bars.js';
import { barsOn, context, rawUnit } from './units.js';

// The unit's window is Mon 2026-03-09 .. Fri 2026-03-13, five KRX sessions.
const WEEK = ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13'];

/** Validates a week of good bars with `suspect` in place of Tuesday's, and reports on it. */
function judge(suspect: RawBar) {
  const bars = barsOn(WEEK).map((good) => (good.date === suspect.date ? suspect : good));
  const result = validateUnit(rawUnit({ bars }), context());
  const rejected = result.rejected.filter((entry) => entry.bar === suspect);
  return {
    codes: rejected.flatMap((entry) => entry.rejections.map((rejection) => rejection.code)),
    acceptedDates: result.accepted.map((accepted) => accepted.date),
    result,
  };
}

const TUESDAY = '2026-03-10';
const OTHER_DAYS = WEEK.filter((date) => date !== TUESDAY);

describe('a valid bar', () => {
  it('is accepted with no rejection, no flag and no warning', () => {
    const { codes, acceptedDates, result } = judge(bar(TUESDAY));
    expect(codes).toEqual([]);
    expect(result.rejected).toEqual([]);
    expect(acceptedDates).toEqual(WEEK);
    expect(result.accepted.find((accepted) => accepted.date === TUESDAY)).toEqual({
      date: TUESDAY,
      open: 100,
      high: 105,
      low: 95,
      close: 100,
      volume: 1000,
      flags: [],
    });
    expect(result.warnings).toEqual([]);
  });

  it('is accepted with a null volume, which stays null', () => {
    const { codes, result } = judge(bar(TUESDAY, { volume: null }));
    expect(codes).toEqual([]);
    expect(result.accepted.find((accepted) => accepted.date === TUESDAY)?.volume).toBeNull();
  });

  it('is accepted with a volume of zero', () => {
    expect(judge(bar(TUESDAY, { volume: 0 })).codes).toEqual([]);
  });

  it('is accepted flat at the close when halted, flagged trading_halt', () => {
    const halted = bar(TUESDAY, {
      open: 100,
      high: 100,
      low: 100,
      close: 100,
      volume: 0,
      halted: true,
    });
    const { codes, acceptedDates, result } = judge(halted);
    expect(codes).toEqual([]);
    expect(acceptedDates).toEqual(WEEK);
    expect(result.accepted.find((accepted) => accepted.date === TUESDAY)?.flags).toEqual([
      TRADING_HALT,
    ]);
  });
});

describe('price_missing', () => {
  it.each(['open', 'high', 'low', 'close'] as const)('rejects a bar whose %s is null', (field) => {
    const { codes, acceptedDates } = judge(bar(TUESDAY, { [field]: null }));
    expect(codes).toContain('price_missing');
    expect(acceptedDates).toEqual(OTHER_DAYS);
  });
});

describe('price_not_finite', () => {
  it.each([
    ['open', Number.NaN],
    ['high', Number.POSITIVE_INFINITY],
    ['low', Number.NEGATIVE_INFINITY],
    ['close', Number.NaN],
  ] as const)('rejects a bar whose %s is %s', (field, value) => {
    const { codes, acceptedDates } = judge(bar(TUESDAY, { [field]: value }));
    expect(codes).toContain('price_not_finite');
    expect(acceptedDates).toEqual(OTHER_DAYS);
  });
});

describe('price_not_positive', () => {
  it.each(['open', 'high', 'low', 'close'] as const)('rejects a bar whose %s is zero', (field) => {
    const { codes, acceptedDates } = judge(bar(TUESDAY, { [field]: 0 }));
    expect(codes).toContain('price_not_positive');
    expect(acceptedDates).toEqual(OTHER_DAYS);
  });

  it('rejects a bar with a negative price, even if high/low still bracket it', () => {
    const { codes, acceptedDates } = judge(
      bar(TUESDAY, { open: -5, high: 10, low: -10, close: 5 }),
    );
    expect(codes).toEqual(['price_not_positive', 'price_not_positive']);
    expect(acceptedDates).toEqual(OTHER_DAYS);
  });
});

describe('high_below_low', () => {
  it('rejects a bar whose high is below its low', () => {
    const { codes, acceptedDates } = judge(bar(TUESDAY, { open: 100, high: 99, low: 101 }));
    expect(codes[0]).toBe('high_below_low');
    expect(acceptedDates).toEqual(OTHER_DAYS);
  });
});

describe.each([
  ['high_below_open', 'opened above its high', { open: 106, high: 105, close: 100 }],
  ['high_below_close', 'closed above its high', { open: 100, high: 105, close: 106 }],
  ['low_above_open', 'opened below its low', { open: 94, low: 95, close: 100 }],
  ['low_above_close', 'closed below its low', { open: 100, low: 95, close: 94 }],
  ['negative_volume', 'has a negative volume', { volume: -1 }],
] as const)('%s', (code, what, fields) => {
  it(`rejects a bar that ${what}`, () => {
    const { codes, acceptedDates } = judge(bar(TUESDAY, fields));
    expect(codes).toEqual([code]);
    expect(acceptedDates).toEqual(OTHER_DAYS);
  });
});

describe('date_outside_window', () => {
  it.each([
    ['the day before the window', '2026-03-08'],
    ['the day after the window', '2026-03-14'],
  ])('rejects a bar dated %s', (_, date) => {
    const outside = bar(date);
    const result = validateUnit(rawUnit({ bars: [...barsOn(WEEK), outside] }), context());
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]?.bar).toBe(outside);
    expect(result.rejected[0]?.rejections.map((rejection) => rejection.code)).toEqual([
      'date_outside_window',
    ]);
    expect(result.accepted.map((accepted) => accepted.date)).toEqual(WEEK);
  });

  it('accepts bars on the first and last day of the window', () => {
    const result = validateUnit(rawUnit({ bars: barsOn(['2026-03-09', '2026-03-13']) }), context());
    expect(result.rejected).toEqual([]);
    expect(result.accepted).toHaveLength(2);
  });
});

describe('duplicate_date', () => {
  it('rejects both bars of a date that appears twice, whatever their prices', () => {
    const first = bar(TUESDAY, { close: 100 });
    const second = bar(TUESDAY, { close: 101 });
    const result = validateUnit(
      rawUnit({ bars: [...barsOn(OTHER_DAYS), first, second] }),
      context(),
    );
    expect(result.rejected.map((entry) => entry.bar)).toEqual([first, second]);
    for (const entry of result.rejected) {
      expect(entry.rejections.map((rejection) => rejection.code)).toEqual(['duplicate_date']);
    }
    expect(result.accepted.map((accepted) => accepted.date)).toEqual(OTHER_DAYS);
  });
});

describe('date_invalid', () => {
  it.each([
    ['20260230', 'a compact date February does not have'],
    ['2026-01-32', 'an ISO-shaped day 32'],
    ['2025-02-29', 'February 29 of a common year'],
  ])('rejects %s (%s) naming the text, and keeps the other bars', (text) => {
    const impossible = bar(TUESDAY, {});
    impossible.date = text;
    const result = validateUnit(rawUnit({ bars: [...barsOn(OTHER_DAYS), impossible] }), context());
    expect(result.rejected).toHaveLength(1);
    // Only the date is named: a day that does not exist is not "outside the window".
    expect(result.rejected[0]?.rejections).toEqual([
      {
        code: 'date_invalid',
        message: `date "${text}" from the source is not a real calendar day`,
      },
    ]);
    expect(result.accepted.map((accepted) => accepted.date)).toEqual(OTHER_DAYS);
  });
});

describe('price_out_of_range', () => {
  it('rejects a price above the ceiling of the currency and names the field', () => {
    const { codes, acceptedDates, result } = judge(
      bar(TUESDAY, { open: 100, high: 1e308, low: 90, close: 100 }),
    );
    expect(codes).toEqual(['price_out_of_range']);
    expect(result.rejected[0]?.rejections[0]?.message).toMatch(
      /^high is 1e\+308, above 1000000000000000/,
    );
    expect(acceptedDates).toEqual(OTHER_DAYS);
  });

  it('uses the ceiling of the context: a price just above it is rejected, one at it is kept', () => {
    const ceiling = 1e8;
    const at = bar('2026-03-09', { open: ceiling, high: ceiling, low: ceiling, close: ceiling });
    const above = bar(TUESDAY, { open: 100, high: ceiling * 1.01, low: 90, close: 100 });
    const result = validateUnit(rawUnit({ bars: [at, above] }), context({ priceCeiling: ceiling }));
    expect(result.accepted.map((accepted) => accepted.date)).toEqual(['2026-03-09']);
    expect(result.rejected.map((entry) => entry.rejections[0]?.code)).toEqual([
      'price_out_of_range',
    ]);
  });
});
