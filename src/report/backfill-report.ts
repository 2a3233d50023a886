import type { IsoDate } from '../calendar/iso-date.js';
import { calendarFor } from '../calendar/market-calendar.js';
import type { Asset, SourceName } from '../catalog/assets.js';
import type { Database } from '../db/database.js';
import { compressSessions, type SessionRange } from './session-ranges.js';

/** A stored row as the report sees it. */
export interface StoredDay {
  date: IsoDate;
  flags: readonly string[];
}

/** One asset's rows in the report's range, against its calendar. */
export interface AssetCoverage {
  assetId: string;
  name: string;
  market: Asset['market'];
  source: string;
  /** Rows stored in the range. */
  rows: number;
  first: IsoDate | null;
  last: IsoDate | null;
  /** Sessions of the asset's calendar in the range. */
  expected: number;
  /** Sessions without a row, in years the calendar covers, as runs of consecutive sessions. */
  missing: SessionRange[];
  missingCount: number;
  /**
   * Sessions without a row in years whose holidays the calendar does not know: maybe a gap,
   * maybe a holiday (see docs/calendars.md), so not called missing.
   */
  unsure: SessionRange[];
  unsureCount: number;
  /** Rows on dates the calendar has no session (a calendar or source error worth a look). */
  offCalendar: number;
  /** Rows whose `flags` is not empty. */
  flagged: number;
  /** How many rows carry each flag, by flag name. */
  flags: Record<string, number>;
}

export interface BackfillReport {
  start: IsoDate;
  end: IsoDate;
  /** The source asked for; undefined means each asset's own. */
  source: SourceName | undefined;
  generatedAt: Date;
  assets: AssetCoverage[];
}

/**
 * Compares the rows of one asset over `start..end` with its calendar's sessions: a pure
 * function of the stored days, so it is tested without a database.
 */
export function summarizeCoverage(input: {
  asset: Asset;
  source: string;
  start: IsoDate;
  end: IsoDate;
  stored: readonly StoredDay[];
}): AssetCoverage {
  const { asset, source, start, end, stored } = input;
  const calendar = calendarFor(asset.market);
  const sessions = calendar.sessions(start, end);
  const sessionSet = new Set(sessions);
  const storedDates = new Set(stored.map((day) => day.date));
  const absent = sessions.filter((date) => !storedDates.has(date));
  const missing = absent.filter((date) => calendar.isCovered(date));
  const unsure = absent.filter((date) => !calendar.isCovered(date));
  const flags: Record<string, number> = {};
  let flagged = 0;
  for (const day of stored) {
    if (day.flags.length === 0) continue;
    flagged++;
    for (const flag of new Set(day.flags)) flags[flag] = (flags[flag] ?? 0) + 1;
  }
  const dates = [...storedDates].sort();
  return {
    assetId: asset.id,
    name: asset.name,
    market: asset.market,
    source,
    rows: stored.length,
    first: dates[0] ?? null,
    last: dates.at(-1) ?? null,
    expected: sessions.length,
    missing: compressSessions(missing, sessions),
    missingCount: missing.length,
    unsure: compressSessions(unsure, sessions),
    unsureCount: unsure.length,
    offCalendar: dates.filter((date) => !sessionSet.has(date)).length,
    flagged,
    flags,
  };
}

export interface BackfillReportOptions {
  db: Database;
  assets: readonly Asset[];
  start: IsoDate;
  end: IsoDate;
  /** Report every asset's rows of this source instead of each asset's own. */
  source?: SourceName | undefined;
  now: Date;
}

/**
 * Reads the assets' rows in the range (one query, by the primary key) and summarizes each:
 *
 *   SELECT p.asset_id, p.date, p.flags FROM price_daily p
 *     JOIN unnest(ids, sources) AS a(id, source) ON p.asset_id = a.id AND p.source = a.source
 *    WHERE p.date BETWEEN start AND end
 */
export async function buildBackfillReport(options: BackfillReportOptions): Promise<BackfillReport> {
  const { db, assets, start, end, now } = options;
  const sourceOf = (asset: Asset): string => options.source ?? asset.source;
  const rows = await db.any<{ asset_id: string; date: IsoDate; flags: string[] }>(
    `SELECT p.asset_id, p.date, p.flags
       FROM price_daily p
       JOIN unnest($1::text[], $2::text[]) AS a(id, source)
         ON p.asset_id = a.id AND p.source = a.source
      WHERE p.date BETWEEN $3 AND $4`,
    [assets.map((asset) => asset.id), assets.map(sourceOf), start, end],
  );
  const byAsset = new Map<string, StoredDay[]>();
  for (const row of rows) {
    const days = byAsset.get(row.asset_id) ?? [];
    days.push({ date: row.date, flags: row.flags });
    byAsset.set(row.asset_id, days);
  }
  return {
    start,
    end,
    source: options.source,
    generatedAt: now,
    assets: assets.map((asset) =>
      summarizeCoverage({
        asset,
        source: sourceOf(asset),
        start,
        end,
        stored: byAsset.get(asset.id) ?? [],
      }),
    ),
  };
}
