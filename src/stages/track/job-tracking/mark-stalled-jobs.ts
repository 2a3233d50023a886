import type { Database } from '../../../db/database.js';
import { JOB_STATE_COLUMNS, type JobState } from './job-state.js';

/**
 * Jobs still running with no progress for `stallAfterMs`: they end as failure (or
 * partial_failure when some units finished), stalled. Their planned units that `job_unit_state`
 * does not count finished go to `unfinished_units`, and `error_message` shows that list.
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
       SELECT u.job_id, jsonb_agg(jsonb_build_object('asset', u.asset_id, 'unit', u.unit_id,
         'error', 'not finished: no progress for ' || round($1 / 60000.0, 1) || ' min', 'attempts', 0)
         ORDER BY u.asset_id, u.unit_id) AS units, count(*) AS open_units
       -- The stale ids as one array parameter: a filter the planner pushes into the view's
       -- scan of job_unit's primary key (a join, even LATERAL, would aggregate every job's units).
       FROM job_unit_state u
       WHERE u.job_id = ANY (ARRAY(SELECT job_id FROM stale)) AND u.planned AND NOT u.finished
       GROUP BY u.job_id
     )
     UPDATE job_run j SET
       stalled = true,
       status = CASE WHEN u.open_units >= j.units_planned THEN 'failure' ELSE 'partial_failure' END,
       ended_at = $2::timestamptz,
       unfinished_units = u.units,
       error_message = u.units::text,
       updated_at = $2::timestamptz
     FROM unfinished u WHERE j.job_id = u.job_id
     RETURNING ${JOB_STATE_COLUMNS}, u.units AS problem_units`,
    [String(stallAfterMs), now.toISOString()],
  );
}
