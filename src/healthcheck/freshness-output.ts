import type { Alert } from '../alerts/alerter.js';
import { formatTable } from '../terminal/text-table.js';
import type { FreshnessRow } from './freshness.js';

/** The lag for people: a number of sessions, or `all` when nothing is stored. */
function lagText(row: FreshnessRow): string {
  return row.lag === null ? 'all' : String(row.lag);
}

/** The healthcheck table: asset, source, latest stored, expected, lag, OK/STALE. */
export function freshnessTable(rows: readonly FreshnessRow[]): string {
  return formatTable(
    ['asset', 'source', 'latest stored', 'expected', 'lag', 'status'],
    rows.map((row) => [
      row.assetId,
      row.source,
      row.latestStored ?? '-',
      row.expected,
      lagText(row),
      row.status,
    ]),
  );
}

/**
 * The document `--json` prints, for machines:
 *
 *   { "checkedAt": ISO instant, "source": "own" | a source, "fresh": boolean,
 *     "stale": [asset ids], "assets": [FreshnessRow, ...] }
 *
 * where each row's `lag` is null when nothing is stored.
 */
export function freshnessDocument(
  rows: readonly FreshnessRow[],
  options: { now: Date; source: string | undefined },
) {
  const stale = rows.filter((row) => row.status === 'STALE').map((row) => row.assetId);
  return {
    checkedAt: options.now.toISOString(),
    source: options.source ?? 'own',
    fresh: stale.length === 0,
    stale,
    assets: rows,
  };
}

/** One line per stale asset, for the alert and the summary. */
export function staleLine(row: FreshnessRow): string {
  const behind =
    row.lag === null
      ? 'no data stored'
      : `latest ${row.latestStored}, ${row.lag} session${row.lag === 1 ? '' : 's'} behind`;
  return `${row.assetId} (${row.name}, ${row.source}): ${behind}; expected ${row.expected}`;
}

/** One alert naming every stale asset; undefined when all are fresh (no alert is sent). */
export function staleAlert(rows: readonly FreshnessRow[], now: Date): Alert | undefined {
  const stale = rows.filter((row) => row.status === 'STALE');
  if (stale.length === 0) return undefined;
  return {
    title: `Stale market data: ${stale.length} of ${rows.length} asset${rows.length === 1 ? '' : 's'}`,
    status: 'stale',
    lines: stale.map(staleLine),
    at: now,
  };
}
