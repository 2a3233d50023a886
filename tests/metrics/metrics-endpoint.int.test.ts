import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobEvent, toIngestJobEvent } from '../../src/contracts/events.js';
import { parseMetricsText, type Sample, sumOf } from '../../src/metrics/parse-metrics-text.js';
import { consumerGroupId } from '../../src/pipeline/topology.js';
import { sendUndecodable } from '../fixtures/bus/send-undecodable.js';
import { barClosingAt } from '../support/bars.js';
import { cliEnv } from '../support/cli-env.js';
import { freePort } from '../support/free-port.js';
import { requireServices } from '../support/integration.js';
import {
  createPipelineFixture,
  type PipelineFixture,
  rawUnit,
} from '../support/pipeline-fixture.js';
import { type RunningCli, startCli } from '../support/run-cli.js';

const { services, skip } = requireServices('kafka', 'registry', 'postgres');

interface JobRow {
  status: string;
  rows_written: number;
  bars_flagged: number;
  bars_rejected: number;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(250);
  }
}

describe.skipIf(skip)('consume -- all serves /metrics, /healthz and /readyz', () => {
  let fixture: PipelineFixture;
  let consumers: RunningCli;
  let base: string;

  const scrape = async (): Promise<Sample[]> => {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return parseMetricsText(await response.text());
  };

  beforeAll(async () => {
    fixture = await createPipelineFixture(services);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    consumers = startCli('src/cli/consume.ts', ['all', '--metrics-port', String(port)], {
      ...cliEnv(fixture),
    });
    await consumers.waitFor(/"msg":"running /);
  });

  afterAll(async () => {
    expect(await consumers?.stop('SIGTERM')).toBe(0);
    await fixture?.cleanup();
  });

  it('answers /healthz, and /readyz once every stage joined its group', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await waitFor('readyz 200', async () => {
      const response = await fetch(`${base}/readyz`);
      return response.status === 200 ? response.json() : undefined;
    });
    expect(ready).toEqual({ ready: true });
    const samples = await scrape();
    for (const stage of ['validator', 'sink', 'tracker']) {
      expect(sumOf(samples, 'market_collector_stage_up', { stage })).toBe(1);
    }
    // Default process metrics are there too.
    expect(samples.some((sample) => sample.name === 'process_cpu_user_seconds_total')).toBe(true);
  });

  it('counts what a job did the way job_run does, and the lag returns to 0', async () => {
    const jobId = randomUUID();
    const window = { windowStart: '2026-02-02', windowEnd: '2026-02-06' };
    const spiky = rawUnit({
      jobId,
      ...window,
      unitId: `005930|sample|${window.windowStart}|${window.windowEnd}`,
      bars: [
        barClosingAt('2026-02-02', 100),
        barClosingAt('2026-02-03', 100),
        barClosingAt('2026-02-04', 100, { high: 90, low: 110 }), // rejected: high below low
        barClosingAt('2026-02-05', 150), // +50 %: price_spike
        barClosingAt('2026-02-06', 150),
      ],
    });
    const calm = rawUnit({
      jobId,
      ...window,
      assetId: '000660',
      sourceSymbol: '000660',
      unitId: `000660|sample|${window.windowStart}|${window.windowEnd}`,
      bars: ['02', '03', '04', '05', '06'].map((day) => barClosingAt(`2026-02-${day}`, 200)),
    });
    const units = [spiky, calm];
    const event = (e: Omit<JobEvent, 'eventId' | 'jobId' | 'occurredAt'>) => ({
      key: jobId,
      value: toIngestJobEvent({
        ...e,
        eventId: randomUUID(),
        jobId,
        occurredAt: Date.now(),
      } as JobEvent),
    });
    await fixture.publisher.publish('jobs', [
      event({
        type: 'JobStarted',
        payload: {
          jobName: 'metrics-test',
          params: '{}',
          plannedUnits: units.map((u) => ({
            unitId: u.unitId,
            assetId: u.assetId,
            source: u.source,
            windowStart: u.windowStart,
            windowEnd: u.windowEnd,
          })),
        },
      }),
    ]);
    await fixture.publisher.publish(
      'raw',
      units.map((u) => ({ key: u.assetId, value: u })),
    );
    await fixture.publisher.publish(
      'jobs',
      units.map((u) =>
        event({
          type: 'UnitFetched',
          payload: {
            unitId: u.unitId,
            assetId: u.assetId,
            source: u.source,
            barCount: u.bars.length,
            attempts: u.assetId === '005930' ? 3 : 1,
            durationMs: u.assetId === '005930' ? 2_500 : 500,
          },
        }),
      ),
    );

    const job = await waitFor('the job to end', async () => {
      const row = await fixture.db.oneOrNone<JobRow>(
        'SELECT status, rows_written, bars_flagged, bars_rejected FROM job_run WHERE job_id = $1',
        [jobId],
      );
      return row !== null && row.status !== 'running' ? row : undefined;
    });
    expect(job).toEqual({ status: 'success', rows_written: 9, bars_flagged: 1, bars_rejected: 1 });

    const prefix = fixture.settings.kafka.topicPrefix;
    // Lag and job outcomes are refreshed every 5 s, off the scrape path.
    const samples = await waitFor('lag 0 and the job counted', async () => {
      const now = await scrape();
      const caughtUp = (['validator', 'sink', 'tracker'] as const).every(
        (stage) =>
          now.some(
            (s) =>
              s.name === 'market_collector_consumer_group_lag' &&
              s.labels.group === consumerGroupId(prefix, stage),
          ) &&
          sumOf(now, 'market_collector_consumer_group_lag', {
            group: consumerGroupId(prefix, stage),
          }) === 0,
      );
      const counted = sumOf(now, 'market_collector_jobs_finished_total', { status: 'success' });
      return caughtUp && counted === 1 ? now : undefined;
    });

    expect(sumOf(samples, 'market_collector_rows_upserted_total')).toBe(job.rows_written);
    expect(sumOf(samples, 'market_collector_bars_flagged_total', { code: 'price_spike' })).toBe(
      job.bars_flagged,
    );
    expect(sumOf(samples, 'market_collector_bars_rejected_total')).toBe(job.bars_rejected);
    // Labelled by the first reason: this bar broke high >= low first.
    expect(sumOf(samples, 'market_collector_bars_rejected_total', { code: 'high_below_low' })).toBe(
      1,
    );
    expect(sumOf(samples, 'market_collector_bars_validated_total')).toBe(9);
    const sample = { source: 'sample' };
    const counted: [string, Record<string, string>, number][] = [
      ['records_consumed_total', { stage: 'validator', topic: fixture.topics.raw }, 2],
      ['records_produced_total', { stage: 'sink' }, 2],
      // Two units: 005930 took 3 attempts in 2.5 s, the other 1 in 0.5 s.
      ['source_fetch_attempts_total', sample, 4],
      ['source_fetch_retries_total', sample, 2],
      ['source_fetch_duration_seconds_count', sample, 2],
      ['source_fetch_duration_seconds_sum', sample, 3],
    ];
    for (const [name, labels, value] of counted) {
      expect(sumOf(samples, `market_collector_${name}`, labels), name).toBe(value);
    }
    expect(
      sumOf(samples, 'market_collector_batch_duration_seconds_count', { stage: 'sink' }),
    ).toBeGreaterThan(0);
    const lastSuccess = sumOf(samples, 'market_collector_job_last_success_timestamp_seconds', {
      job_name: 'metrics-test',
    });
    expect(Math.abs(lastSuccess - Date.now() / 1000)).toBeLessThan(120);
    // No per-asset or per-job label anywhere.
    for (const sample of samples) {
      expect(Object.keys(sample.labels)).not.toContain('asset');
      expect(Object.values(sample.labels)).not.toContain(jobId);
      expect(Object.values(sample.labels)).not.toContain('005930');
    }
  });

  it('moves the DLQ counter by one for one poison message', async () => {
    const dlq = (samples: Sample[]) =>
      sumOf(samples, 'market_collector_dlq_messages_total', { topic: fixture.topics.raw });
    const before = dlq(await scrape());
    await sendUndecodable(fixture.kafka, fixture.topics.raw, 'x', 'not avro at all');
    const after = await waitFor('the poison message dead-lettered', async () => {
      const value = dlq(await scrape());
      return value > before ? value : undefined;
    });
    expect(after).toBe(before + 1);
  });
});
