import type { Database } from './database.js';

export interface JobOutcomeStats {
  /** Jobs that ended, by status (success, partial_failure, failure). */
  finished: Record<string, number>;
  /** Per job name, when its last successful job ended, Unix seconds. */
  lastSuccess: Record<string, number>;
}

/**
 * Ended jobs by status and the last success per job name, in one scan of job_run:
 *
 *   kind 'finished' | 'last_success', label (status or job name), value
 */
export async function readJobOutcomeStats(db: Database): Promise<JobOutcomeStats> {
  const rows = await db.any<{ kind: string; label: string; value: number }>(
    `SELECT 'finished' AS kind, status AS label, count(*)::float8 AS value
       FROM job_run WHERE status <> 'running' GROUP BY status
     UNION ALL
     SELECT 'last_success', job_name, extract(epoch FROM max(ended_at))::float8
       FROM job_run WHERE status = 'success' AND ended_at IS NOT NULL GROUP BY job_name`,
  );
  const stats: JobOutcomeStats = { finished: {}, lastSuccess: {} };
  for (const row of rows) {
    if (row.kind === 'finished') stats.finished[row.label] = row.value;
    else stats.lastSuccess[row.label] = row.value;
  }
  return stats;
}
