import { mkdirSync, writeFileSync } from 'node:fs';
import { config as loadDotenv } from 'dotenv';
import pg from 'pg';
import { loadSettings } from '../src/config/settings.js';
import { closeDatabase, createDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { createLogger } from '../src/logging/logger.js';
import { createWebServer } from '../src/web/server.js';
import { REPO_ROOT } from './processes.js';

/**
 * `npm run bench:web [-- --assets 500 --years 10]`: server time of the web pages and API on a
 * database of its own (on DATABASE_URL's server) holding `assets` assets x `years` of weekday
 * bars, jobs and anomalies; then EXPLAIN of each query, flagging any sequential scan of
 * price_daily or anomaly. Prints a table and writes bench/results/web-<time>.json.
 */
const argv = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const index = argv.indexOf(`--${name}`);
  return index < 0 ? fallback : Number(argv[index + 1]);
};
const ASSETS = arg('assets', 500);
const YEARS = arg('years', 10);
const RUNS = arg('runs', 30);
const END = '2026-10-30';

loadDotenv({ quiet: true, path: `${REPO_ROOT}.env.example` });
const settings = loadSettings(process.env);
const adminUrl = settings.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const logger = createLogger({ component: 'bench-web', level: 'warn', format: 'json' });
const name = `bench_web_${Date.now()}`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

