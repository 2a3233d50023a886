import type { RecentJob } from '../db/recent-jobs.js';
import { formatTable } from '../terminal/text-table.js';
import type { StageStatus } from './stage-status.js';

export interface StatusReport {
  at: string;
  /** Null in embedded mode (no KAFKA_BROKERS): there are no always-on stages. */
  stages: StageStatus[] | null;
  jobs: RecentJob[];
  staleAssets: string[];
  assets: number;
}

const time = (value: Date | null) =>
  value === null ? '-' : value.toISOString().replace('T', ' ').slice(0, 19);

/** The one-screen text of `npm run status`. */
export function statusScreen(report: StatusReport): string {
  const parts = [`market-collector status at ${report.at}`, ''];
  if (report.stages === null) {
    parts.push('stages: none (embedded mode: KAFKA_BROKERS is not set)');
  } else {
    parts.push(
      formatTable(
        ['stage', 'state', 'members', 'lag', 'records/s', 'group'],
        report.stages.map((stage) => [
          stage.stage,
          stage.up ? 'up' : `DOWN (${stage.groupState})`,
          String(stage.members),
          String(stage.lag),
          stage.recordsPerSecond === null ? '-' : String(stage.recordsPerSecond),
          stage.group,
        ]),
      ),
    );
  }
  parts.push('', 'last jobs');
  parts.push(
    report.jobs.length === 0
      ? '(none yet)'
      : formatTable(
          [
            'started (UTC)',
            'job',
            'status',
            'ended (UTC)',
            'rows',
            'flagged',
            'rejected',
            'failed units',
          ],
          report.jobs.map((job) => [
            time(job.started_at),
            job.job_name,
            job.status,
            time(job.ended_at),
            String(job.rows_written),
            String(job.bars_flagged),
            String(job.bars_rejected),
            String(job.units_failed),
          ]),
        ),
  );
  parts.push(
    '',
    report.staleAssets.length === 0
      ? `stale assets: 0 of ${report.assets}`
      : `stale assets: ${report.staleAssets.length} of ${report.assets} (${report.staleAssets.join(', ')})`,
  );
  return parts.join('\n');
}

/** The `--json` document: the same numbers, dates as ISO strings. */
export function statusDocument(report: StatusReport): unknown {
  return {
    ...report,
    jobs: report.jobs.map((job) => ({
      ...job,
      started_at: job.started_at.toISOString(),
      ended_at: job.ended_at?.toISOString() ?? null,
    })),
  };
}
