import type { Database } from '../../db/database.js';
import { JOB_RUN_COUNTERS } from '../../stages/track/job-tracking/job-state.js';

export const JOB_STATUSES = ['running', 'success', 'partial_failure', 'failure'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobRow extends Record<(typeof JOB_RUN_COUNTERS)[number], number> {
  job_id: string;
  job_name: string;
  status: JobStatus;
  stalled: boolean;
  started_at: Date;
  ended_at: Date | null;
  params: Record<string, unknown>;
  error_message: string | null;
  updated_at: Date;
}

export const JOB_COLUMNS = `job_id, job_name, status, stalled, started_at, ended_at, params, error_message,
  ${JOB_RUN_COUNTERS.join(', ')}, updated_at`;

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
