import type { JobOutcome } from '../ports/job-transport.js';
import type { EmbeddedPipeline } from './embedded-pipeline.js';

/**
 * Runs every stage until no event is left, then reads the job's final state from `job_run`
 * ('unknown' and zeros if the tracker never recorded it).
 */
export async function finishEmbeddedJob(
  pipeline: EmbeddedPipeline,
  jobId: string,
): Promise<JobOutcome> {
  await pipeline.settle();
  const job = await pipeline.db.oneOrNone<{
    status: string;
    rows_written: number;
    bars_rejected: number;
    units_failed: number;
    error_message: string | null;
  }>(
    `SELECT status, rows_written, bars_rejected, units_failed, error_message
       FROM job_run WHERE job_id = $1`,
    [jobId],
  );
  return {
    status: job?.status ?? 'unknown',
    rowsWritten: job?.rows_written ?? 0,
    barsRejected: job?.bars_rejected ?? 0,
    unitsFailed: job?.units_failed ?? 0,
    errorMessage: job?.error_message ?? null,
  };
}
