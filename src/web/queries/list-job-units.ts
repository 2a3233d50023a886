import type { Database } from '../../db/database.js';

/** One unit of a job: the furthest stage the tracker saw and what happened there. */
export interface JobUnitRow {
  unit_id: string;
  asset_id: string;
  /** planned, fetch, validate or store: the furthest stage recorded. */
  stage: string;
  status: string;
  attempts: number;
  /** Bars the source returned for the unit (`job_unit_state.bars_fetched`). */
  bars: number;
  rows: number;
  error_code: string | null;
  error: string | null;
}

/**
 * A job's units from `job_unit_state`, which keeps the furthest stage recorded (planned < fetch
 * < validate < store) with its status, the fetch attempts and the first error any stage
 * recorded. The job filter reaches the view's scan of job_unit's primary key.
 */
export function listJobUnits(db: Database, jobId: string): Promise<JobUnitRow[]> {
  return db.any<JobUnitRow>(
    `SELECT unit_id, asset_id, stage, status, attempts, bars_fetched AS bars, rows, error_code, error
       FROM job_unit_state WHERE job_id = $1 ORDER BY unit_id`,
    [jobId],
  );
}
