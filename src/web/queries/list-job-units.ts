import type { Database } from '../../db/database.js';

/** One unit of a job: the furthest stage the tracker saw and what happened there. */
export interface JobUnitRow {
  unit_id: string;
  asset_id: string;
  /** planned, fetch, validate or store: the furthest stage recorded. */
  stage: string;
  status: string;
  attempts: number;
  bars: number;
  rows: number;
  error_code: string | null;
  error: string | null;
}

/**
 * A job's units, each at the furthest stage recorded (planned < fetch < validate < store), with
 * the fetch attempts and the first error text any stage recorded. Reads the job's rows of the
 * primary key (job_id, unit_id, stage) only.
 */
export function listJobUnits(db: Database, jobId: string): Promise<JobUnitRow[]> {
  return db.any<JobUnitRow>(
    `SELECT DISTINCT ON (u.unit_id) u.unit_id, u.asset_id, u.stage, u.status,
            max(u.attempts) OVER w AS attempts, max(u.bars) OVER w AS bars,
            max(u.rows) OVER w AS rows,
            (array_remove(array_agg(u.error_code) OVER w, NULL))[1] AS error_code,
            (array_remove(array_agg(u.error) OVER w, NULL))[1] AS error
       FROM job_unit u
      WHERE u.job_id = $1
     WINDOW w AS (PARTITION BY u.unit_id ORDER BY u.unit_id
                  ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
      ORDER BY u.unit_id,
               array_position(ARRAY['store', 'validate', 'fetch', 'planned'], u.stage)`,
    [jobId],
  );
}
