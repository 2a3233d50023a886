import type { ITask } from 'pg-promise';
import type { JobEvent } from '../contracts/events.js';
import type { Database } from './database.js';
import { pgp } from './database.js';

export type JobStatus = 'running' | 'success' | 'partial_failure' | 'failure';

export interface JobState {
  job_id: string;
  job_name: string;
  status: JobStatus;
  stalled: boolean;
  alerted_status: string | null;
  error_message: string | null;
  started_at: string;
  ended_at: string | null;
}

interface UnitRow {
  job_id: string;
  unit_id: string;
  stage: 'planned' | 'fetch' | 'validate' | 'store';
  asset_id: string;
  status: string;
  bars: number;
  flagged: number;
  rejected: number;
  rows: number;
  attempts: number;
  error_code: string | null;
  error: string | null;
  recorded_at: Date;
}

const unitColumns = new pgp.helpers.ColumnSet(
  [
    'job_id',
    'unit_id',
    'stage',
    'asset_id',
    'status',
    'bars',
    'flagged',
    'rejected',
    'rows',
    'attempts',
    'error_code',
    'error',
    'recorded_at',
  ],
  { table: 'job_unit' },
);

/** The error code of a unit whose bars were fetched and every one rejected: a failed unit. */
export const ALL_BARS_REJECTED = 'ALL_BARS_REJECTED';

/**
 * The unit rules over `job_unit` rows (alias `u`), written once here and used by every query:
 * a unit is finished once it failed to fetch, was stored, or had nothing storable at validation;
 * it failed when its fetch failed or when every fetched bar was rejected (a unit with nothing
 * fetched, a window without sessions, finished without failing).
 */
export const unitFinished = (u: string) =>
  `((${u}.stage = 'fetch' AND ${u}.status = 'failed') OR ${u}.stage = 'store' OR (${u}.stage = 'validate' AND ${u}.bars = 0))`;
const unitFailed = (u: string) =>
  `((${u}.stage = 'fetch' AND ${u}.status = 'failed') OR (${u}.stage = 'validate' AND ${u}.status = 'all_rejected'))`;

function unitRows(event: JobEvent): UnitRow[] {
  const base = {
    job_id: event.jobId,
    recorded_at: new Date(event.occurredAt),
    bars: 0,
    flagged: 0,
    rejected: 0,
    rows: 0,
    attempts: 0,
    error_code: null,
    error: null,
  };
  switch (event.type) {
    case 'JobStarted':
      return event.payload.plannedUnits.map((unit) => ({
        ...base,
        unit_id: unit.unitId,
        stage: 'planned',
        asset_id: unit.assetId,
        status: 'planned',
      }));
    case 'UnitFetched':
      return [
        {
          ...base,
          unit_id: event.payload.unitId,
          stage: 'fetch',
          asset_id: event.payload.assetId,
          status: 'fetched',
          bars: event.payload.barCount,
          attempts: event.payload.attempts,
        },
      ];
    case 'UnitFetchFailed':
      return [
        {
          ...base,
          unit_id: event.payload.unitId,
          stage: 'fetch',
          asset_id: event.payload.assetId,
          status: 'failed',
          attempts: event.payload.attempts,
          error_code: event.payload.errorCode,
          error: event.payload.error,
        },
      ];
    case 'UnitValidated': {
      // `bars` holds the accepted count: a unit with none accepted ends here, and one whose
      // every bar was rejected ends failed, with the reason its error summary shows.
      const { accepted, rejected } = event.payload;
      const allRejected = accepted === 0 && rejected > 0;
      return [
        {
          ...base,
          unit_id: event.payload.unitId,
          stage: 'validate',
          asset_id: event.payload.assetId,
          status: allRejected ? 'all_rejected' : accepted === 0 ? 'empty' : 'validated',
          bars: accepted,
          flagged: event.payload.flagged,
          rejected,
          ...(allRejected && {
            error_code: ALL_BARS_REJECTED,
            error: `all ${rejected} fetched bar(s) rejected by validation, none stored; the reasons are on ohlcv.flagged`,
          }),
        },
      ];
    }
    case 'UnitStored':
      return [
        {
          ...base,
          unit_id: event.payload.unitId,
          stage: 'store',
          asset_id: event.payload.assetId,
          status: 'stored',
          rows: event.payload.rowsWritten,
        },
      ];
  }
}

