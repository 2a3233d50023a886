import type { Database } from '../../db/database.js';

export const JOB_STATUSES = ['running', 'success', 'partial_failure', 'failure'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobRow {
  job_id: string;
  job_name: string;
  status: JobStatus;
  stalled: boolean;
  started_at: Date;
  ended_at: Date | null;
  params: Record<string, unknown>;
  error_message: string | null;
  units_planned: number;
  units_fetched: number;
  units_failed: number;
  units_stored: number;
  bars_fetched: number;
  bars_flagged: number;
  bars_rejected: number;
  rows_written: number;
  updated_at: Date;
}

export const JOB_COLUMNS = `job_id, job_name, status, stalled, started_at, ended_at, params, error_message,
  units_planned, units_fetched, units_failed, units_stored, bars_fetched, bars_flagged,
  bars_rejected, rows_written, updated_at`;

/** Jobs newest first, of one status when given: a scan of job_run_started_at_idx. */
export function listJobs(
  db: Database,
  options: { status: JobStatus | undefined; limit: number; offset: number },
): Promise<JobRow[]> {
  return db.any<JobRow>(
    `SELECT ${JOB_COLUMNS} FROM job_run
      WHERE ($1::text IS NULL OR status = $1)
      ORDER BY started_at DESC, job_id LIMIT $2 OFFSET $3`,
    [options.status ?? null, options.limit, options.offset],
  );
}
