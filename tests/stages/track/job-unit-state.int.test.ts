import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../src/contracts/events.js';
import { migrate } from '../../../src/db/migrate.js';
import { requireServices, testLogger } from '../../support/integration.js';
import { openTestDatabase } from '../../support/test-database.js';
import { useTrackerHarness } from '../../support/tracker-harness.js';

const { services, skip } = requireServices('postgres');

const at = (minute: number) => Date.parse(`2026-02-12T09:${String(minute).padStart(2, '0')}:00Z`);
let seq = 0;
const unit = (asset: string) => ({ unitId: `${asset}|u`, assetId: asset, source: 'sample' });
const started = (jobId: string, assets: string[]): JobEvent => ({
  type: 'JobStarted',
  eventId: `s${++seq}`,
  jobId,
  occurredAt: at(0),
  payload: {
    jobName: 'daily',
    params: '{}',
    plannedUnits: assets.map((a) => ({
      ...unit(a),
      windowStart: '2026-02-02',
      windowEnd: '2026-02-11',
    })),
  },
});
const fetched = (jobId: string, asset: string, barCount: number): JobEvent => ({
  type: 'UnitFetched',
  eventId: `f${++seq}`,
  jobId,
  occurredAt: at(1),
  payload: { ...unit(asset), barCount, attempts: 1, durationMs: 50 },
});
const validated = (jobId: string, asset: string, accepted: number, rejected: number): JobEvent => ({
  type: 'UnitValidated',
  eventId: `v${++seq}`,
  jobId,
  occurredAt: at(2),
  payload: {
    unitId: `${asset}|u`,
    assetId: asset,
    accepted,
    flagged: 0,
    rejected,
    warnings: [],
    flaggedDates: [],
  },
});
const stored = (jobId: string, asset: string, rowsWritten: number): JobEvent => ({
  type: 'UnitStored',
  eventId: `w${++seq}`,
  jobId,
  occurredAt: at(3),
  payload: { unitId: `${asset}|u`, assetId: asset, rowsWritten },
});

