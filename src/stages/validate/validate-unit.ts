import { calendarFor } from '../../calendar/market-calendar.js';
import type { RawBar, RawUnit, UnitWarning, ValidatedBar } from '../../contracts/events.js';
import {
  dateRejections,
  duplicateDates,
  priceRejections,
  type Rejection,
  volumeRejections,
  windowRejections,
} from './bar-rules.js';
import { checkSessions } from './missing-sessions.js';
import { findSpikes, type Spike } from './price-spikes.js';

export const PRICE_SPIKE = 'price_spike';
export const TRADING_HALT = 'trading_halt';

export interface UnitValidation {
  /** Storable bars in date order, with their flags. */
  accepted: ValidatedBar[];
  rejected: { bar: RawBar; rejections: Rejection[] }[];
  spikes: Spike[];
  /** Stored-anyway findings about the unit: missing_sessions, calendar_unsure. */
  warnings: UnitWarning[];
}

export interface ValidationContext {
  /** The spike threshold for the unit's category, e.g. 0.30. */
  spikeThreshold: number;
  /** The latest stored close before the unit's first bar, when there is one. */
  previousClose: number | undefined;
  /** The current date in the market's zone: its session is not expected yet. */
  today: string;
  /** The highest believable price in the asset's currency (see `priceCeiling`). */
  priceCeiling?: number;
}

/**
 * Applies every rule to one unit: hard errors reject a bar; price spikes flag it; missing
 * sessions and calendar gaps are the unit's warnings. Pure: same unit and context, same result.
 */
export function validateUnit(unit: RawUnit, context: ValidationContext): UnitValidation {
  const duplicates = duplicateDates(unit.bars);
  const rejected: UnitValidation['rejected'] = [];
  const storable: ValidatedBar[] = [];
  for (const bar of unit.bars) {
    const badDate = dateRejections(bar);
    const rejections = [
      ...badDate,
      ...priceRejections(bar, context.priceCeiling),
      ...volumeRejections(bar),
      // A day that does not exist is neither inside nor outside the window: say only that.
      ...(badDate.length > 0 ? [] : windowRejections(bar, unit.windowStart, unit.windowEnd)),
      ...(duplicates.has(bar.date)
        ? [{ code: 'duplicate_date' as const, message: `${bar.date} appears more than once` }]
        : []),
    ];
    if (rejections.length > 0) {
      rejected.push({ bar, rejections });
      continue;
    }
    storable.push({
      date: bar.date,
      open: bar.open as number,
      high: bar.high as number,
      low: bar.low as number,
      close: bar.close as number,
      volume: bar.volume,
      flags: bar.halted ? [TRADING_HALT] : [],
    });
  }
  storable.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  const spikes = findSpikes(storable, context.spikeThreshold, context.previousClose);
  const spikeDates = new Set(spikes.map((spike) => spike.date));
  for (const bar of storable) if (spikeDates.has(bar.date)) bar.flags.push(PRICE_SPIKE);

  const sessions = checkSessions(
    calendarFor(unit.market),
    unit.windowStart,
    unit.windowEnd,
    new Set(unit.bars.map((bar) => bar.date)),
    context.today,
  );
  const warnings: UnitWarning[] = [];
  if (sessions.missing.length > 0) {
    warnings.push({
      code: 'missing_sessions',
      message: `${sessions.missing.length} session(s) of the ${unit.market} calendar missing`,
      dates: sessions.missing,
    });
  }
  if (sessions.unsure.length > 0) {
    warnings.push({
      code: 'calendar_unsure',
      message: `the ${unit.market} calendar has no holiday data for ${sessions.unsure[0]}..${sessions.unsure.at(-1)}; gaps there are not judged`,
      dates: sessions.unsure,
    });
  }
  return { accepted: storable, rejected, spikes, warnings };
}
