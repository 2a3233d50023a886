import { isConnectionError } from '../../../src/connection-errors.js';
import { JOB_RUN_COUNTERS } from '../../../src/stages/track/job-tracking/job-state.js';
import type { PipelineFixture } from '../../support/pipeline-fixture.js';
import { waitUntil } from './wait-until.js';

/**
 * The counters the tracker folds into `job_run`, with the final status: what a faulted run must
 * end with to count as "the same job as an undisturbed run".
 */
export const JOB_COUNTERS = JOB_RUN_COUNTERS;

export type JobOutcome = { status: string } & Record<(typeof JOB_COUNTERS)[number], number>;

export interface JobRow extends JobOutcome {
  job_id: string;
  ended_at: Date | null;
  error_message: string | null;
  alerted_status: string | null;
  /** Ended by the stall check rather than by its units. */
  stalled: boolean;
}

/** `price_daily` reduced to what must match between runs: every column but `ingested_at`. */
export interface PriceSnapshot {
  rows: number;
  /** md5 over the sorted rows, so a single changed digit shows. */
  checksum: string;
  /** Row count per asset, to say where a mismatch is. */
  perAsset: Record<string, number>;
}

export function outcomeOf(job: JobOutcome): JobOutcome {
  const outcome = { status: job.status } as JobOutcome;
  for (const counter of JOB_COUNTERS) outcome[counter] = job[counter];
  return outcome;
}

export function jobRow(fixture: PipelineFixture, jobId: string): Promise<JobRow> {
  return fixture.db.one<JobRow>('SELECT * FROM job_run WHERE job_id = $1', [jobId]);
}

/**
 * Polls `job_run` until the job leaves `running`. The database may be down on purpose: a
 * connection error is one more "not yet" until the deadline.
 */
export async function finishedJobRow(
  fixture: PipelineFixture,
  jobId: string,
  timeoutMs: number,
  detail: () => string,
): Promise<JobRow> {
  let last = 'unknown';
  return waitUntil(
    `job ${jobId} to leave running`,
    async () => {
      try {
        const row = await fixture.db.oneOrNone<JobRow>('SELECT * FROM job_run WHERE job_id = $1', [
          jobId,
        ]);
        if (row !== null && row.status !== 'running') return row;
        last = row?.status ?? 'not recorded';
      } catch (error) {
        if (!isConnectionError(error)) throw error;
        last = 'unknown (database unreachable)';
      }
      return undefined;
    },
    { timeoutMs, everyMs: 250, detail: () => `job ${jobId} still ${last}\n${detail()}` },
  );
}

export async function rowCount(fixture: PipelineFixture): Promise<number> {
  const { count } = await fixture.db.one<{ count: number }>(
    'SELECT count(*)::int AS count FROM price_daily',
  );
  return count;
}

/** Polls `price_daily` until it holds at least `rows` rows; resolves with the count seen. */
export async function waitForRowCount(
  fixture: PipelineFixture,
  rows: number,
  timeoutMs: number,
  detail: () => string,
): Promise<number> {
  let count = 0;
  return waitUntil(
    `price_daily to hold ${rows} rows`,
    async () => {
      count = await rowCount(fixture);
      return count >= rows ? count : undefined;
    },
    { timeoutMs, everyMs: 20, detail: () => `price_daily holds ${count} rows\n${detail()}` },
  );
}

/** The columns compared between runs, as one line per row, in key order. */
const PRICE_LINE = `concat_ws('|', asset_id, date, source, open, high, low, close,
  coalesce(volume::text, 'null'), flags::text)`;

/** Every `price_daily` row as text (all columns but `ingested_at`), by key. */
export async function priceRows(fixture: PipelineFixture): Promise<Map<string, string>> {
  const rows = await fixture.db.any<{ key: string; line: string }>(
    `SELECT concat_ws('|', asset_id, date, source) AS key, ${PRICE_LINE} AS line
     FROM price_daily ORDER BY asset_id, date, source`,
  );
  return new Map(rows.map((row) => [row.key, row.line]));
}

/**
 * The checksum covers asset_id, date, source, open, high, low, close, volume and flags, in key
 * order; float8 prints its shortest exact form, so equal doubles give equal text.
 */
export async function priceSnapshot(fixture: PipelineFixture): Promise<PriceSnapshot> {
  const { rows, checksum } = await fixture.db.one<{ rows: number; checksum: string }>(
    `SELECT count(*)::int AS rows,
       coalesce(md5(string_agg(
         ${PRICE_LINE},
         E'\\n' ORDER BY asset_id, date, source)), '') AS checksum
     FROM price_daily`,
  );
  const perAsset: Record<string, number> = {};
  for (const row of await fixture.db.any<{ asset_id: string; count: number }>(
    'SELECT asset_id, count(*)::int AS count FROM price_daily GROUP BY asset_id ORDER BY asset_id',
  )) {
    perAsset[row.asset_id] = row.count;
  }
  return { rows, checksum, perAsset };
}

/** The job's planned units that `job_unit_state` does not count finished. */
export async function unfinishedUnits(fixture: PipelineFixture, jobId: string): Promise<string[]> {
  const units = await fixture.db.map(
    'SELECT unit_id FROM job_unit_state WHERE job_id = $1 AND planned AND NOT finished',
    [jobId],
    (row: { unit_id: string }) => row.unit_id,
  );
  return units.sort();
}
