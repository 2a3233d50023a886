import { addDays, compareIsoDates, type IsoDate, todayIn } from '../calendar/iso-date.js';
import { calendarFor, type MarketCalendar } from '../calendar/market-calendar.js';
import type { Asset, SourceName } from '../catalog/assets.js';
import type { Database } from '../db/database.js';

export type FreshnessStatus = 'OK' | 'STALE';

/** How fresh one asset's stored bars are. */
export interface FreshnessRow {
  assetId: string;
  name: string;
  market: Asset['market'];
  /** The source whose rows were checked: the asset's own, or the one asked for. */
  source: string;
  /** The latest date stored in `price_daily` for the asset and source; null when none is. */
  latestStored: IsoDate | null;
  /** The latest session the asset should have by now. */
  expected: IsoDate;
  /** Sessions after `latestStored` up to `expected`; null when nothing is stored at all. */
  lag: number | null;
  status: FreshnessStatus;
}

/**
 * The latest session an asset should have at instant `now`: the trading day before today in
 * the market's own zone. An exchange's bar of today may still be forming (or not yet published),
 * so it is not required; for crypto (UTC days) that is yesterday in UTC.
 */
export function expectedSession(calendar: MarketCalendar, now: Date): IsoDate {
  return calendar.previousSession(todayIn(calendar.timeZone, now));
}

/**
 * The number of sessions after `latest` up to `expected`, both by the calendar: 0 when `latest`
 * is `expected` or later, so a holiday or a weekend never counts as lag.
 */
export function sessionLag(calendar: MarketCalendar, latest: IsoDate, expected: IsoDate): number {
  if (compareIsoDates(latest, expected) >= 0) return 0;
  return calendar.sessions(addDays(latest, 1), expected).length;
}

/**
 * Judges one asset from its latest stored date: OK when no session is missing at the end,
 * STALE when one or more are (lag >= 1) or when nothing is stored (lag null).
 */
export function assessFreshness(
  asset: Asset,
  source: string,
  latestStored: IsoDate | null,
  now: Date,
): FreshnessRow {
  const calendar = calendarFor(asset.market);
  const expected = expectedSession(calendar, now);
  const lag = latestStored === null ? null : sessionLag(calendar, latestStored, expected);
  return {
    assetId: asset.id,
    name: asset.name,
    market: asset.market,
    source,
    latestStored,
    expected,
    lag,
    status: lag === 0 ? 'OK' : 'STALE',
  };
}

export interface CheckFreshnessOptions {
  db: Database;
  catalog: readonly Asset[];
  now: Date;
  /** Check every asset's rows of this source instead of each asset's own. */
  source?: SourceName;
}

/**
 * For every asset of the catalog, the latest stored date of its source against the session it
 * should have by now (see `assessFreshness`). One query; each asset's maximum is an index scan
 * of the primary key (asset_id, date, source):
 *
 *   SELECT a.id, (SELECT max(date) FROM price_daily p WHERE p.asset_id = a.id AND p.source = a.source)
 *     FROM unnest(ids, sources) AS a(id, source)
 */
export async function checkFreshness(options: CheckFreshnessOptions): Promise<FreshnessRow[]> {
  const { db, catalog, now } = options;
  const sourceOf = (asset: Asset): string => options.source ?? asset.source;
  const latest = await db.any<{ id: string; latest: IsoDate | null }>(
    `SELECT a.id,
            (SELECT max(p.date) FROM price_daily p WHERE p.asset_id = a.id AND p.source = a.source)
              AS latest
       FROM unnest($1::text[], $2::text[]) AS a(id, source)`,
    [catalog.map((asset) => asset.id), catalog.map(sourceOf)],
  );
  const byId = new Map(latest.map((row) => [row.id, row.latest] as const));
  return catalog.map((asset) =>
    assessFreshness(asset, sourceOf(asset), byId.get(asset.id) ?? null, now),
  );
}
