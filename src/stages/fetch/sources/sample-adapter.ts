import { calendarFor } from '../../../calendar/market-calendar.js';
import type { Asset, Category } from '../../../catalog/assets.js';
import type { RawBar } from '../../../contracts/events.js';
import type { SourceAdapter } from './source-adapter.js';

interface Profile {
  /** The band prices stay in: plausible levels for the category. */
  low: number;
  high: number;
  /** Decimal places prices are quoted in. */
  decimals: number;
  /** A typical daily volume. */
  volume: number;
}

const PROFILES: Record<Category, Profile> = {
  stock: { low: 50_000, high: 300_000, decimals: 0, volume: 10_000_000 },
  etf: { low: 20_000, high: 60_000, decimals: 0, volume: 3_000_000 },
  index: { low: 2_000, high: 6_000, decimals: 2, volume: 400_000 },
  crypto: { low: 50_000_000, high: 150_000_000, decimals: 0, volume: 3_000 },
  commodity: { low: 1_500, high: 3_000, decimals: 1, volume: 150_000 },
};

/** Cycles of the price path in days (about 4 years, a year, a quarter) and their weights. */
const CYCLES = [
  { days: 1500, weight: 0.55 },
  { days: 360, weight: 0.3 },
  { days: 90, weight: 0.1 },
];
/** The daily noise on the close, and the most the open, high and low stray from it (log). */
const CLOSE_NOISE = 0.012;
const OPEN_GAP = 0.01;
const WICK = 0.008;

/** Days since 1970-01-01; runs once per bar on the calendar's well-formed dates, unchecked. */
function epochDay(date: string): number {
  const month = Number(date.slice(5, 7)) - 1;
  return Date.UTC(Number(date.slice(0, 4)), month, Number(date.slice(8))) / 86_400_000;
}

/** FNV-1a: a 32-bit hash of a text. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** A 32-bit integer finalizer (lowbias32): every input bit moves every output bit. */
function mix(value: number): number {
  let x = Math.imul(value ^ (value >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A uniform number in [0, 1), fixed by an asset's key, a day and a channel (0-7). */
function uniform(key: number, day: number, channel: number): number {
  return mix(key ^ mix(day * 8 + channel)) / 4_294_967_296;
}

/**
 * The bar of an asset on any date, as a closed-form function of (seed, asset id, date) alone, so
 * that overlapping windows, re-runs and replays agree to the last digit. The log close is the
 * middle of the category's band plus a sum of slow sines with per-asset phases and periods,
 * plus a hashed daily noise; the weights keep it inside the band and keep day-to-day moves to a
 * few percent. Open, high and low stray from the close by hashed amounts, so the bar is valid.
 */
function samplePath(asset: Asset, seed: number): (date: string) => RawBar {
  const profile = PROFILES[asset.category];
  const key = hashText(`${seed}:${asset.id}`);
  // A second key for the asset's cycles, so they share no draw with any day's noise.
  const shapeKey = hashText(`${seed}:${asset.id}:cycles`);
  const middle = (Math.log(profile.low) + Math.log(profile.high)) / 2;
  const halfBand = (Math.log(profile.high) - Math.log(profile.low)) / 2;
  const cycles = CYCLES.map(({ days, weight }, i) => ({
    angularSpeed: (2 * Math.PI) / (days * (0.85 + 0.3 * uniform(shapeKey, i, 0))),
    phase: 2 * Math.PI * uniform(shapeKey, i, 1),
    amplitude: halfBand * weight,
  }));
  const scale = 10 ** profile.decimals;
  const round = (price: number) => Math.round(price * scale) / scale;
  const signed = (day: number, channel: number) => 2 * uniform(key, day, channel) - 1;

  return (date) => {
    const day = epochDay(date);
    let logClose = middle + CLOSE_NOISE * signed(day, 0);
    for (const cycle of cycles) {
      logClose += cycle.amplitude * Math.sin(cycle.angularSpeed * day + cycle.phase);
    }
    const close = Math.exp(logClose);
    const open = close * Math.exp(OPEN_GAP * signed(day, 1));
    const high = Math.max(open, close) * Math.exp(WICK * uniform(key, day, 2));
    const low = Math.min(open, close) * Math.exp(-WICK * uniform(key, day, 3));
    return {
      date,
      // Rounding is monotonic, so it keeps low <= open, close <= high.
      open: round(open),
      high: round(high),
      low: round(low),
      close: round(close),
      volume: Math.round(profile.volume * Math.exp(0.4 * signed(day, 4))),
      halted: false,
    };
  };
}

/**
 * The demo's planted anomalies: on the first session of every `every`-day period (counted from
 * 1970-01-01) of one asset, a spike (the whole bar 1.5 times higher, so the jump and the fall
 * back are both over the 30 % threshold), a missing session, or a rejected bar (high and low
 * swapped). A pure function of the date like the path itself, so re-runs and overlapping windows
 * agree; any window of `every` days or more holds at least one of each.
 */
const PLANTED = [
  { assetId: '005930', kind: 'spike', every: 30 },
  { assetId: 'US500', kind: 'missing', every: 30 },
  { assetId: 'BTC/KRW', kind: 'rejected', every: 45 },
] as const;

function plantAnomalies(asset: Asset, sessions: string[], barOn: (date: string) => RawBar) {
  const plant = PLANTED.find((candidate) => candidate.assetId === asset.id);
  if (plant === undefined) return sessions.map(barOn);
  const calendar = calendarFor(asset.market);
  const period = (date: string) => Math.floor(epochDay(date) / plant.every);
  const bars: RawBar[] = [];
  for (const date of sessions) {
    const bar = barOn(date);
    if (period(date) === period(calendar.previousSession(date))) {
      bars.push(bar);
    } else if (plant.kind === 'spike') {
      const up = (price: number | null) => (price === null ? null : price * 1.5);
      bars.push({
        ...bar,
        open: up(bar.open),
        high: up(bar.high),
        low: up(bar.low),
        close: up(bar.close),
      });
    } else if (plant.kind === 'rejected') {
      bars.push({ ...bar, high: bar.low, low: bar.high });
    }
  }
  return bars;
}

export interface SampleOptions {
  seed?: number;
  /**
   * Plant a few anomalies (a spike, a missing session, a rejected bar) for the demo to show the
   * validator at work. Off by default: tests and the bench rely on clean sample data.
   */
  planted?: boolean;
}

/**
 * Synthetic bars for offline demos, on the trading sessions of each asset's market: a pure
 * function of (seed, asset id, date), stored with `source = 'sample'` and never mixed with real
 * data.
 */
export function createSampleAdapter(options: SampleOptions = {}): SourceAdapter {
  const seed = options.seed ?? 0;
  return {
    name: 'sample',
    async fetchDaily({ asset, start, end }) {
      const barOn = samplePath(asset, seed);
      const sessions = calendarFor(asset.market).sessions(start, end);
      const bars = options.planted ? plantAnomalies(asset, sessions, barOn) : sessions.map(barOn);
      return { bars, attempts: 1 };
    },
  };
}
