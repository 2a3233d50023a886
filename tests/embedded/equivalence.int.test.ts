import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase } from '../../src/db/database.js';
import { cliEnv, sourcesAt } from '../support/cli-env.js';
import { type FakeMarketServer, startFakeMarketServer } from '../support/fake-market-server.js';
import { createTestDatabase, requireServices } from '../support/integration.js';
import { jobIdIn } from '../support/log-lines.js';
import { createPipelineFixture, type PipelineFixture } from '../support/pipeline-fixture.js';
import { WINDOW_ARGS } from '../support/produce-args.js';
import { type RunningCli, runCli } from '../support/run-cli.js';

const { services, skip } = requireServices('kafka', 'registry', 'postgres');

const ROWS = `SELECT asset_id, date, source, open, high, low, close, volume, flags
                FROM price_daily ORDER BY asset_id, date, source`;
const JOBS = `SELECT job_name, status, units_planned, units_fetched, units_failed, units_stored,
                     bars_fetched, bars_flagged, bars_rejected, rows_written,
                     error_message IS NOT NULL AS has_errors
                FROM job_run ORDER BY started_at`;

describe.skipIf(skip)('embedded and Kafka wiring give the same tables', () => {
  let fixture: PipelineFixture;
  let embeddedDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let market: FakeMarketServer;
  let consumers: RunningCli;

  const sources = () => ({
    ...sourcesAt(market.baseUrl),
    FETCH_MAX_RETRIES: '1',
    FETCH_BASE_DELAY_MS: '5',
    LOG_LEVEL: 'info',
  });
  const kafkaEnv = () => ({ ...sources(), ...cliEnv(fixture) });

  beforeAll(async () => {
    fixture = await createPipelineFixture(services);
    embeddedDb = await createTestDatabase(services.postgresAdminUrl ?? '');
    market = await startFakeMarketServer();
    consumers = await fixture.startConsumers(kafkaEnv());
  });

  afterAll(async () => {
    await market?.close();
    await embeddedDb?.drop();
    await fixture?.cleanup();
  });

  it('stores the same rows and records the same job outcomes', { timeout: 180_000 }, async () => {
    const jobs = [
      ['--start', '2026-01-05', '--end', '2026-02-20', '--source', 'sample', '--chunk-days', '10'],
      WINDOW_ARGS,
    ];
    for (const args of jobs) {
      market.modes.upbit = args.includes('sample') ? 'ok' : 'down';
      const embedded = await runCli('src/cli/produce.ts', args, {
        ...sources(),
        DATABASE_URL: embeddedDb.url,
      });
      expect(embedded.code, embedded.stderr).toBe(0);
      const viaKafka = await runCli('src/cli/produce.ts', args, kafkaEnv());
      expect(viaKafka.code, viaKafka.stderr).toBe(0);
      const jobId = jobIdIn(viaKafka.stdout);
      const deadline = Date.now() + 60_000;
      while (
        (await fixture.db.oneOrNone(
          `SELECT 1 FROM job_run WHERE job_id = $1 AND status <> 'running'`,
          [jobId],
        )) === null
      ) {
        if (Date.now() > deadline) {
          throw new Error(
            `the Kafka job ${jobId} did not finish:\n${consumers.output().slice(-2000)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }

    const embedded = createDatabase(embeddedDb.url);
    try {
      const [embeddedRows, kafkaRows] = [await embedded.any(ROWS), await fixture.db.any(ROWS)];
      expect(kafkaRows.length).toBeGreaterThan(200);
      expect(embeddedRows).toEqual(kafkaRows);
      const [embeddedJobs, kafkaJobs] = [await embedded.any(JOBS), await fixture.db.any(JOBS)];
      expect(kafkaJobs.map((job) => job.status)).toEqual(['success', 'partial_failure']);
      expect(embeddedJobs).toEqual(kafkaJobs);
    } finally {
      await closeDatabase(embedded);
    }
  });
});
