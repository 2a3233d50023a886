import type { ITask } from 'pg-promise';
import type { Database } from '../../../db/database.js';

/** Remembers that an alert went out for the job's current state. */
export async function markAlerted(
  t: ITask<unknown> | Database,
  jobId: string,
  alertedStatus: string,
): Promise<void> {
  await t.none('UPDATE job_run SET alerted_status = $2 WHERE job_id = $1', [jobId, alertedStatus]);
}
