import type { Database } from './database.js';

export interface RecentJob {
  job_id: string;
  job_name: string;
  status: string;
  started_at: Date;
  ended_at: Date | null;
  rows_written: number;
  bars_flagged: number;
  bars_rejected: number;
  units_failed: number;
}

/** The latest jobs of job_run, newest first. */
export async function readRecentJobs(db: Database, limit: number): Promise<RecentJob[]> {
  return db.any<RecentJob>(
    `SELECT job_id, job_name, status, started_at, ended_at, rows_written, bars_flagged,
            bars_rejected, units_failed
       FROM job_run ORDER BY started_at DESC LIMIT $1`,
    [limit],
  );
}
