import type { Database } from '../../db/database.js';
import { JOB_COLUMNS, type JobRow } from './list-jobs.js';

/** One job by id, or null. */
export function readJob(db: Database, jobId: string): Promise<JobRow | null> {
  return db.oneOrNone<JobRow>(`SELECT ${JOB_COLUMNS} FROM job_run WHERE job_id = $1`, [jobId]);
}
