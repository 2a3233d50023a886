import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { Command } from 'commander';
import { config as loadDotenv } from 'dotenv';
import pg from 'pg';
import { bootstrapBus } from '../src/bus/bootstrap.js';
import { createKafka } from '../src/bus/kafka-client.js';
import { addDays } from '../src/calendar/iso-date.js';
import { loadSettings } from '../src/config/settings.js';
import { closeDatabase, createDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { createLogger } from '../src/logging/logger.js';
import { MAX_UNITS_PER_JOB } from '../src/stages/fetch/plan-units.js';
import { copyBaseline, upsertBaseline } from './baselines.js';
import { benchCatalog } from './bench-catalog.js';
import { type BenchProcess, REPO_ROOT, startProcess } from './processes.js';
import { samplePriceRows } from './sample-price-rows.js';

const program = new Command('bench')
  .option('--assets <n>', 'synthetic assets', (v) => Number(v), 500)
  .option('--years <n>', 'years of daily bars per asset', (v) => Number(v), 10)
  .option('--sinks <n>', 'sink consumer processes', (v) => Number(v), 1)
  .option('--partitions <n>', 'partitions per topic', (v) => Number(v), 6)
  .option('--quick', 'a small size that finishes in under a minute (20 assets x 2 years)')
  .option(
    '--metrics',
    'every consumer serves /metrics (ports 9571 up) and the bench scrapes each once a second, to measure what metrics cost',
  )
  .option('--profile', 'write a CPU profile of each process to bench/profiles/')
  .option(
    '--daily',
    "a daily job instead: the default 7-asset catalog's last 7 days, consumers running; prints produce's wall time and JobStarted to final status",
  )
  .parse();
const options = program.opts<{
  assets: number;
  years: number;
  sinks: number;
  partitions: number;
  quick?: boolean;
  profile?: boolean;
  daily?: boolean;
  metrics?: boolean;
}>();
if (options.quick) Object.assign(options, { assets: 20, years: 2 });
const profileDir = options.profile ? `${REPO_ROOT}bench/profiles` : undefined;

loadDotenv({ quiet: true, path: `${REPO_ROOT}.env.example` });
const base = loadSettings(process.env);
const logger = createLogger({ component: 'bench', level: 'warn', format: 'json' });
const END = '2026-10-30';
const START = addDays(END, -Math.round(options.years * 365.25) + 1);
const WINDOW_DAYS = Math.round(options.years * 365.25);
/**
 * Year-long units, or longer where a year would make more units than one job may hold
 * (500 assets x 10 years: 366-day units, 5,000 units).
 */
const CHUNK_DAYS = Math.max(
  365,
  Math.ceil(WINDOW_DAYS / Math.max(1, Math.floor(MAX_UNITS_PER_JOB / options.assets))),
);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const runId = `bench${Date.now().toString(36)}`;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main() {
  const adminUrl = base.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${runId}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${runId}`;
  const databaseUrl = url.toString();
  const settings = loadSettings({
    ...process.env,
    DATABASE_URL: databaseUrl,
    KAFKA_TOPIC_PREFIX: `${runId}.`,
    KAFKA_TOPIC_PARTITIONS: String(options.partitions),
  });
  await migrate({ databaseUrl, direction: 'up', logger });
  await bootstrapBus(settings, logger);
  const catalog = benchCatalog(options.assets);
  const catalogFile = `${REPO_ROOT}.cache/${runId}-catalog.json`;
  mkdirSync(`${REPO_ROOT}.cache`, { recursive: true });
  writeFileSync(catalogFile, JSON.stringify(catalog));
  const env = {
    DATABASE_URL: databaseUrl,
    KAFKA_TOPIC_PREFIX: `${runId}.`,
    CATALOG_FILE: catalogFile,
    LOG_LEVEL: 'info',
  };
  const db = createDatabase(databaseUrl);
  // The catalog is the asset table and CATALOG_FILE adds to it: the throughput bench collects
  // its own assets only, so the seeded seven are disabled in its throwaway database; the daily
  // job collects exactly those seven.
  if (!options.daily) await db.none('UPDATE asset SET active = false');
  const processes: BenchProcess[] = [];
  const metricsUrls: string[] = [];
  const scraper = setInterval(() => {
    for (const url of metricsUrls)
      void fetch(url).then(
        (reply) => reply.text(),
        () => undefined,
      );
  }, 1_000);
  try {
    for (const stage of [
      'validator',
      'tracker',
      ...Array.from({ length: options.sinks }, () => 'sink'),
    ]) {
      const metricsPort = 9571 + processes.length;
      const proc = startProcess(
        `${stage}${processes.filter((p) => p.name.startsWith(stage)).length || ''}`,
        'consume',
        [stage],
        options.metrics ? { ...env, METRICS_PORT: String(metricsPort) } : env,
        profileDir,
      );
      if (options.metrics) metricsUrls.push(`http://127.0.0.1:${metricsPort}/metrics`);
      processes.push(proc);
      await proc.waitFor(/"msg":"running /);
    }
    if (options.daily) {
      await dailyJob(db, env);
      return;
    }
    console.error(
      `bench: ${options.assets} assets x ${options.years} years (${START}..${END}), ${options.sinks} sink(s), ${options.partitions} partitions`,
    );

    const t0 = performance.now();
    const startedAt = Date.now();
    const producer = startProcess(
      'producer',
      'produce',
      [
        '--start',
        START,
        '--end',
        END,
        '--source',
        'sample',
        '--job-name',
        'bench',
        '--concurrency',
        '8',
        '--chunk-days',
        String(CHUNK_DAYS),
      ],
      env,
      profileDir,
    );
    processes.push(producer);
    const producerCode = await producer.exited;
    if (producerCode !== 0)
      throw new Error(`produce exited ${producerCode}:\n${producer.output().slice(-2000)}`);
    const produceSeconds = (performance.now() - t0) / 1000;
    let job: {
      status: string;
      bars_fetched: number;
      rows_written: number;
      units_planned: number;
    } | null = null;
    for (;;) {
      job = await db.oneOrNone(
        `SELECT status, bars_fetched, rows_written, units_planned FROM job_run WHERE job_name = 'bench'`,
      );
      if (job !== null && job.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - t0) / 1000;
    const { rows } = await db.one<{ rows: number }>(
      'SELECT count(*)::int AS rows FROM price_daily',
    );
    const stages = await db.one<Record<string, string>>(
      `SELECT
         extract(epoch FROM max(recorded_at) FILTER (WHERE stage = 'fetch')) AS fetch_end,
         extract(epoch FROM min(recorded_at) FILTER (WHERE stage = 'validate')) AS validate_start,
         extract(epoch FROM max(recorded_at) FILTER (WHERE stage = 'validate')) AS validate_end,
         extract(epoch FROM min(recorded_at) FILTER (WHERE stage = 'store')) AS store_start,
         extract(epoch FROM max(recorded_at) FILTER (WHERE stage = 'store')) AS store_end
       FROM job_unit`,
    );
    const latencies = (
      await db.map(
        `SELECT extract(epoch FROM s.recorded_at - f.recorded_at) * 1000 AS ms
           FROM job_unit f JOIN job_unit s ON s.job_id = f.job_id AND s.unit_id = f.unit_id AND s.stage = 'store'
          WHERE f.stage = 'fetch'`,
        [],
        (row: { ms: string }) => Number(row.ms),
      )
    ).sort((a, b) => a - b);
    const span = (from: string | undefined, to: string | undefined) =>
      Math.max(0.001, Number(to) - Number(from));
    const peakRss = Object.fromEntries(processes.map((p) => [p.name, p.peakRssMb()]));
    for (const proc of processes) await proc.stop();

    // The same rows, for the baselines.
    const baselineRows = await samplePriceRows(catalog, START, END);
    const upsertSeconds = await upsertBaseline(db, baselineRows);
    const copySeconds = await copyBaseline(db, baselineRows);

    const rate = (count: number, s: number) => Math.round(count / s);
    const result = {
      date: new Date().toISOString(),
      metricsScraped: options.metrics === true,
      size: {
        assets: options.assets,
        years: options.years,
        bars: rows,
        units: job?.units_planned,
        sinks: options.sinks,
        partitions: options.partitions,
      },
      job: job?.status,
      pipeline: {
        seconds: Number(seconds.toFixed(2)),
        barsPerSecond: rate(rows, seconds),
        produceSeconds: Number(produceSeconds.toFixed(2)),
        stageBarsPerSecond: {
          fetch: rate(rows, Number(stages.fetch_end) - startedAt / 1000),
          validate: rate(rows, span(stages.validate_start, stages.validate_end)),
          store: rate(rows, span(stages.store_start, stages.store_end)),
        },
        unitLatencyMs: {
          p50: Math.round(percentile(latencies, 50)),
          p95: Math.round(percentile(latencies, 95)),
        },
        peakRssMb: peakRss,
      },
      baselines: {
        upsert: {
          seconds: Number(upsertSeconds.toFixed(2)),
          barsPerSecond: rate(baselineRows.length, upsertSeconds),
        },
        copy: {
          seconds: Number(copySeconds.toFixed(2)),
          barsPerSecond: rate(baselineRows.length, copySeconds),
        },
      },
      ratios: {
        pipelineToUpsert: Number((upsertSeconds / seconds).toFixed(3)),
        pipelineToCopy: Number((copySeconds / seconds).toFixed(3)),
      },
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model,
        memoryGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      versions: versions(),
    };
    if (rows !== baselineRows.length)
      throw new Error(`pipeline stored ${rows} rows, baseline has ${baselineRows.length}`);
    mkdirSync(`${REPO_ROOT}bench/results`, { recursive: true });
    const file = `bench/results/${stamp}-${options.assets}x${options.years}-s${options.sinks}.json`;
    writeFileSync(`${REPO_ROOT}${file}`, `${JSON.stringify(result, null, 2)}\n`);
    print(result, file);
  } finally {
    clearInterval(scraper);
    for (const proc of processes) await proc.stop();
    await closeDatabase(db);
    const kafka = createKafka(settings, logger).admin();
    await kafka.connect();
    const topics = (await kafka.listTopics()).filter((t) => t.startsWith(`${runId}.`));
    await kafka.deleteTopics({ topics }).catch(() => undefined);
    await kafka.disconnect();
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${runId} WITH (FORCE)`);
    await cleanup.end();
  }
}

/**
 * The daily job as the scheduler runs it, against consumers that are already up: the default
 * seven assets (sample source: no public API in a bench) over the last 7 days. Three runs, so the
 * first (which may transpile the sources once) shows apart from the steady state.
 */
async function dailyJob(db: ReturnType<typeof createDatabase>, env: Record<string, string>) {
  const { CATALOG_FILE: _catalog, ...dailyEnv } = env;
  const start = addDays(END, -6);
  for (let run = 1; run <= 3; run++) {
    const jobName = `daily-bench-${run}`;
    const t0 = performance.now();
    const producer = startProcess(
      `producer${run}`,
      'produce',
      ['--start', start, '--end', END, '--source', 'sample', '--job-name', jobName],
      { ...dailyEnv, CATALOG_FILE: '' },
    );
    const code = await producer.exited;
    if (code !== 0) throw new Error(`produce exited ${code}:\n${producer.output().slice(-2000)}`);
    const produceSeconds = (performance.now() - t0) / 1000;
    let job: { status: string; seconds: number } | null = null;
    for (;;) {
      job = await db.oneOrNone(
        `SELECT status, extract(epoch FROM updated_at - started_at)::float8 AS seconds
           FROM job_run WHERE job_name = $1`,
        [jobName],
      );
      if (job !== null && job.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    console.log(
      `daily job ${run}: produce wall time ${produceSeconds.toFixed(2)} s; JobStarted -> ${job.status} in job_run ${job.seconds.toFixed(3)} s`,
    );
  }
}

function versions() {
  const read = (path: string) =>
    JSON.parse(readFileSync(`${REPO_ROOT}${path}`, 'utf8')) as { version: string };
  const infra = readFileSync(`${REPO_ROOT}scripts/infra/versions.sh`, 'utf8');
  return {
    kafka: /KAFKA_VERSION="([^"]+)"/.exec(infra)?.[1],
    apicurio: /APICURIO_VERSION="([^"]+)"/.exec(infra)?.[1],
    kafkajs: read('node_modules/kafkajs/package.json').version,
    pg: read('node_modules/pg/package.json').version,
    pgPromise: read('node_modules/pg-promise/package.json').version,
  };
}

function print(result: { [key: string]: unknown }, file: string) {
  const r = result as unknown as {
    size: { bars: number };
    pipeline: {
      seconds: number;
      barsPerSecond: number;
      stageBarsPerSecond: Record<string, number>;
      unitLatencyMs: { p50: number; p95: number };
      peakRssMb: Record<string, number>;
    };
    baselines: { upsert: { barsPerSecond: number }; copy: { barsPerSecond: number } };
    ratios: { pipelineToUpsert: number; pipelineToCopy: number };
  };
  console.log(`bars: ${r.size.bars}`);
  console.log(`pipeline end to end: ${r.pipeline.barsPerSecond} bars/s (${r.pipeline.seconds} s)`);
  console.log(
    `per stage bars/s: ${Object.entries(r.pipeline.stageBarsPerSecond)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  console.log(
    `unit latency publish->stored: p50 ${r.pipeline.unitLatencyMs.p50} ms, p95 ${r.pipeline.unitLatencyMs.p95} ms`,
  );
  console.log(
    `peak RSS MB: ${Object.entries(r.pipeline.peakRssMb)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  console.log(
    `baseline (a) upsert: ${r.baselines.upsert.barsPerSecond} bars/s; (b) COPY: ${r.baselines.copy.barsPerSecond} bars/s`,
  );
  console.log(`ratio pipeline/(a) = ${r.ratios.pipelineToUpsert}`);
  console.log(`ratio pipeline/(b) = ${r.ratios.pipelineToCopy}`);
  console.log(`results: ${file}`);
}

await main();
