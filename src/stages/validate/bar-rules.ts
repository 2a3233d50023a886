import { isIsoDate } from '../../calendar/iso-date.js';
import type { RawBar } from '../../contracts/events.js';
import { DEFAULT_PRICE_CEILING } from './price-ceiling.js';

/** Why a bar cannot be stored. Each code is one hard rule of the validator. */
export type RejectionCode =
  | 'date_invalid'
  | 'price_missing'
  | 'price_not_finite'
  | 'price_not_positive'
  | 'price_out_of_range'
  | 'high_below_low'
  | 'high_below_open'
  | 'high_below_close'
  | 'low_above_open'
  | 'low_above_close'
  | 'negative_volume'
  | 'date_outside_window'
  | 'duplicate_date';

export interface Rejection {
  code: RejectionCode;
  message: string;
}

const PRICES = ['open', 'high', 'low', 'close'] as const;

/**
 * A bar's date must name a real day. A source that sends 20260230 or 2026-01-32 has its bar
 * rejected here, naming the text it sent; the other bars of the unit go on.
 */
export function dateRejections(bar: RawBar): Rejection[] {
  if (isIsoDate(bar.date)) return [];
  return [
    {
      code: 'date_invalid',
      message: `date ${JSON.stringify(bar.date)} from the source is not a real calendar day`,
    },
  ];
}

/**
 * The price rules of one bar: present, finite, positive, not above `ceiling` (the highest
 * believable price in the asset's currency), and high/low around open and close.
 */
export function priceRejections(bar: RawBar, ceiling = DEFAULT_PRICE_CEILING): Rejection[] {
  const problems: Rejection[] = [];
  for (const field of PRICES) {
    const value = bar[field];
    if (value === null || value === undefined) {
      problems.push({ code: 'price_missing', message: `${field} is missing` });
    } else if (!Number.isFinite(value)) {
      problems.push({ code: 'price_not_finite', message: `${field} is ${value}` });
    } else if (value <= 0) {
      problems.push({ code: 'price_not_positive', message: `${field} is ${value}` });
    } else if (value > ceiling) {
      problems.push({
        code: 'price_out_of_range',
        message: `${field} is ${value}, above ${ceiling}, the highest believable price in the asset's currency`,
      });
    }
  }
  if (problems.length > 0) return problems;
  const { open, high, low, close } = bar as { [K in (typeof PRICES)[number]]: number };
  const order: [boolean, RejectionCode, string][] = [
    [high < low, 'high_below_low', `high ${high} is below low ${low}`],
    [high < open, 'high_below_open', `high ${high} is below open ${open}`],
    [high < close, 'high_below_close', `high ${high} is below close ${close}`],
    [low > open, 'low_above_open', `low ${low} is above open ${open}`],
    [low > close, 'low_above_close', `low ${low} is above close ${close}`],
  ];
  for (const [broken, code, message] of order) if (broken) problems.push({ code, message });
  return problems;
}

export function volumeRejections(bar: RawBar): Rejection[] {
  const { volume } = bar;
  if (volume !== null && (!Number.isFinite(volume) || volume < 0)) {
    return [{ code: 'negative_volume', message: `volume is ${volume}` }];
  }
  return [];
}

export function windowRejections(bar: RawBar, windowStart: string, windowEnd: string): Rejection[] {
  if (bar.date < windowStart || bar.date > windowEnd) {
    return [
      {
        code: 'date_outside_window',
        message: `${bar.date} is outside the unit's window ${windowStart}..${windowEnd}`,
      },
    ];
  }
  return [];
}

/** Dates that appear more than once: the source contradicts itself, so none of them is kept. */
export function duplicateDates(bars: readonly RawBar[]): Set<string> {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const bar of bars) {
    if (seen.has(bar.date)) duplicates.add(bar.date);
    seen.add(bar.date);
  }
  return duplicates;
}
