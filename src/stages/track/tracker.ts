import type { Alert, Alerter } from '../../alerts/alerter.js';
import type { JobEvent } from '../../contracts/events.js';
import type { Database } from '../../db/database.js';
import type { Logger } from '../../logging/logger.js';
import type { Clock } from '../../ports/clock.js';
import type { JobState, UnitProblem } from './job-tracking/job-state.js';
import { markAlerted } from './job-tracking/mark-alerted.js';
import { markStalledJobs } from './job-tracking/mark-stalled-jobs.js';
import { recordJobEvents } from './job-tracking/record-job-events.js';
import { refreshJobRuns } from './job-tracking/refresh-job-runs.js';

export interface TrackerPorts {
  db: Database;
  alerter: Alerter;
  clock: Clock;
  logger: Logger;
  /** A running job with no progress for this long is declared stalled. */
  stallAfterMs: number;
}

const ALERTING = new Set(['partial_failure', 'failure']);

function alertFor(job: JobState, label: string, at: Date): Alert {
  const byAsset = new Map<string, UnitProblem>();
  for (const unit of job.problem_units) if (!byAsset.has(unit.asset)) byAsset.set(unit.asset, unit);
  return {
    title: `job ${job.job_name} (${job.job_id}) ${label}`,
    status: label,
    lines: [...byAsset.values()].map(
      (unit) =>
        `- ${unit.asset}: ${unit.error}${unit.attempts ? ` (${unit.attempts} attempts)` : ''}`,
    ),
    at,
  };
}

/**
 * The job tracker: folds `ingest.jobs` into `job_run` and its per-unit state, idempotent under
 * redelivery, and alerts once per job state change (partial_failure, failure, stalled). The
 * alert is marked sent in the same transaction as the state it reports, then sent: a crash in
 * between loses that alert rather than repeating it.
 */
export function createTracker(ports: TrackerPorts) {
  const { db, alerter, clock, logger } = ports;

  async function sendAlerts(pending: { job: JobState; label: string }[]) {
    for (const { job, label } of pending) {
      await alerter.send(alertFor(job, label, new Date(clock.now())));
    }
  }

  return {
    async handle(events: readonly JobEvent[]): Promise<JobState[]> {
      const pending: { job: JobState; label: string }[] = [];
      const states = await db.tx('tracker-batch', async (t) => {
        const { touched, orphans } = await recordJobEvents(t, events);
        for (const orphan of orphans) {
          logger.warn(
            { jobId: orphan.jobId, type: orphan.type },
            'event of a job whose JobStarted was never seen; skipped',
          );
        }
        const jobs = await refreshJobRuns(t, touched);
        for (const job of jobs) {
          const label = job.stalled ? 'stalled' : job.status;
          if ((ALERTING.has(job.status) || job.stalled) && job.alerted_status !== label) {
            await markAlerted(t, job.job_id, label);
            pending.push({ job, label });
          }
          if (job.status !== 'running')
            logger.info(
              { jobId: job.job_id, status: job.status },
              `job ${job.job_name} ${job.status}`,
            );
        }
        return jobs;
      });
      await sendAlerts(pending);
      return states;
    },

    /** Declares running jobs without progress stalled, and alerts about each once. */
    async checkStalled(): Promise<JobState[]> {
      const stalled = await markStalledJobs(db, ports.stallAfterMs, new Date(clock.now()));
      const pending = stalled.filter((job) => job.alerted_status !== 'stalled');
      for (const job of pending) {
        await markAlerted(db, job.job_id, 'stalled');
        logger.warn({ jobId: job.job_id, status: job.status }, `job ${job.job_name} stalled`);
      }
      await sendAlerts(pending.map((job) => ({ job, label: 'stalled' })));
      return stalled;
    },
  };
}

export type Tracker = ReturnType<typeof createTracker>;
