import { cliEnv, sourcesAt } from '../../support/cli-env.js';
import type { FakeMarketServer } from '../../support/fake-market-server.js';
import { jobIdIn } from '../../support/log-lines.js';
import { createPipelineFixture, type PipelineFixture } from '../../support/pipeline-fixture.js';
import { type RunningCli, runCli, startCli } from '../../support/run-cli.js';
import type { ServiceEndpoints } from '../../support/service-endpoints.js';
import {
  finishedJobRow,
  type JobRow,
  jobRow,
  type PriceSnapshot,
  priceRows,
  priceSnapshot,
  rowCount,
  waitForRowCount,
} from './database.js';
import { groupLag } from './lag.js';
import { stopOrKill } from './processes.js';
import { waitUntil } from './wait-until.js';

/**
 * One run of the pipeline against a fresh fixture (own topic prefix, consumer groups and
 * database): consumers as CLI processes, the producer as a one-shot CLI, and polling helpers
 * that ride out a database outage.
 */
export interface PipelineRun {
  fixture: PipelineFixture;
  /** The environment the CLIs run with (alerts off unless a webhook URL was given). */
  env(extra?: Record<string, string>): Record<string, string>;
  /** `consume <stage>`, resolved once it logs that it runs. */
  startConsumers(stage: string, extra?: Record<string, string>): Promise<RunningCli>;
  /** `produce ...` to its end; resolves with the job id (fails unless it exits 0, silently). */
  produce(args: string[], extra?: Record<string, string>): Promise<string>;
  /** `produce ...` in the background (to kill it, or to fault the bus under it). */
  startProduce(args: string[], extra?: Record<string, string>): BackgroundCli;
  /** Polls `job_run` until the job leaves `running`. */
  finishedJob(jobId: string, timeoutMs?: number): Promise<JobRow>;
  /**
   * The job once final and once the tracker has read every lifecycle event in the log: after a
   * broker fault a producer's retried UnitFetched can land behind the sink's UnitStored, so the
   * status is final a moment before the last counter is.
   */
  settledJob(jobId: string, timeoutMs?: number): Promise<JobRow>;
  job(jobId: string): Promise<JobRow>;
  prices(): Promise<PriceSnapshot>;
  /** Every `price_daily` row as text (all columns but `ingested_at`), by key. */
  priceRows(): Promise<Map<string, string>>;
  rowCount(): Promise<number>;
  /** Polls `price_daily` until it holds at least `rows` rows; resolves with the count seen. */
  waitForRows(rows: number, timeoutMs?: number): Promise<number>;
  /** Output of every consumer process started so far, for failure messages. */
  consumerOutput(): string;
  /** Stops every consumer still running, then drops the fixture's topics and database. */
  dispose(): Promise<void>;
}

export interface PipelineRunOptions {
  /** Anything serving the Naver, Yahoo and Upbit formats at `baseUrl`. */
  market?: Pick<FakeMarketServer, 'baseUrl'>;
  webhookUrl?: string;
  /** Settings for every CLI of the run (consumers and producers), over the defaults below. */
  env?: Record<string, string>;
}

/** A CLI running in the background, with its exit code once it ends. */
export interface BackgroundCli extends RunningCli {
  exited: Promise<number | null>;
}

export async function createPipelineRun(
  services: ServiceEndpoints,
  options: PipelineRunOptions = {},
): Promise<PipelineRun> {
  const fixture = await createPipelineFixture(services);
  const consumers: RunningCli[] = [];
  const producers: RunningCli[] = [];

  const env = (extra: Record<string, string> = {}) => ({
    ...cliEnv(fixture),
    ...(options.market === undefined ? {} : sourcesAt(options.market.baseUrl)),
    ALERT_WEBHOOK_URL: options.webhookUrl ?? '',
    FETCH_MAX_RETRIES: '1',
    FETCH_BASE_DELAY_MS: '5',
    // The validator compares a unit's first bar with the latest close stored so far; when it runs
    // ahead of the sink (a backfill, a sink that is down) that close can be months old, and the
    // unit gets price_spike flags that depend on timing. No sample move is anywhere near 1000%,
    // so this threshold keeps the flags (and bars_flagged) a function of the data alone.
    SPIKE_THRESHOLD: '10',
    LOG_LEVEL: 'info',
    ...options.env,
    ...extra,
  });

  const consumerOutput = () =>
    consumers
      .map((c, i) => `--- consumer ${i} (${c.child.spawnargs.at(-1)}):\n${c.output()}`)
      .join('\n');

  return {
    fixture,
    env,
    consumerOutput,
    async startConsumers(stage, extra = {}) {
      const running = startCli('src/cli/consume.ts', [stage], env(extra));
      consumers.push(running);
      await running.waitFor(/"msg":"running /, 60_000);
      return running;
    },
    async produce(args, extra = {}) {
      const result = await runCli('src/cli/produce.ts', args, env(extra), 120_000);
      if (result.code !== 0 || result.stderr !== '') {
        throw new Error(`produce exited ${result.code}:\n${result.stderr}\n${result.stdout}`);
      }
      return jobIdIn(result.stdout);
    },
    startProduce(args, extra = {}) {
      const running = startCli('src/cli/produce.ts', args, env(extra));
      producers.push(running);
      // Listening now, in the tick that spawned it: 'close' cannot have fired yet.
      const exited = new Promise<number | null>((resolve) =>
        running.child.on('close', (code) => resolve(code)),
      );
      return {
        ...running,
        exited,
        // A one-shot command may end before it prints what is awaited: say so at once.
        waitFor(pattern, timeoutMs) {
          const printed = running.waitFor(pattern, timeoutMs);
          const ended = exited.then((code) => {
            if (pattern.test(running.output())) return;
            throw new Error(
              `produce ended (exit ${code}) without output matching ${pattern}; output:\n${running.output().slice(-3000)}`,
            );
          });
          printed.catch(() => undefined);
          ended.catch(() => undefined);
          return Promise.race([printed, ended]);
        },
      };
    },
    job: (jobId) => jobRow(fixture, jobId),
    finishedJob: (jobId, timeoutMs = 60_000) =>
      finishedJobRow(fixture, jobId, timeoutMs, () => consumerOutput().slice(-6000)),
    async settledJob(jobId, timeoutMs = 60_000) {
      await finishedJobRow(fixture, jobId, timeoutMs, () => consumerOutput().slice(-6000));
      await waitUntil(
        'the tracker to read every job event',
        async () => (await groupLag(fixture, 'tracker', 'jobs')) === 0,
        { timeoutMs, everyMs: 250 },
      );
      return jobRow(fixture, jobId);
    },
    prices: () => priceSnapshot(fixture),
    priceRows: () => priceRows(fixture),
    rowCount: () => rowCount(fixture),
    waitForRows: (rows, timeoutMs = 60_000) =>
      waitForRowCount(fixture, rows, timeoutMs, () => consumerOutput().slice(-8000)),
    async dispose() {
      await Promise.allSettled([...producers, ...consumers].map((cli) => stopOrKill(cli)));
      await fixture.cleanup();
    },
  };
}