/**
 * Records a batch of lifecycle events. Keyed by (job, unit, stage) with ON CONFLICT DO NOTHING,
 * so an event seen twice changes nothing. Unit events of a job whose JobStarted was never seen
 * are skipped (returned), since the job's plan is unknown. Returns the jobs touched.
 */
export async function recordJobEvents(
  t: ITask<unknown>,
  events: readonly JobEvent[],
): Promise<{ touched: string[]; orphans: JobEvent[] }> {
  const starts = events.filter((event) => event.type === 'JobStarted');
  for (const event of starts) {
    if (event.type !== 'JobStarted') continue;
    await t.none(
      `INSERT INTO job_run (job_id, job_name, status, started_at, params, units_planned)
       VALUES ($1, $2, 'running', $3, $4::jsonb, $5) ON CONFLICT (job_id) DO NOTHING`,
      [
        event.jobId,
        event.payload.jobName,
        new Date(event.occurredAt),
        event.payload.params,
        event.payload.plannedUnits.length,
      ],
    );
  }
  const jobIds = [...new Set(events.map((event) => event.jobId))];
  const known = new Set(
    jobIds.length === 0
      ? []
      : await t.map(
          'SELECT job_id FROM job_run WHERE job_id IN ($1:csv)',
          [jobIds],
          (row: { job_id: string }) => row.job_id,
        ),
  );
  const orphans = events.filter((event) => !known.has(event.jobId));
  const rows = events.filter((event) => known.has(event.jobId)).flatMap(unitRows);
  for (let offset = 0; offset < rows.length; offset += 1000) {
    await t.none(
      `${pgp.helpers.insert(rows.slice(offset, offset + 1000), unitColumns)} ON CONFLICT (job_id, unit_id, stage) DO NOTHING`,
    );
  }
  return { touched: jobIds.filter((id) => known.has(id)), orphans };
}

/**
 * Derives each job's counters, status and error summary from its unit rows. A unit is terminal
 * once stored, all-rejected (or empty) at validation, or failed at fetch; it failed when its
 * fetch failed or every fetched bar was rejected (`unitFailed`). The job is `running` until every
 * planned unit is terminal, then success, partial_failure or failure. Derived, not
 * accumulated, so applying an event twice cannot change a count.
 */
