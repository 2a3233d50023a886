import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isConnectionError } from '../../src/connection-errors.js';
import type { TopicKey } from '../../src/contracts/topics.js';
import { consumerGroupId } from '../../src/pipeline/topology.js';
import type { FakeMarketServer } from '../support/fake-market-server.js';
import { createPipelineFixture, type PipelineFixture } from '../support/pipeline-fixture.js';
import { type RunningCli, runCli, startCli } from '../support/run-cli.js';
import {
  type ServiceCommand,
  type ServiceName,
  serviceControl,
} from '../support/service-control.js';
import type { ServiceEndpoints } from '../support/service-endpoints.js';

/**
 * 7 assets x 3 years of the deterministic sample source in 10-day units: 770 units, 5,542 rows.
 * Two assets fetched at a time, the producer takes 3 to 9 s to publish it (measured here) and
 * rows arrive in `price_daily` all that time: long enough to hit the job in its middle. (With
 * 30-day units and 4 assets at once, all the rows landed within about 1.5 s.)
 */
export function largeJob(concurrency: number): string[] {
  return [
    '--start',
    '2022-01-01',
    '--end',
    '2024-12-31',
    '--source',
    'sample',
    '--chunk-days',
    '10',
    '--concurrency',
    String(concurrency),
  ];
}

export const LARGE_JOB = largeJob(2);

/**
 * The counters the tracker folds into `job_run`, with the final status: what a faulted run must
 * end with to count as "the same job as an undisturbed run".
 */
export const JOB_COUNTERS = [
  'units_planned',
  'units_fetched',
  'units_failed',
  'units_stored',
  'bars_fetched',
  'bars_flagged',
  'bars_rejected',
  'rows_written',
] as const;

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
    KAFKA_BROKERS: fixture.settings.kafka.brokers?.join(',') ?? '',
    SCHEMA_REGISTRY_URL: fixture.settings.schemaRegistry.url,
    KAFKA_TOPIC_PREFIX: fixture.settings.kafka.topicPrefix,
    DATABASE_URL: fixture.databaseUrl,
    ...(options.market === undefined
      ? {}
      : {
          NAVER_BASE_URL: options.market.baseUrl,
          YAHOO_BASE_URL: options.market.baseUrl,
          UPBIT_BASE_URL: options.market.baseUrl,
        }),
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

  async function rowCount(): Promise<number> {
    const { count } = await fixture.db.one<{ count: number }>(
      'SELECT count(*)::int AS count FROM price_daily',
    );
    return count;
  }

  async function job(jobId: string): Promise<JobRow> {
    return fixture.db.one<JobRow>('SELECT * FROM job_run WHERE job_id = $1', [jobId]);
  }

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
      const jobId = /job ([0-9a-f-]{36}) published/.exec(result.stdout)?.[1];
      if (jobId === undefined) throw new Error(`no job id in:\n${result.stdout}`);
      return jobId;
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
    job,
    async finishedJob(jobId, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let last = 'unknown';
      for (;;) {
        try {
          const row = await fixture.db.oneOrNone<JobRow>(
            'SELECT * FROM job_run WHERE job_id = $1',
            [jobId],
          );
          if (row !== null && row.status !== 'running') return row;
          last = row?.status ?? 'not recorded';
        } catch (error) {
          // The database may be down on purpose; keep asking until the deadline.
          if (!isConnectionError(error)) throw error;
          last = 'unknown (database unreachable)';
        }
        if (Date.now() > deadline) {
          throw new Error(
            `job ${jobId} still ${last} after ${timeoutMs} ms\n${consumerOutput().slice(-6000)}`,
          );
        }
        await sleep(250);
      }
    },
    prices: () => priceSnapshot(fixture),
    priceRows: () => priceRows(fixture),
    rowCount,
    async waitForRows(rows, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const count = await rowCount();
        if (count >= rows) return count;
        if (Date.now() > deadline) {
          throw new Error(
            `price_daily holds ${count} rows after ${timeoutMs} ms, not ${rows}\n${consumerOutput().slice(-8000)}`,
          );
        }
        await sleep(20);
      }
    },
    async dispose() {
      await Promise.allSettled([...producers, ...consumers].map((cli) => stopOrKill(cli)));
      await fixture.cleanup();
    },
  };
}

/** The columns compared between runs, as one line per row, in key order. */
const PRICE_LINE = `concat_ws('|', asset_id, date, source, open, high, low, close,
  coalesce(volume::text, 'null'), flags::text)`;

