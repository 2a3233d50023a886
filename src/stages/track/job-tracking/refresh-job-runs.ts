import type { ITask } from 'pg-promise';
import { JOB_STATE_COLUMNS, type JobState } from './job-state.js';

/**
 * Derives each job's counters, status and error summary from its units in `job_unit_state`
 * (the view that defines when a unit is finished and when it failed). The job is `running`
 * until every planned unit is finished, then success, partial_failure or failure. Derived, not
 * accumulated, so applying an event twice cannot change a count.
 *
 * A stalled job keeps its stalled status while units are missing; its `unfinished_units` drops
 * those whose events arrived since, and `error_message` shows that list. Once every unit is
 * finished it ends like any job and `unfinished_units` is cleared. `error_message` is only
 * written here, from columns and the view, never read back.
 */
export async function refreshJobRuns(
  t: ITask<unknown>,
  jobIds: readonly string[],
): Promise<JobState[]> {
  if (jobIds.length === 0) return [];
  return t.any<JobState>(
    `WITH units AS (
       SELECT * FROM job_unit_state WHERE job_id IN ($1:csv)
     ), agg AS (
       SELECT job_id,
         count(*) FILTER (WHERE fetched) AS fetched,
         count(*) FILTER (WHERE failed) AS failed,
         count(*) FILTER (WHERE stored) AS stored,
         coalesce(sum(bars_fetched), 0) AS bars,
         coalesce(sum(flagged), 0) AS flagged,
         coalesce(sum(rejected), 0) AS rejected,
         coalesce(sum(rows), 0) AS rows,
         count(*) FILTER (WHERE finished) AS finished,
         max(last_recorded_at) AS last_at
       FROM units GROUP BY job_id
     ), failures AS (
       SELECT job_id, json_agg(json_build_object('asset', asset_id, 'unit', unit_id,
         'error', failure_error, 'code', failure_code, 'attempts', failure_attempts)
         ORDER BY asset_id, unit_id) AS summary
       FROM units WHERE failed GROUP BY job_id
     ), still_open AS (
       SELECT s.job_id, jsonb_agg(e.unit ORDER BY e.n) AS units
       FROM job_run s
       CROSS JOIN LATERAL jsonb_array_elements(s.unfinished_units) WITH ORDINALITY AS e(unit, n)
       WHERE s.job_id IN ($1:csv) AND s.stalled AND NOT EXISTS (
         SELECT 1 FROM units u WHERE u.job_id = s.job_id AND u.unit_id = e.unit->>'unit' AND u.finished)
       GROUP BY s.job_id
     ), next AS (
       SELECT a.*, f.summary,
         j.stalled AND a.finished < j.units_planned AS still_stalled,
         CASE WHEN j.stalled AND a.finished < j.units_planned
              THEN coalesce(o.units, j.unfinished_units) END AS unfinished
       FROM agg a JOIN job_run j ON j.job_id = a.job_id
       LEFT JOIN failures f ON f.job_id = a.job_id LEFT JOIN still_open o ON o.job_id = a.job_id
     )
     UPDATE job_run j SET
       units_fetched = a.fetched, units_failed = a.failed, units_stored = a.stored,
       bars_fetched = a.bars, bars_flagged = a.flagged, bars_rejected = a.rejected, rows_written = a.rows,
       status = CASE
         WHEN a.finished >= j.units_planned THEN
           CASE WHEN a.failed = 0 THEN 'success' WHEN a.failed >= j.units_planned THEN 'failure' ELSE 'partial_failure' END
         WHEN j.stalled THEN CASE WHEN a.finished > 0 THEN 'partial_failure' ELSE 'failure' END
         ELSE 'running' END,
       stalled = a.still_stalled,
       ended_at = CASE WHEN a.finished >= j.units_planned THEN coalesce(j.ended_at, a.last_at)
                       WHEN j.stalled THEN j.ended_at ELSE NULL END,
       unfinished_units = a.unfinished,
       error_message = CASE WHEN a.still_stalled THEN a.unfinished::text ELSE a.summary::text END,
       updated_at = now()
     FROM next a
     WHERE j.job_id = a.job_id
     RETURNING ${JOB_STATE_COLUMNS},
       coalesce(a.unfinished, a.summary::jsonb, '[]'::jsonb) AS problem_units`,
    [jobIds],
  );
}
