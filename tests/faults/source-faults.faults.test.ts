import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../src/catalog/assets.js';
import { type FakeMarketServer, startFakeMarketServer } from '../support/fake-market-server.js';
import { requireServices } from '../support/integration.js';
import {
  type CleanRunResult,
  cleanRun,
  createPipelineRun,
  expectCleanRunOutcome,
  OWN_SOURCES_JOB,
  type PipelineRun,
} from './fault-harness.js';
import {
  type FaultMode,
  type FaultyMarketServer,
  type Provider,
  startFaultyMarketServer,
} from './faulty-market-server.js';

const { services, skip } = requireServices('kafka', 'registry', 'postgres');

/** Three retries, so a source failing twice per call still answers on the third attempt. */
const FETCH = { FETCH_MAX_RETRIES: '3', FETCH_BASE_DELAY_MS: '5' };

const assetsOf = (providers: Provider[]) =>
  DEFAULT_CATALOG.filter((asset) => (providers as string[]).includes(asset.source))
    .map((asset) => asset.id)
    .sort();

interface FetchRow {
  asset_id: string;
  status: string;
  attempts: number;
  error_code: string | null;
  error: string | null;
}

describe.skipIf(skip)('a market-data source answering 503s, HTML and truncated JSON', () => {
  let market: FakeMarketServer;
  let proxy: FaultyMarketServer | undefined;
  let run: PipelineRun | undefined;

  beforeAll(async () => {
    market = await startFakeMarketServer();
  });

  afterEach(async () => {
    await run?.dispose();
    run = undefined;
    await proxy?.close();
    proxy = undefined;
    Object.assign(market.modes, { naver: 'ok', yahoo: 'ok', upbit: 'ok' });
  });

  afterAll(async () => {
    await market?.close();
  });

  /** The job through the proxy in the given modes; resolves with the finished job and its rows. */
  async function faultedRun(modes: Partial<Record<Provider, FaultMode>>) {
    const faulty = await startFaultyMarketServer(market, { failuresBeforeOk: 2 });
    proxy = faulty;
    Object.assign(faulty.modes, modes);
    const faulted = await createPipelineRun(services, { market: faulty, env: FETCH });
    run = faulted;
    const started = Date.now();
    await faulted.startConsumers('all');
    const jobId = await faulted.produce(OWN_SOURCES_JOB);
    const job = await faulted.finishedJob(jobId, 90_000);
    const elapsedMs = Date.now() - started;
    const fetches = await faulted.fixture.db.any<FetchRow>(
      `SELECT asset_id, status, attempts, error_code, error FROM job_unit
       WHERE job_id = $1 AND stage = 'fetch' ORDER BY asset_id, unit_id`,
      [jobId],
    );
    return { faulty, faulted, job, fetches, elapsedMs };
  }

  it('a source failing twice (HTTP 503) on every call: the retries absorb it, the job ends success like an undisturbed run', async () => {
    const clean: CleanRunResult = await cleanRun(services, OWN_SOURCES_JOB, { market, env: FETCH });
    expect(clean.job.status).toBe('success');

    const { faulty, faulted, job, fetches, elapsedMs } = await faultedRun({
      naver: 'flapping',
      yahoo: 'flapping',
      upbit: 'flapping',
    });

    expect(job.status).toBe('success');
    await expectCleanRunOutcome(faulted, job, clean);
    // Every call really failed twice before it answered: two 503s and one 200 per distinct URL.
    for (const provider of ['naver', 'yahoo', 'upbit'] as const) {
      const distinct = faulty.urls[provider].size;
      expect(distinct).toBeGreaterThan(0);
      expect(faulty.answers[`${provider} 503`]).toBe(2 * distinct);
      expect(faulty.answers[`${provider} 200`]).toBe(distinct);
    }
    // ... and the units record the three attempts it took.
    expect(fetches).toHaveLength(clean.job.units_planned);
    expect(new Set(fetches.map((row) => `${row.status} after ${row.attempts}`))).toEqual(
      new Set(['fetched after 3']),
    );
    console.info(
      `[faults] flapping source: ${JSON.stringify(faulty.answers)}; job ${job.status}, ` +
        `${job.units_fetched}/${job.units_planned} units, ${job.rows_written} rows; ` +
        `${elapsedMs} ms against ${clean.elapsedMs} ms undisturbed`,
    );
  });

  it.each([
    {
      label: 'Yahoo answering HTML and Upbit truncated JSON',
      modes: { yahoo: 'html', upbit: 'truncated' },
    },
    { label: 'Naver answering truncated lists', modes: { naver: 'truncated' } },
  ] as const)(
    '$label: those assets end UnitFetchFailed and the job partial_failure, as with the source down',
    async ({ modes }) => {
      const broken = Object.keys(modes) as Provider[];
      // The reference: the same job with those providers down (HTTP 503) instead.
      for (const provider of broken) market.modes[provider] = 'down';
      const clean = await cleanRun(services, OWN_SOURCES_JOB, { market, env: FETCH });
      Object.assign(market.modes, { naver: 'ok', yahoo: 'ok', upbit: 'ok' });
      expect(clean.job.status).toBe('partial_failure');

      const { faulty, faulted, job, fetches, elapsedMs } = await faultedRun(modes);

      expect(job.status).toBe('partial_failure');
      await expectCleanRunOutcome(faulted, job, clean);

      // The failed units are exactly those of the broken providers' assets, each after every
      // retry, as an unreadable response.
      const failed = fetches.filter((row) => row.status === 'failed');
      expect([...new Set(failed.map((row) => row.asset_id))].sort()).toEqual(assetsOf(broken));
      expect(failed.length).toBe(job.units_failed);
      for (const row of failed) {
        expect(row.error_code).toBe('SOURCE_BAD_RESPONSE');
        expect(row.attempts).toBe(4);
        expect(row.error).toMatch(/answered a body that is not JSON/);
      }
      const named = (JSON.parse(job.error_message ?? '[]') as { asset: string }[]).map(
        (unit) => unit.asset,
      );
      expect([...new Set(named)].sort()).toEqual(assetsOf(broken));
      console.info(
        `[faults] ${Object.entries(modes)
          .map(([p, m]) => `${p} ${m}`)
          .join(', ')}: ${JSON.stringify(faulty.answers)}; job ${job.status}, ` +
          `${job.units_failed}/${job.units_planned} units failed (${assetsOf(broken).join(', ')}): ` +
          `${failed[0]?.error?.slice(0, 160)}; ${elapsedMs} ms against ${clean.elapsedMs} ms with the source down`,
      );
    },
  );
});
