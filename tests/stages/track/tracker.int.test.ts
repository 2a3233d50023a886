import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../src/contracts/events.js';
import { requireServices } from '../../support/integration.js';
import { useTrackerHarness } from '../../support/tracker-harness.js';

const { services, skip } = requireServices('postgres');

const JOB = '7d1c2f5e-6a3b-4f0e-9c1d-2b3a4c5d6e7f';
const at = (minute: number) => Date.parse(`2026-02-12T09:${String(minute).padStart(2, '0')}:00Z`);
const unit = (asset: string) => ({ unitId: `${asset}|u`, assetId: asset, source: 'sample' });
let seq = 0;
const event = (e: Omit<JobEvent, 'eventId' | 'jobId'>): JobEvent =>
  ({ ...e, eventId: `e${++seq}`, jobId: JOB }) as JobEvent;

const events: JobEvent[] = [
  event({
    type: 'JobStarted',
    occurredAt: at(0),
    payload: {
      jobName: 'daily',
      params: '{}',
      plannedUnits: ['A', 'B', 'C'].map((a) => ({
        ...unit(a),
        windowStart: '2026-02-02',
        windowEnd: '2026-02-11',
      })),
    },
  }),
  event({
    type: 'UnitFetched',
    occurredAt: at(1),
    payload: { ...unit('A'), barCount: 8, attempts: 1, durationMs: 50 },
  }),
  event({
    type: 'UnitFetched',
    occurredAt: at(1),
    payload: { ...unit('B'), barCount: 8, attempts: 2, durationMs: 700 },
  }),
  event({
    type: 'UnitFetchFailed',
    occurredAt: at(2),
    payload: {
      ...unit('C'),
      errorCode: 'SOURCE_HTTP',
      error: 'HTTP 503',
      attempts: 4,
      durationMs: null,
    },
  }),
  event({
    type: 'UnitValidated',
    occurredAt: at(3),
    payload: {
      unitId: 'A|u',
      assetId: 'A',
      accepted: 7,
      flagged: 1,
      rejected: 1,
      warnings: [],
      flaggedDates: ['2026-02-03'],
    },
  }),
  event({
    type: 'UnitValidated',
    occurredAt: at(3),
    payload: {
      unitId: 'B|u',
      assetId: 'B',
      accepted: 0,
      flagged: 0,
      rejected: 8,
      warnings: [],
      flaggedDates: [],
    },
  }),
  event({
    type: 'UnitStored',
    occurredAt: at(4),
    payload: { unitId: 'A|u', assetId: 'A', rowsWritten: 7 },
  }),
];

describe.skipIf(skip)('job tracker against PostgreSQL', () => {
  const harness = useTrackerHarness(services.postgresAdminUrl ?? '', at(10));

  it('folds a job to partial_failure, and the same events again change nothing nor alert twice', async () => {
    const running = await harness.tracker().handle(events.slice(0, 3));
    expect(running[0]?.status).toBe('running');
    await harness.tracker().handle(events.slice(3));
    const first = await harness.db.one('SELECT * FROM job_run WHERE job_id = $1', [JOB]);
    expect(first).toMatchObject({
      status: 'partial_failure',
      units_planned: 3,
      units_fetched: 2,
      // C failed to fetch; B's 8 bars were all rejected, so B failed too.
      units_failed: 2,
      units_stored: 1,
      bars_fetched: 16,
      bars_flagged: 1,
      bars_rejected: 9,
      rows_written: 7,
    });
    expect(first.ended_at).toEqual(new Date(at(4)));
    expect(JSON.parse(first.error_message)).toEqual([
      {
        asset: 'B',
        unit: 'B|u',
        error:
          'all 8 fetched bar(s) rejected by validation, none stored; the reasons are on ohlcv.flagged',
        code: 'ALL_BARS_REJECTED',
        attempts: 0,
      },
      { asset: 'C', unit: 'C|u', error: 'HTTP 503', code: 'SOURCE_HTTP', attempts: 4 },
    ]);
    expect(harness.alerts).toHaveLength(1);
    expect(harness.alerts[0]?.lines.join('\n')).toMatch(/B: all 8 fetched bar\(s\) rejected/);
    expect(harness.alerts[0]?.lines.join('\n')).toMatch(/C: HTTP 503 \(4 attempts\)/);

    await harness.tracker().handle([...events].reverse());
    const again = await harness.db.one('SELECT * FROM job_run WHERE job_id = $1', [JOB]);
    expect({ ...again, updated_at: null }).toEqual({ ...first, updated_at: null });
    expect(harness.alerts).toHaveLength(1);
  });

  it('declares a job without progress stalled, naming the unfinished units, once', async () => {
    const stalledJob = '8e2d3f6a-7b4c-4a1f-8d2e-3c4b5d6e7f80';
    await harness.tracker().handle([
      {
        type: 'JobStarted',
        eventId: 's1',
        jobId: stalledJob,
        occurredAt: at(0),
        payload: {
          jobName: 'daily',
          params: '{}',
          plannedUnits: ['X', 'Y'].map((a) => ({
            ...unit(a),
            windowStart: '2026-02-02',
            windowEnd: '2026-02-11',
          })),
        },
      },
    ]);
    harness.now = Date.now() + 120_000;
    const stalled = await harness.tracker().checkStalled();
    expect(stalled.map((job) => [job.job_id, job.status, job.stalled])).toEqual([
      [stalledJob, 'failure', true],
    ]);
    expect(
      JSON.parse(stalled[0]?.error_message ?? '[]').map((u: { asset: string }) => u.asset),
    ).toEqual(['X', 'Y']);
    expect(harness.alerts.at(-1)?.status).toBe('stalled');
    const count = harness.alerts.length;
    expect(await harness.tracker().checkStalled()).toEqual([]);
    expect(harness.alerts).toHaveLength(count);
  });
});