export async function refreshJobs(
  t: ITask<unknown>,
  jobIds: readonly string[],
): Promise<JobState[]> {
  if (jobIds.length === 0) return [];
  return t.any<JobState>(
    `WITH units AS (
       SELECT * FROM job_unit WHERE job_id IN ($1:csv)
     ), agg AS (
       SELECT job_id,
         count(*) FILTER (WHERE stage = 'planned') AS planned,
         count(*) FILTER (WHERE stage = 'fetch' AND status = 'fetched') AS fetched,
         count(DISTINCT unit_id) FILTER (WHERE ${unitFailed('units')}) AS failed,
         count(*) FILTER (WHERE stage = 'store') AS stored,
         coalesce(sum(bars) FILTER (WHERE stage = 'fetch'), 0) AS bars,
         coalesce(sum(flagged) FILTER (WHERE stage = 'validate'), 0) AS flagged,
         coalesce(sum(rejected) FILTER (WHERE stage = 'validate'), 0) AS rejected,
         coalesce(sum(rows) FILTER (WHERE stage = 'store'), 0) AS rows,
         count(DISTINCT unit_id) FILTER (WHERE ${unitFinished('units')}) AS terminal,
         max(recorded_at) AS last_at
       FROM units GROUP BY job_id
     ), failures AS (
       SELECT job_id, json_agg(json_build_object('asset', asset_id, 'unit', unit_id, 'error', error,
         'code', error_code, 'attempts', attempts) ORDER BY asset_id, unit_id)::text AS summary
       FROM units WHERE ${unitFailed('units')} GROUP BY job_id
     ), still_open AS (
       -- A stalled job's list of unfinished units, less those whose events arrived since.
       SELECT s.job_id, json_agg(e.unit ORDER BY e.n)::text AS summary
       FROM job_run s
       CROSS JOIN LATERAL json_array_elements(s.error_message::json) WITH ORDINALITY AS e(unit, n)
       WHERE s.job_id IN ($1:csv) AND s.stalled AND NOT EXISTS (
         SELECT 1 FROM units t WHERE t.job_id = s.job_id AND t.unit_id = e.unit->>'unit'
           AND ${unitFinished('t')})
       GROUP BY s.job_id
     )
     UPDATE job_run j SET
       units_fetched = a.fetched, units_failed = a.failed, units_stored = a.stored,
       bars_fetched = a.bars, bars_flagged = a.flagged, bars_rejected = a.rejected, rows_written = a.rows,
       status = CASE
         WHEN a.terminal >= j.units_planned THEN
           CASE WHEN a.failed = 0 THEN 'success' WHEN a.failed >= j.units_planned THEN 'failure' ELSE 'partial_failure' END
         WHEN j.stalled THEN CASE WHEN a.terminal > 0 THEN 'partial_failure' ELSE 'failure' END
         ELSE 'running' END,
       stalled = j.stalled AND a.terminal < j.units_planned,
       ended_at = CASE WHEN a.terminal >= j.units_planned THEN coalesce(j.ended_at, a.last_at)
                       WHEN j.stalled THEN j.ended_at ELSE NULL END,
       error_message = CASE WHEN j.stalled AND a.terminal < j.units_planned
                            THEN coalesce(o.summary, j.error_message) ELSE f.summary END,
       updated_at = now()
     FROM agg a LEFT JOIN failures f ON f.job_id = a.job_id LEFT JOIN still_open o ON o.job_id = a.job_id
     WHERE j.job_id = a.job_id
     RETURNING j.job_id, j.job_name, j.status, j.stalled, j.alerted_status, j.error_message,
       j.started_at, j.ended_at`,
    [jobIds],
  );
}

/**
 * Jobs still running with no progress for `stallAfterMs`: they end as failure (or
 * partial_failure when some units finished), stalled, naming the units that never finished.
 */
export async function markStalledJobs(
  db: Database,
  stallAfterMs: number,
  now: Date,
): Promise<JobState[]> {
  return db.any<JobState>(
    `WITH stale AS (
       SELECT job_id FROM job_run
        WHERE status = 'running' AND updated_at < $2::timestamptz - ($1 || ' milliseconds')::interval
        FOR UPDATE SKIP LOCKED
     ), unfinished AS (
       SELECT p.job_id, json_agg(json_build_object('asset', p.asset_id, 'unit', p.unit_id,
         'error', 'not finished: no progress for ' || round($1 / 60000.0, 1) || ' min', 'attempts', 0)
         ORDER BY p.asset_id, p.unit_id)::text AS summary, count(*) AS open_units
       FROM job_unit p JOIN stale s ON s.job_id = p.job_id
       WHERE p.stage = 'planned' AND NOT EXISTS (
         SELECT 1 FROM job_unit t WHERE t.job_id = p.job_id AND t.unit_id = p.unit_id
           AND ${unitFinished('t')})
       GROUP BY p.job_id
     )
     UPDATE job_run j SET
       stalled = true,
       status = CASE WHEN u.open_units >= j.units_planned THEN 'failure' ELSE 'partial_failure' END,
       ended_at = $2::timestamptz,
       error_message = u.summary,
       updated_at = $2::timestamptz
     FROM unfinished u WHERE j.job_id = u.job_id
     RETURNING j.job_id, j.job_name, j.status, j.stalled, j.alerted_status, j.error_message,
       j.started_at, j.ended_at`,
    [String(stallAfterMs), now.toISOString()],
  );
}

/** Remembers that an alert went out for the job's current state. */
export async function markAlerted(
  t: ITask<unknown> | Database,
  jobId: string,
  alertedStatus: string,
): Promise<void> {
  await t.none('UPDATE job_run SET alerted_status = $2 WHERE job_id = $1', [jobId, alertedStatus]);
}
