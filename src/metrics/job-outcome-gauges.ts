import type { Database } from '../db/database.js';
import { readJobOutcomeStats } from '../db/job-outcome-stats.js';
import type { CollectorMetrics } from './collector-metrics.js';

/**
 * Copies job_run's ended jobs into jobs_finished_total and job_last_success_timestamp_seconds.
 * Read from the table rather than counted in memory, so a restarted tracker or a redelivered
 * event neither loses nor doubles a job; the counter only goes down if rows are deleted.
 */
export async function refreshJobOutcomeMetrics(
  db: Database,
  metrics: CollectorMetrics,
): Promise<void> {
  const stats = await readJobOutcomeStats(db);
  metrics.jobsFinished.reset();
  for (const [status, count] of Object.entries(stats.finished)) {
    metrics.jobsFinished.inc({ status }, count);
  }
  for (const [jobName, seconds] of Object.entries(stats.lastSuccess)) {
    metrics.jobLastSuccess.set({ job_name: jobName }, seconds);
  }
}
