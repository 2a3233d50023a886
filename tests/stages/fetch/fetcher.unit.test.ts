import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../src/catalog/assets.js';
import { fromIngestJobEvent, type RawUnit } from '../../../src/contracts/events.js';
import type { TopicKey } from '../../../src/contracts/topics.js';
import { AppError } from '../../../src/errors.js';
import type { OutgoingRecord, Publisher } from '../../../src/ports/publisher.js';
import { createFetcher, PublishFailedError } from '../../../src/stages/fetch/fetcher.js';
import { planUnits } from '../../../src/stages/fetch/plan-units.js';
import type { SourceAdapter } from '../../../src/stages/fetch/sources/source-adapter.js';
import { testLogger } from '../../support/integration.js';

function recordingPublisher(failOnCall?: number) {
  const sent: { topic: TopicKey; key: string; value: unknown }[] = [];
  let calls = 0;
  const publisher: Publisher = {
    async publish<K extends TopicKey>(topic: K, records: OutgoingRecord<K>[]) {
      calls += 1;
      if (calls === failOnCall) throw new Error('broker gone');
      for (const record of records) sent.push({ topic, key: record.key, value: record.value });
    },
  };
  return { publisher, sent };
}

const bar = (date: string) => ({
  date,
  open: 1,
  high: 2,
  low: 1,
  close: 2,
  volume: 10,
  halted: false,
});

const workingSource: SourceAdapter = {
  name: 'sample',
  fetchDaily: async ({ start }) => ({ bars: [bar(start)], attempts: 1 }),
};

let ids = 0;
const ports = (publisher: Publisher, sources: Partial<Record<string, SourceAdapter>>) => ({
  publisher,
  sources,
  clock: { now: () => 1_770_000_000_000 },
  newId: () => `id-${++ids}`,
  logger: testLogger(),
});

describe('fetcher', () => {
  it('publishes JobStarted with the plan, then each raw unit before its UnitFetched', async () => {
    const { publisher, sent } = recordingPublisher();
    const units = planUnits({
      assets: DEFAULT_CATALOG,
      start: '2026-02-02',
      end: '2026-02-11',
      chunkDays: 365,
      source: 'sample',
    });
    const summary = await createFetcher(ports(publisher, { sample: workingSource })).run({
      jobId: 'job-1',
      jobName: 'test',
      params: { start: '2026-02-02' },
      units,
    });
    expect(summary).toMatchObject({
      units: 7,
      unitsFetched: 7,
      unitsFailed: 0,
      bars: 7,
      assetsFailed: [],
    });

    const [first, ...rest] = sent;
    expect(first?.topic).toBe('jobs');
    const started = fromIngestJobEvent(first?.value as never);
    expect(started.type).toBe('JobStarted');
    if (started.type === 'JobStarted') expect(started.payload.plannedUnits).toHaveLength(7);

    for (const unit of units) {
      const rawIndex = rest.findIndex(
        (m) => m.topic === 'raw' && (m.value as RawUnit).unitId === unit.unitId,
      );
      const fetchedIndex = rest.findIndex(
        (m) =>
          m.topic === 'jobs' &&
          (m.value as { unitFetched?: { unitId: string } }).unitFetched?.unitId === unit.unitId,
      );
      expect(rawIndex).toBeGreaterThanOrEqual(0);
      expect(fetchedIndex).toBeGreaterThan(rawIndex);
      expect(rest[rawIndex]?.key).toBe(unit.asset.id);
      expect(rest[fetchedIndex]?.key).toBe('job-1');
    }
  });

  it('records a failing source as UnitFetchFailed and goes on with the other assets', async () => {
    const { publisher, sent } = recordingPublisher();
    const failing: SourceAdapter = {
      name: 'naver',
      fetchDaily: async () => {
        throw Object.assign(new AppError('SOURCE_BAD_RESPONSE', 'naver answered HTML'), {
          attempts: 4,
        });
      },
    };
    const units = planUnits({
      assets: DEFAULT_CATALOG,
      start: '2026-02-02',
      end: '2026-02-11',
      chunkDays: 365,
    });
    const summary = await createFetcher(
      ports(publisher, {
        naver: failing,
        yahoo: { ...workingSource, name: 'yahoo' },
        upbit: { ...workingSource, name: 'upbit' },
      }),
    ).run({ jobId: 'job-2', jobName: 'test', params: {}, units });

    expect(summary.assetsFailed.sort()).toEqual(['000660', '005930', '069500', 'KS11']);
    expect(summary.assetsOk.sort()).toEqual(['BTC/KRW', 'GC=F', 'US500']);
    const failures = sent
      .map((m) => (m.value as { unitFetchFailed?: unknown }).unitFetchFailed)
      .filter(Boolean);
    expect(failures).toHaveLength(4);
    expect(failures[0]).toMatchObject({
      errorCode: 'SOURCE_BAD_RESPONSE',
      error: 'naver answered HTML',
      attempts: 4,
    });
    expect(sent.filter((m) => m.topic === 'raw')).toHaveLength(3);
  });

  it('stops when the bus fails and says what was and was not sent', async () => {
    const { publisher } = recordingPublisher(4);
    const units = planUnits({
      assets: DEFAULT_CATALOG.slice(0, 3),
      start: '2026-02-02',
      end: '2026-02-11',
      chunkDays: 365,
      source: 'sample',
    });
    const run = createFetcher({
      ...ports(publisher, { sample: workingSource }),
      concurrency: 1,
    }).run({
      jobId: 'job-3',
      jobName: 'test',
      params: {},
      units,
    });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishFailedError);
    const failure = error as PublishFailedError;
    expect(failure.jobStartedSent).toBe(true);
    expect(failure.unitsSent).toEqual([units[0]?.unitId]);
    expect(failure.unitsNotSent).toEqual([units[1]?.unitId, units[2]?.unitId]);
    expect(failure.message).toMatch(/broker gone; sent JobStarted and 1 of 3 unit\(s\)/);
  });
});
