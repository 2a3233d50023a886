import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';
import { requireServices } from '../support/integration.js';
import { createPipelineFixture, type PipelineFixture } from '../support/pipeline-fixture.js';
import { REPO_ROOT, type RunningCli, runCli, startCli } from '../support/run-cli.js';

const { services, skip } = requireServices('kafka', 'registry', 'postgres');
const run = promisify(execFile);

describe.skipIf(skip)('npm run status', () => {
  let fixture: PipelineFixture;
  let consumers: RunningCli;
  let env: Record<string, string>;
  let target: string;
  const jobId = randomUUID();

  beforeAll(async () => {
    fixture = await createPipelineFixture(services);
    const port = await freePort();
    target = `127.0.0.1:${port}`;
    env = {
      KAFKA_BROKERS: fixture.settings.kafka.brokers?.join(',') ?? '',
      SCHEMA_REGISTRY_URL: fixture.settings.schemaRegistry.url,
      KAFKA_TOPIC_PREFIX: fixture.settings.kafka.topicPrefix,
      DATABASE_URL: fixture.databaseUrl,
      LOG_LEVEL: 'warn',
    };
    consumers = startCli('src/cli/consume.ts', ['all', '--metrics-port', String(port)], {
      ...env,
      LOG_LEVEL: 'info',
    });
    await consumers.waitFor(/"msg":"running /);
    await fixture.db.none(
      `INSERT INTO job_run (job_id, job_name, status, started_at, ended_at, params, units_planned, rows_written, bars_rejected)
       VALUES ($1, 'daily', 'partial_failure', now() - interval '1 minute', now(), '{}', 7, 30, 2)`,
      [jobId],
    );
  });

  afterAll(async () => {
    await consumers?.stop('SIGTERM');
    await fixture?.cleanup();
  });

  it('--json gives each stage up with its lag, the last jobs and the stale assets', async () => {
    // Membership can take a rebalance or two after start-up: ask until every stage is up.
    let document: {
      stages: { stage: string; up: boolean; lag: number; recordsPerSecond: number | null }[];
      jobs: { job_id: string; status: string; rows_written: number }[];
      staleAssets: string[];
      assets: number;
    } = { stages: [], jobs: [], staleAssets: [], assets: 0 };
    for (let attempt = 0; attempt < 20; attempt++) {
      const result = await runCli('src/cli/status.ts', ['--json', '--targets', target], env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      document = JSON.parse(result.stdout);
      if (document.stages.every((stage) => stage.up)) break;
    }
    expect(document.stages.map((stage) => [stage.stage, stage.up, stage.lag])).toEqual([
      ['validator', true, 0],
      ['sink', true, 0],
      ['tracker', true, 0],
    ]);
    // The metrics servers answered: records/s is a number (0 when idle), not "unknown".
    for (const stage of document.stages) expect(stage.recordsPerSecond).toBe(0);
    expect(document.jobs[0]).toMatchObject({
      job_id: jobId,
      status: 'partial_failure',
      rows_written: 30,
    });
    // A fresh database has no prices: every asset of the catalog is stale.
    expect(document.assets).toBe(7);
    expect(document.staleAssets).toHaveLength(7);
  });

  it('draws one screen on a terminal', async () => {
    // `script` gives the command a pseudo-terminal, as a person's shell would.
    const command = `${REPO_ROOT}node_modules/.bin/tsx src/cli/status.ts --targets ${target}`;
    const { stdout } = await run('script', ['-qefc', command, '/dev/null'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'xterm', ...env },
      timeout: 60_000,
    });
    const screen = stdout.replaceAll('\r', '');
    expect(screen).toMatch(/^market-collector status at \d{4}-\d{2}-\d{2}T/m);
    expect(screen).toMatch(/^stage\s+state\s+members\s+lag\s+records\/s\s+group$/m);
    for (const stage of ['validator', 'sink', 'tracker']) {
      expect(screen).toMatch(
        new RegExp(`^${stage}\\s+(up|DOWN \\(\\w+\\))\\s+\\d+\\s+\\d+\\s+[\\d.]+\\s+`, 'm'),
      );
    }
    expect(screen).toMatch(
      /^\d{4}-\d{2}-\d{2} [\d:]{8}\s+daily\s+partial_failure\s+[\d-]+ [\d:]{8}\s+30\s+0\s+2\s+0$/m,
    );
    expect(screen).toMatch(/^stale assets: 7 of 7 \(005930, /m);
    expect(screen.split('\n').length).toBeLessThan(30); // one screen
  });

  it('refuses a malformed --targets with one line and exit 2', async () => {
    const result = await runCli('src/cli/status.ts', ['--targets', 'nohostport'], env);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      'status: --targets must be host:port items, e.g. 127.0.0.1:9470 (got "nohostport")',
    );
  });
});
