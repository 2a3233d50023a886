import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarFor } from '../../src/calendar/market-calendar.js';
import { DEFAULT_CATALOG } from '../../src/catalog/assets.js';
import { fromIngestJobEvent, type JobEvent, type RawUnit } from '../../src/contracts/events.js';
import { cliEnv, sourcesAt } from '../support/cli-env.js';
import { type FakeMarketServer, startFakeMarketServer } from '../support/fake-market-server.js';
import { requireServices } from '../support/integration.js';
import { jobIdIn } from '../support/log-lines.js';
import { createPipelineFixture, type PipelineFixture } from '../support/pipeline-fixture.js';
import { SAMPLE_JOB_ARGS, WINDOW_ARGS } from '../support/produce-args.js';
import { readTopic } from '../support/read-topic.js';
import { runCli } from '../support/run-cli.js';

const { services, skip } = requireServices('kafka', 'registry', 'postgres');

describe.skipIf(skip)('npm run produce against the real broker and registry', () => {
  // The catalog is the asset table: produce reads it from the fixture's database.
  let fixture: PipelineFixture;
  let market: FakeMarketServer;

  const produce = (args: readonly string[], env: Record<string, string> = {}) =>
    runCli('src/cli/produce.ts', args, {
      ...cliEnv(fixture),
      ...sourcesAt(market.baseUrl),
      FETCH_MAX_RETRIES: '2',
      FETCH_BASE_DELAY_MS: '5',
      FETCH_TIMEOUT_MS: '2000',
      ...env,
    });

  /** Every event of `ingest.jobs` and `ohlcv.raw` for one job, decoded through the registry. */
  async function eventsOf(jobId: string, expected: { jobEvents: number; rawUnits: number }) {
    const { kafka, codec, topics } = fixture;
    const decodeJobs = async (messages: { value: Buffer | null }[]) =>
      (await Promise.all(messages.map((m) => codec.decode('jobs', m.value as Buffer)))).map(
        fromIngestJobEvent,
      );
    const jobMessages = await readTopic(
      kafka,
      topics.jobs,
      (messages) => messages.length >= expected.jobEvents,
    );
    const jobEvents = (await decodeJobs(jobMessages)).filter((event) => event.jobId === jobId);
    const rawMessages = await readTopic(
      kafka,
      topics.raw,
      (messages) => messages.length >= expected.rawUnits,
    );
    const rawUnits = (
      await Promise.all(rawMessages.map((m) => codec.decode('raw', m.value as Buffer)))
    ).filter((unit) => unit.jobId === jobId);
    return { jobEvents, rawUnits, rawMessages };
  }

  beforeAll(async () => {
    fixture = await createPipelineFixture(services);
    market = await startFakeMarketServer();
  });

  afterAll(async () => {
    await market?.close();
    await fixture?.cleanup();
  });

  it('publishes one JobStarted, seven raw units and seven UnitFetched for the sample source', async () => {
    const result = await produce(SAMPLE_JOB_ARGS);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/7 asset\(s\) ok, 0 failed, 7 unit\(s\)/);
    const jobId = jobIdIn(result.stdout);

    const { jobEvents, rawUnits, rawMessages } = await eventsOf(jobId, {
      jobEvents: 8,
      rawUnits: 7,
    });
    const types = jobEvents.map((event) => event.type);
    expect(types.filter((type) => type === 'JobStarted')).toHaveLength(1);
    expect(types.filter((type) => type === 'UnitFetched')).toHaveLength(7);
    expect(types[0]).toBe('JobStarted');
    const started = jobEvents[0] as Extract<JobEvent, { type: 'JobStarted' }>;
    expect(started.payload.plannedUnits).toHaveLength(7);
    expect(JSON.parse(started.payload.params)).toMatchObject({
      start: '2026-02-02',
      source: 'sample',
    });

    expect(rawUnits).toHaveLength(7);
    for (const asset of DEFAULT_CATALOG) {
      const unit = rawUnits.find((candidate) => candidate.assetId === asset.id) as RawUnit;
      expect(unit.source).toBe('sample');
      expect(unit.bars.map((bar) => bar.date)).toEqual(
        calendarFor(asset.market).sessions('2026-02-02', '2026-02-11'),
      );
    }
    expect(rawMessages.map((m) => String(m.key)).sort()).toEqual(
      DEFAULT_CATALOG.map((a) => a.id).sort(),
    );
  });

  it('records the Naver assets as UnitFetchFailed when Naver answers garbage, and publishes the rest', async () => {
    market.modes.naver = 'garbage';
    const result = await produce(WINDOW_ARGS);
    market.modes.naver = 'ok';
    expect(result.code).toBe(0);
    const jobId = jobIdIn(result.stdout);
    expect(result.stdout).toMatch(/3 asset\(s\) ok, 4 failed \(005930, 000660, 069500, KS11\)/);

    const { jobEvents, rawUnits } = await eventsOf(jobId, { jobEvents: 16, rawUnits: 10 });
    const failed = jobEvents.flatMap((event) =>
      event.type === 'UnitFetchFailed' ? [event.payload] : [],
    );
    expect(failed.map((f) => f.assetId).sort()).toEqual(['000660', '005930', '069500', 'KS11']);
    for (const failure of failed) {
      expect(failure).toMatchObject({
        errorCode: 'SOURCE_BAD_RESPONSE',
        attempts: 3,
        source: 'naver',
      });
    }
    expect(rawUnits.map((unit) => unit.assetId).sort()).toEqual(['BTC/KRW', 'GC=F', 'US500']);
    expect(rawUnits.every((unit) => unit.bars.length > 0)).toBe(true);
  });

  it('exits 1 and sends nothing when the broker cannot be reached', async () => {
    const result = await produce(SAMPLE_JOB_ARGS, { KAFKA_BROKERS: '127.0.0.1:1' });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/cannot reach Kafka at 127.0.0.1:1 .*npm run infra:up.*KAFKA_BROKERS/);
  });

  it('exits 1 before sending anything when the registry cannot be reached', async () => {
    const result = await produce(SAMPLE_JOB_ARGS, {
      SCHEMA_REGISTRY_URL: 'http://127.0.0.1:1/apis/ccompat/v7',
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/schema registry/);
    expect(result.stdout).not.toMatch(/job .* started/);
  });
});