async function priceRows(fixture: PipelineFixture): Promise<Map<string, string>> {
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
async function priceSnapshot(fixture: PipelineFixture): Promise<PriceSnapshot> {
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

export interface CleanRunResult {
  job: JobOutcome;
  prices: PriceSnapshot;
  /** Every row by key, when asked for with `keepRows`. */
  rows?: Map<string, string>;
  elapsedMs: number;
}

/**
 * The reference: the same produce command into a fresh fixture, with `consume all` running
 * undisturbed from start to end.
 */
export async function cleanRun(
  services: ServiceEndpoints,
  produceArgs: string[],
  options: PipelineRunOptions & { keepRows?: boolean } = {},
): Promise<CleanRunResult> {
  const run = await createPipelineRun(services, options);
  try {
    const started = Date.now();
    await run.startConsumers('all');
    const jobId = await run.produce(produceArgs);
    const job = await run.finishedJob(jobId, 120_000);
    const elapsedMs = Date.now() - started;
    const prices = await run.prices();
    if (options.keepRows !== true) return { job: outcomeOf(job), prices, elapsedMs };
    return { job: outcomeOf(job), prices, rows: await run.priceRows(), elapsedMs };
  } finally {
    await run.dispose();
  }
}

/** SIGTERM, and SIGKILL for whatever is still alive 20 s later. */
async function stopOrKill(cli: RunningCli): Promise<void> {
  const exited = cli.stop('SIGTERM');
  const late = await Promise.race([exited.then(() => false), sleep(20_000).then(() => true)]);
  if (late) await killHard(cli);
}

/** The pids of the process's children (Linux /proc). */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((part) => part !== '')
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * Kills a CLI the way a crash would: SIGKILL to the node process that runs the command. `tsx`
 * runs it as a child of its own wrapper process, which only relays catchable signals; killing
 * the wrapper alone would leave the consumer running as an orphan. Resolves with the pids
 * killed once they are gone.
 */
export async function killHard(cli: RunningCli): Promise<number[]> {
  const killed: number[] = [];
  const wrapper = cli.child.pid;
  if (wrapper !== undefined) {
    for (const pid of childPids(wrapper)) {
      let command = '';
      try {
        command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue; // gone already
      }
      if (command.includes('src/cli/')) {
        process.kill(pid, 'SIGKILL');
        killed.push(pid);
      }
    }
  }
  await cli.stop('SIGKILL');
  await waitUntil('the killed process to be gone', async () => killed.every(isGone), 10_000);
  return killed;
}

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

/**
 * Stops, kills or starts a shared service through whichever way runs the infrastructure
 * (scripts/infra or docker compose, see service-control.ts); start waits until it answers.
 */
export function infra(service: ServiceName, command: ServiceCommand): Promise<string> {
  return serviceControl().run(service, command);
}

/** Polls until the check passes, or fails naming what it waited for. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Messages a topic holds (all partitions, from the low to the high watermark). */
export async function messageCount(fixture: PipelineFixture, topic: string): Promise<number> {
  const admin = fixture.kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Messages in each consumed topic's `.dlq`. An outage is no reason to dead-letter anything: a
 * message there is a unit the tables will never hold.
 */
export async function deadLetters(fixture: PipelineFixture): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const topic of Object.values(fixture.topics.dlq)) {
    counts[topic] = await messageCount(fixture, topic);
  }
  return counts;
}

/** Messages of the stage's input topic its consumer group has not committed yet. */
export async function groupLag(
  fixture: PipelineFixture,
  stage: 'validator' | 'sink' | 'tracker',
  input: TopicKey,
): Promise<number> {
  const admin = fixture.kafka.admin();
  await admin.connect();
  try {
    const topic = fixture.topics[input];
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({
      groupId: consumerGroupId(fixture.settings.kafka.topicPrefix, stage),
      topics: [topic],
    });
    return ends.reduce((lag, end) => {
      const offset = Number(
        committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1',
      );
      return lag + Number(end.high) - Math.max(offset, Number(end.low));
    }, 0);
  } finally {
    await admin.disconnect();
  }
}

/** The id of the job a produce run started, from its `job <id> started` line. */
export function startedJobId(output: string): string | undefined {
  return /job ([0-9a-f-]{36}) started/.exec(output)?.[1];
}

/** The output's JSON log lines (pino), skipping anything else (stderr lines, cut lines). */
export function logLines(output: string): Array<Record<string, unknown> & { msg?: string }> {
  const lines: Array<Record<string, unknown> & { msg?: string }> = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line) as Record<string, unknown> & { msg?: string });
    } catch {
      // A line cut by interleaved output.
    }
  }
  return lines;
}

/**
 * True once every stage's group has committed all of its input topic. Asked in pipeline order:
 * a stage commits only after its outputs are acknowledged, so when the validator has nothing
 * left, whatever it published is already counted in the sink's lag, and so on.
 */
export async function stagesCaughtUp(fixture: PipelineFixture): Promise<boolean> {
  return (
    (await groupLag(fixture, 'validator', 'raw')) === 0 &&
    (await groupLag(fixture, 'sink', 'validated')) === 0 &&
    (await groupLag(fixture, 'tracker', 'jobs')) === 0
  );
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
