import type { ITask } from 'pg-promise';

/** The ids among `jobIds` that have a `job_run` row, i.e. whose JobStarted was recorded. */
export async function findKnownJobs(
  t: ITask<unknown>,
  jobIds: readonly string[],
): Promise<Set<string>> {
  if (jobIds.length === 0) return new Set();
  const known = await t.map(
    'SELECT job_id FROM job_run WHERE job_id IN ($1:csv)',
    [jobIds],
    (row: { job_id: string }) => row.job_id,
  );
  return new Set(known);
}
