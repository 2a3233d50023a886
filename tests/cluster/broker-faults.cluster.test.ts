import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerGroupId } from '../../src/pipeline/topology.js';
import {
  type CleanRunResult,
  cleanRun,
  createPipelineRun,
  expectNoDeadLetters,
  outcomeOf,
  type PipelineRun,
  waitForJobId,
} from '../faults/fault-harness.js';
import { requireServices } from '../support/integration.js';
import {
  activeController,
  BACKFILL,
  BACKFILL_ASSETS,
  groupCoordinator,
  node,
  partitionLeader,
  waitInSync,
  watchRows,
  writeSampleCatalog,
} from './cluster-harness.js';

const { services } = requireServices('kafka', 'registry', 'postgres');
/** What each case measured, printed at the end for docs/reliability.md. */
const figures: string[] = [];
/** Each case's row timeline and process output, to see where a pause went. */
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'cluster');

function keepArtifacts(label: string, files: Record<string, string>) {
  const dir = join(ARTIFACTS, label.replace(/[^a-z0-9]+/gi, '-'));
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

describe('a three-node cluster (RF 3, min ISR 2) losing brokers during a 200-asset backfill', () => {
  let catalog: string;
  let clean: CleanRunResult;
  const runs: PipelineRun[] = [];
  const env = () => ({ CATALOG_FILE: catalog });

  beforeAll(async () => {
    catalog = writeSampleCatalog(BACKFILL_ASSETS);
    clean = await cleanRun(services, BACKFILL, { env: env() });
    expect(clean.job.status).toBe('success');
    figures.push(`clean run: ${clean.prices.rows} rows in ${clean.elapsedMs} ms`);
  });

  afterAll(async () => {
    // Whatever happened, every node is up again for the next file.
    await node.startAll().catch(() => undefined);
    await Promise.allSettled(runs.map((run) => run.dispose()));
    rmSync(catalog, { force: true });
    console.info(`[cluster] ${figures.join('\n[cluster] ')}`);
  });

  /** Starts consumers and the backfill, and waits until a tenth of its units are published. */
  async function startBackfill() {
    const run = await createPipelineRun(services, { env: env() });
    runs.push(run);
    const consumers = await run.startConsumers('all');
    const producer = run.startProduce(BACKFILL);
    const jobId = await waitForJobId(producer, 60_000);
    const planned = clean.job.units_planned;
    await producer.waitFor(
      new RegExp(`"msg":"units: ${Math.ceil(planned / 10)}/${planned}"`),
      120_000,
    );
    return { run, consumers, producer, jobId };
  }

  /** The faulted run ends as the clean one: same job outcome, same rows, no DLQ, consumers up. */
  async function expectSameAsClean(run: PipelineRun, jobId: string, consumersExit: number | null) {
    const job = await run.settledJob(jobId, 180_000);
    expect(job.stalled).toBe(false);
    expect(outcomeOf(job)).toEqual(clean.job);
    expect(await run.prices()).toEqual(clean.prices);
    await expectNoDeadLetters(run.fixture);
    expect(consumersExit).toBeNull();
  }

  /** One broker killed under the running backfill, then started again and back in sync. */
  async function killOne(label: string, pick: (run: PipelineRun) => Promise<number>) {
    const { run, consumers, producer, jobId } = await startBackfill();
    const victim = await pick(run);
    const rows = watchRows(run, clean.prices.rows);
    const killedAt = Date.now();
    await node.kill(victim);
    const code = await producer.exited;
    const producerMs = Date.now() - killedAt;
    let pause: Awaited<ReturnType<typeof rows.stop>> | undefined;
    let restartedAt = 0;
    try {
      expect(code, producer.output().slice(-3000)).toBe(0);
      await expectSameAsClean(run, jobId, consumers.child.exitCode);
    } finally {
      pause = await rows.stop();
      keepArtifacts(label, {
        'producer.log': producer.output(),
        'consumers.log': run.consumerOutput(),
        'rows.tsv': `# ms after the kill at ${new Date(killedAt).toISOString()}\trows (node ${victim} killed)\n${pause.timeline.join('\n')}\n`,
      });
      // Started again whatever happened, so a failed case does not fail the next ones.
      restartedAt = Date.now();
      await node.start(victim);
    }
    const topics = Object.values(run.fixture.topics).filter((t) => typeof t === 'string');
    await waitInSync(run.fixture.kafka, topics as string[], victim);
    figures.push(
      `${label}: node ${victim} SIGKILLed; producer exit 0 ${producerMs} ms after the kill; ` +
        `longest pause in stored rows ${pause.ms} ms (from ${pause.fromMs} ms after the kill); ` +
        `node back in every ISR ${Date.now() - restartedAt} ms after its restart`,
    );
    return pause.ms;
  }

  it('the leader of ohlcv.raw partition 0 is killed: produce rides the election, the job succeeds', async () => {
    await killOne('raw partition 0 leader killed', (run) =>
      partitionLeader(run.fixture.kafka, run.fixture.topics.raw, 0),
    );
  });

  it('the active controller is killed mid-run: same outcome', async () => {
    await killOne('active controller killed', async () => activeController());
  });

  it("the broker a consumer's group talks to is killed: the stage resumes within 10 s", async () => {
    const pauseMs = await killOne('sink group coordinator killed', (run) =>
      groupCoordinator(
        run.fixture.kafka,
        consumerGroupId(run.fixture.settings.kafka.topicPrefix, 'sink'),
      ),
    );
    expect(pauseMs).toBeLessThan(10_000);
  });

  it('two of three brokers stopped: produce exits 1 naming the units not sent; the same command completes after they return', async () => {
    const { run, consumers, producer, jobId } = await startBackfill();
    const stopped = [2, 3];
    const stoppedAt = Date.now();
    await Promise.all(stopped.map((id) => node.stop(id)));
    const code = await producer.exited;
    const failedMs = Date.now() - stoppedAt;
    expect(code).toBe(1);
    const line = producer
      .output()
      .split('\n')
      .find((l) => l.startsWith('producer: '));
    expect(line, producer.output().slice(-3000)).toMatch(
      /sent JobStarted and \d+ of \d+ unit\(s\); not sent: /,
    );
    const first = await run.job(jobId);
    await node.startAll();
    const backAt = Date.now();

    const rerunId = await run.produce(BACKFILL);
    const rerun = await run.settledJob(rerunId, 180_000);
    expect(rerun.status).toBe('success');
    expect(outcomeOf(rerun)).toEqual(clean.job);
    // Upserts by key: the units sent twice left one row each, the same rows as a clean run.
    expect(await run.prices()).toEqual(clean.prices);
    await expectNoDeadLetters(run.fixture);
    expect(consumers.child.exitCode).toBeNull();
    figures.push(
      `two of three stopped: produce exit 1 after ${failedMs} ms (${line?.slice(0, 300)}); first job ${first.status}; ` +
        `re-run success ${Date.now() - backAt} ms after the brokers were back`,
    );
  });
});