describe.skipIf(skip)('job_unit_state and job_run.unfinished_units against PostgreSQL', () => {
  const harness = useTrackerHarness(services.postgresAdminUrl ?? '', at(10));

  it('states each unit once: furthest stage, finished, failed, fetched and accepted bars apart', async () => {
    const job = '0b7c2a1e-1d2f-4c3b-8a9e-000000000001';
    await harness.tracker().handle([
      started(job, ['S', 'E', 'R', 'F', 'P', 'O']),
      fetched(job, 'S', 8),
      validated(job, 'S', 7, 1),
      stored(job, 'S', 7),
      fetched(job, 'E', 0),
      validated(job, 'E', 0, 0),
      fetched(job, 'R', 5),
      validated(job, 'R', 0, 5),
      {
        type: 'UnitFetchFailed',
        eventId: `x${++seq}`,
        jobId: job,
        occurredAt: at(1),
        payload: {
          ...unit('F'),
          errorCode: 'SOURCE_HTTP',
          error: 'HTTP 503',
          attempts: 3,
          durationMs: 900,
        },
      },
      fetched(job, 'P', 4),
    ]);
    const units = await harness.db.any(
      `SELECT asset_id, stage, status, finished, failed, bars_fetched, bars_accepted, failure_code
         FROM job_unit_state WHERE job_id = $1 ORDER BY asset_id`,
      [job],
    );
    expect(units).toEqual([
      {
        asset_id: 'E',
        stage: 'validate',
        status: 'empty',
        finished: true,
        failed: false,
        bars_fetched: 0,
        bars_accepted: 0,
        failure_code: null,
      },
      {
        asset_id: 'F',
        stage: 'fetch',
        status: 'failed',
        finished: true,
        failed: true,
        bars_fetched: 0,
        bars_accepted: 0,
        failure_code: 'SOURCE_HTTP',
      },
      {
        asset_id: 'O',
        stage: 'planned',
        status: 'planned',
        finished: false,
        failed: false,
        bars_fetched: 0,
        bars_accepted: 0,
        failure_code: null,
      },
      {
        asset_id: 'P',
        stage: 'fetch',
        status: 'fetched',
        finished: false,
        failed: false,
        bars_fetched: 4,
        bars_accepted: 0,
        failure_code: null,
      },
      {
        asset_id: 'R',
        stage: 'validate',
        status: 'all_rejected',
        finished: true,
        failed: true,
        bars_fetched: 5,
        bars_accepted: 0,
        failure_code: 'ALL_BARS_REJECTED',
      },
      {
        asset_id: 'S',
        stage: 'store',
        status: 'stored',
        finished: true,
        failed: false,
        bars_fetched: 8,
        bars_accepted: 7,
        failure_code: null,
      },
    ]);
    const run = await harness.db.one(
      'SELECT status, bars_fetched, units_failed, unfinished_units FROM job_run WHERE job_id = $1',
      [job],
    );
    expect(run).toEqual({
      status: 'running',
      bars_fetched: 17,
      units_failed: 2,
      unfinished_units: null,
    });
  });

  it("keeps a stalled job's unfinished units in their column, shrinking as late events arrive", async () => {
    const job = '0b7c2a1e-1d2f-4c3b-8a9e-000000000002';
    await harness.tracker().handle([started(job, ['X', 'Y', 'Z']), fetched(job, 'X', 2)]);
    harness.now = Date.now() + 120_000;
    // The first test's job, still running, stalls too.
    const stalled = await harness.tracker().checkStalled();
    expect(stalled.map((j) => j.job_id).sort()).toEqual([
      '0b7c2a1e-1d2f-4c3b-8a9e-000000000001',
      job,
    ]);
    const read = () =>
      harness.db.one(
        'SELECT status, stalled, unfinished_units, error_message FROM job_run WHERE job_id = $1',
        [job],
      );
    const first = await read();
    expect(first.status).toBe('failure');
    expect(first.unfinished_units.map((u: { unit: string }) => u.unit)).toEqual([
      'X|u',
      'Y|u',
      'Z|u',
    ]);
    // The message shows the same list; it is written from the column, never read back.
    expect(JSON.parse(first.error_message)).toEqual(first.unfinished_units);
    expect(harness.alerts.find((alert) => alert.title.includes(job))?.lines).toEqual([
      '- X: not finished: no progress for 1.0 min',
      '- Y: not finished: no progress for 1.0 min',
      '- Z: not finished: no progress for 1.0 min',
    ]);

    await harness.tracker().handle([validated(job, 'X', 2, 0), stored(job, 'X', 2)]);
    const late = await read();
    expect(late).toMatchObject({ status: 'partial_failure', stalled: true });
    expect(late.unfinished_units.map((u: { unit: string }) => u.unit)).toEqual(['Y|u', 'Z|u']);
    expect(JSON.parse(late.error_message)).toEqual(late.unfinished_units);

    await harness
      .tracker()
      .handle([
        fetched(job, 'Y', 0),
        validated(job, 'Y', 0, 0),
        fetched(job, 'Z', 1),
        validated(job, 'Z', 1, 0),
        stored(job, 'Z', 1),
      ]);
    expect(await read()).toEqual({
      status: 'success',
      stalled: false,
      unfinished_units: null,
      error_message: null,
    });
  });

  it("carries bars and a stalled job's list across the migration, and back down", async () => {
    const own = await openTestDatabase(services.postgresAdminUrl ?? '', { migrated: false });
    const logger = testLogger('migrate');
    try {
      await migrate({ databaseUrl: own.url, direction: 'up', logger });
      await migrate({ databaseUrl: own.url, direction: 'down', count: 1, logger });
      const job = '0b7c2a1e-1d2f-4c3b-8a9e-000000000003';
      const list = [{ asset: 'Y', unit: 'Y|u', error: 'not finished', attempts: 0 }];
      await own.db.none(
        `INSERT INTO job_run (job_id, job_name, status, started_at, units_planned, stalled, error_message)
         VALUES ($1, 'daily', 'partial_failure', now(), 2, true, $2)`,
        [job, JSON.stringify(list)],
      );
      await own.db.none(
        `INSERT INTO job_unit (job_id, unit_id, stage, asset_id, status, bars, recorded_at)
         VALUES ($1, 'X|u', 'fetch', 'X', 'fetched', 9, now()), ($1, 'X|u', 'validate', 'X', 'validated', 8, now())`,
        [job],
      );
      await migrate({ databaseUrl: own.url, direction: 'up', logger });
      expect(
        await own.db.any(
          'SELECT stage, bars_fetched, bars_accepted FROM job_unit WHERE job_id = $1 ORDER BY stage',
          [job],
        ),
      ).toEqual([
        { stage: 'fetch', bars_fetched: 9, bars_accepted: 0 },
        { stage: 'validate', bars_fetched: 0, bars_accepted: 8 },
      ]);
      expect(
        await own.db.one('SELECT unfinished_units FROM job_run WHERE job_id = $1', [job]),
      ).toEqual({ unfinished_units: list });
      await migrate({ databaseUrl: own.url, direction: 'down', count: 1, logger });
      expect(
        await own.db.map(
          'SELECT bars FROM job_unit WHERE job_id = $1 ORDER BY stage',
          [job],
          (row: { bars: number }) => row.bars,
        ),
      ).toEqual([9, 8]);
    } finally {
      await own.close();
    }
  });
});