await admin(`CREATE DATABASE ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const databaseUrl = url.toString();
try {
  await migrate({ databaseUrl, direction: 'up', logger });
  const writer = createDatabase(databaseUrl, { max: 1 });
  const loadStart = performance.now();
  // Synthetic assets A0000.. on the US calendar, weekday bars with a few flagged days, jobs
  // with units, and one anomaly per flagged day: the shape and size the pages meet in use.
  await writer.none(
    `INSERT INTO asset (id, name, category, market, currency, source, source_symbol)
     SELECT 'A' || lpad(i::text, 4, '0'), 'Asset ' || i, 'stock', 'US', 'USD', 'yahoo', 'S' || i
       FROM generate_series(1, $1) AS i`,
    [ASSETS],
  );
  await writer.none(
    `INSERT INTO price_daily (asset_id, date, source, open, high, low, close, volume, flags)
     SELECT 'A' || lpad(i::text, 4, '0'), d::date, 'yahoo', p, p * 1.01, p * 0.99, p * 1.001,
            1000 + i, CASE WHEN (i + extract(doy FROM d)::int) % 97 = 0 THEN '{price_spike}'::text[] ELSE '{}' END
       FROM generate_series(1, $1) AS i,
            generate_series($2::date - ($3 || ' years')::interval, $2::date, '1 day') AS d,
            LATERAL (SELECT 100 + i + 10 * sin(extract(epoch FROM d) / 86400 / 50) AS p) AS price
      WHERE extract(isodow FROM d) < 6`,
    [ASSETS, END, YEARS],
  );
  await writer.none(
    `INSERT INTO anomaly (anomaly_key, asset_id, date, source, code, severity, message, value, detected_at)
     SELECT asset_id || '|yahoo|price_spike|' || date, asset_id, date, 'yahoo', 'price_spike',
            'warning', 'close moved', 0.4, now()
       FROM price_daily WHERE flags <> '{}'`,
  );
  await writer.none(
    `INSERT INTO job_run (job_id, job_name, status, started_at, ended_at, units_planned)
     SELECT gen_random_uuid(), 'daily', (ARRAY['success','partial_failure','failure'])[1 + j % 3],
            now() - j * interval '1 day', now() - j * interval '1 day' + interval '5 minutes', $1
       FROM generate_series(1, 1000) AS j`,
    [ASSETS],
  );
  await writer.none(
    `INSERT INTO job_unit (job_id, unit_id, stage, asset_id, status, attempts, error, recorded_at)
     SELECT j.job_id, a.id || '|yahoo', s.stage, a.id, 'done', 1, NULL, j.started_at
       FROM (SELECT job_id, started_at FROM job_run ORDER BY started_at DESC LIMIT 20) j
      CROSS JOIN asset a CROSS JOIN (VALUES ('planned'), ('fetch'), ('validate'), ('store')) s(stage)`,
  );
  await writer.none('ANALYZE');
  const counts = await writer.one<{ bars: number; anomalies: number }>(
    'SELECT (SELECT count(*) FROM price_daily)::int AS bars, (SELECT count(*) FROM anomaly)::int AS anomalies',
  );
  const loadSeconds = (performance.now() - loadStart) / 1000;
  await closeDatabase(writer);

  const db = createDatabase(databaseUrl, { max: 4, readOnly: true });
  const app = await createWebServer({ db, logger, host: '127.0.0.1', token: undefined });
  const job = await db.one<{ job_id: string }>(
    'SELECT job_id FROM job_run ORDER BY started_at DESC LIMIT 1',
  );
  const asset = 'A0250';
  const targets: Array<[string, string]> = [
    ['overview page (all assets)', '/'],
    ['GET /api/assets', '/api/assets'],
    ['GET /api/freshness', '/api/freshness'],
    [`asset page (${YEARS} years stored)`, `/assets/${asset}`],
    [`GET prices, all ${YEARS} years`, `/api/assets/${asset}/prices?range=all`],
    [`GET prices, all ${YEARS} years, CSV`, `/api/assets/${asset}/prices?range=all&format=csv`],
    ['GET /api/anomalies?asset=', `/api/anomalies?asset=${asset}`],
    ['GET /api/anomalies?code=&from=', '/api/anomalies?code=price_spike&from=2026-01-01'],
    ['jobs page', '/jobs'],
    [`job page (${ASSETS} units)`, `/jobs/${job.job_id}`],
  ];
  const results: Array<{ target: string; medianMs: number; p95Ms: number }> = [];
  for (const [label, path] of targets) {
    const times: number[] = [];
    for (let run = 0; run < RUNS + 3; run++) {
      const start = performance.now();
      const response = await app.inject({ url: path });
      const elapsed = performance.now() - start;
      if (response.statusCode !== 200) throw new Error(`${path}: HTTP ${response.statusCode}`);
      if (run >= 3) times.push(elapsed);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
    results.push({ target: label, medianMs: at(0.5), p95Ms: at(0.95) });
  }

  // The plans of the queries behind those pages: a sequential scan of the big tables is a bug.
  const explained: Array<{ query: string; seqScans: string[]; nodes: string[] }> = [];
  const explain = async (label: string, sql: string, values: unknown[]) => {
    const rows = await db.any<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, values);
    const plan = rows.map((row) => row['QUERY PLAN']);
    explained.push({
      query: label,
      seqScans: plan.filter((line) => /Seq Scan on (price_daily|anomaly|job_unit)/.test(line)),
      nodes: plan.filter((line) => /Scan|Limit/.test(line)).map((line) => line.trim()),
    });
  };
  await explain(
    'overview: latest bar and the one before, per asset',
    `SELECT a.id, l.date, p.close FROM asset a
       LEFT JOIN LATERAL (SELECT d.source, d.date, d.close FROM price_daily d WHERE d.asset_id = a.id
                          ORDER BY d.date DESC, d.source LIMIT 1) l ON true
       LEFT JOIN LATERAL (SELECT d.close FROM price_daily d WHERE d.asset_id = a.id AND d.source = l.source
                          AND d.date < l.date ORDER BY d.date DESC LIMIT 1) p ON true`,
    [],
  );
  await explain(
    'prices of a range',
    `SELECT date, open, high, low, close, volume, flags FROM price_daily
      WHERE asset_id = $1 AND source = 'yahoo' AND date BETWEEN '2016-01-01' AND '2026-12-31' ORDER BY date`,
    [asset],
  );
  await explain(
    'stored dates (gaps)',
    `SELECT date FROM price_daily WHERE asset_id = $1 AND source = 'yahoo' ORDER BY date`,
    [asset],
  );
  await explain(
    'anomalies of an asset',
    `SELECT * FROM anomaly WHERE asset_id = $1 ORDER BY date DESC NULLS LAST, detected_at DESC LIMIT 101`,
    [asset],
  );
  await explain(
    'anomalies of a code from a date',
    `SELECT * FROM anomaly WHERE code = 'price_spike' AND date >= '2026-01-01'
      ORDER BY date DESC NULLS LAST, detected_at DESC LIMIT 101`,
    [],
  );
  // The job page's query: the job filter must reach job_unit's primary key through the view.
  await explain(
    'units of a job',
    'SELECT * FROM job_unit_state WHERE job_id = $1 ORDER BY unit_id',
    [job.job_id],
  );
  await app.close();
  await closeDatabase(db);

  const report = {
    at: new Date().toISOString(),
    assets: ASSETS,
    years: YEARS,
    bars: counts.bars,
    anomalies: counts.anomalies,
    loadSeconds,
    runs: RUNS,
    results,
    explained,
  };
  const lines = [
    `web bench: ${ASSETS} assets, ${counts.bars} bars (${YEARS} years each), ${counts.anomalies} anomalies; server time over ${RUNS} runs (Fastify inject)`,
    ...results.map(
      (row) =>
        `  ${row.target.padEnd(40)} median ${row.medianMs.toFixed(1).padStart(7)} ms   p95 ${row.p95Ms.toFixed(1).padStart(7)} ms`,
    ),
    'plans:',
    ...explained.map(
      (row) =>
        `  ${row.query.padEnd(48)} ${row.seqScans.length === 0 ? 'no sequential scan of a large table' : `SEQ SCAN: ${row.seqScans.join('; ')}`}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync(`${REPO_ROOT}bench/results`, { recursive: true });
  writeFileSync(
    `${REPO_ROOT}bench/results/web-${report.at.replace(/[:.]/g, '-')}.json`,
    `${JSON.stringify(report, null, 2)}\n`,
  );
} finally {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
