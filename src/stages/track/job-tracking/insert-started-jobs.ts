import type { ITask } from 'pg-promise';
import type { JobEvent } from '../../../contracts/events.js';

type JobStarted = Extract<JobEvent, { type: 'JobStarted' }>;

/**
 * Creates the `job_run` row of each started job, `running` with its planned unit count. A job
 * seen started before keeps its row (ON CONFLICT DO NOTHING), so a redelivery changes nothing.
 */
export async function insertStartedJobs(
  t: ITask<unknown>,
  starts: readonly JobStarted[],
): Promise<void> {
  for (const event of starts) {
    await t.none(
      `INSERT INTO job_run (job_id, job_name, status, started_at, params, units_planned)
       VALUES ($1, $2, 'running', $3, $4::jsonb, $5) ON CONFLICT (job_id) DO NOTHING`,
      [
        event.jobId,
        event.payload.jobName,
        new Date(event.occurredAt),
        event.payload.params,
        event.payload.plannedUnits.length,
      ],
    );
  }
}
