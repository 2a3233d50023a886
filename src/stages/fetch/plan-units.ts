import { addDays, compareIsoDates, daysBetween } from '../../calendar/iso-date.js';
import type { Asset, SourceName } from '../../catalog/assets.js';

/** One asset over one chunk of the job's window: what a source returns in one call. */
export interface UnitPlan {
  unitId: string;
  asset: Asset;
  source: SourceName;
  windowStart: string;
  windowEnd: string;
}

export interface PlanOptions {
  assets: readonly Asset[];
  start: string;
  end: string;
  /** The longest window of one unit, in days. */
  chunkDays: number;
  /** Fetch every asset from this source instead of its own. */
  source?: SourceName;
}

/**
 * The same asset, source and window always give the same id, so a re-run or a replay of a
 * unit can be recognized downstream.
 */
export function unitId(assetId: string, source: SourceName, start: string, end: string): string {
  return `${assetId}|${source}|${start}|${end}`;
}

/**
 * The most units one job may have. JobStarted lists every planned unit in one `ingest.jobs`
 * message, which must stay under Kafka's default 1 MB message limit: a planned unit is about
 * 72 bytes in Avro with the catalog's longest ids (tests/producers/plan-units.unit.test.ts),
 * so 5,000 units are 0.36 MB, leaving room for longer asset ids. Seven assets over 50 years
 * in yearly chunks are 357 units; a longer job is split into several runs or larger chunks.
 */
export const MAX_UNITS_PER_JOB = 5000;

/** How many units `planUnits` makes, without making them. */
export function countUnits(assetCount: number, start: string, end: string, chunkDays: number) {
  return assetCount * Math.ceil((daysBetween(start, end) + 1) / chunkDays);
}

/** Splits the window per asset into consecutive chunks of at most `chunkDays` days. */
export function planUnits(options: PlanOptions): UnitPlan[] {
  const units: UnitPlan[] = [];
  for (const asset of options.assets) {
    const source = options.source ?? asset.source;
    for (let chunkStart = options.start; compareIsoDates(chunkStart, options.end) <= 0; ) {
      const last = addDays(chunkStart, options.chunkDays - 1);
      const chunkEnd = compareIsoDates(last, options.end) < 0 ? last : options.end;
      units.push({
        unitId: unitId(asset.id, source, chunkStart, chunkEnd),
        asset,
        source,
        windowStart: chunkStart,
        windowEnd: chunkEnd,
      });
      chunkStart = addDays(chunkEnd, 1);
    }
  }
  return units;
}
