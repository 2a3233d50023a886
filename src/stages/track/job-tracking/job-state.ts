export type JobStatus = 'running' | 'success' | 'partial_failure' | 'failure';

/** One unit an alert names: a failed unit, or for a stalled job one that never finished. */
export interface UnitProblem {
  asset: string;
  unit: string;
  error: string;
  code?: string | null;
  attempts?: number;
}

/** A job_run row as the tracker's updates return it. */
export interface JobState {
  job_id: string;
  job_name: string;
  status: JobStatus;
  stalled: boolean;
  alerted_status: string | null;
  error_message: string | null;
  /**
   * The units the job's alert names, as a value: for a stalled job its `unfinished_units`,
   * otherwise its failed units. Read from columns, so nothing parses `error_message`.
   */
  problem_units: UnitProblem[];
  started_at: string;
  ended_at: string | null;
}

/** The job_run columns every tracker update returns (alias `j`), shaped as `JobState`. */
export const JOB_STATE_COLUMNS = `j.job_id, j.job_name, j.status, j.stalled, j.alerted_status,
  j.error_message, j.started_at, j.ended_at`;

/** The counters the tracker folds into `job_run`, in the order pages and reports show them. */
export const JOB_RUN_COUNTERS = [
  'units_planned',
  'units_fetched',
  'units_failed',
  'units_stored',
  'bars_fetched',
  'bars_flagged',
  'bars_rejected',
  'rows_written',
] as const;
