import type { ITask } from 'pg-promise';
import type { JobEvent } from '../../../contracts/events.js';
import { findKnownJobs } from './find-known-jobs.js';
import { insertJobUnits } from './insert-job-units.js';
import { insertStartedJobs } from './insert-started-jobs.js';
import { unitRows } from './unit-rows.js';

/**
 * Records a batch of lifecycle events: the started jobs, then every event's unit rows. Unit
 * events of a job whose JobStarted was never seen are skipped (returned as orphans), since the
 * job's plan is unknown. Returns the jobs touched.
 */
export async function recordJobEvents(
  t: ITask<unknown>,
  events: readonly JobEvent[],
): Promise<{ touched: string[]; orphans: JobEvent[] }> {
  await insertStartedJobs(
    t,
    events.filter(
      (event): event is Extract<JobEvent, { type: 'JobStarted' }> => event.type === 'JobStarted',
    ),
  );
  const jobIds = [...new Set(events.map((event) => event.jobId))];
  const known = await findKnownJobs(t, jobIds);
  const orphans = events.filter((event) => !known.has(event.jobId));
  await insertJobUnits(t, events.filter((event) => known.has(event.jobId)).flatMap(unitRows));
  return { touched: jobIds.filter((id) => known.has(id)), orphans };
}
