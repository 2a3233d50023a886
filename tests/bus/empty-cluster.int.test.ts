import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/bus/kafka-client.js';
import type { Settings } from '../../src/config/settings.js';
import { topicNames, valueSubject } from '../../src/contracts/topics.js';
import { cliEnv } from '../support/cli-env.js';
import { requireServices, testLogger, testSettings } from '../support/integration.js';
import { type LocalServer, startLocalServer } from '../support/local-server.js';
import { killLeftovers, type NpmScript, startNpmScript } from '../support/npm-script.js';
import { SAMPLE_JOB_ARGS } from '../support/produce-args.js';
import { runCli } from '../support/run-cli.js';
import { type OpenTestDatabase, openTestDatabase } from '../support/test-database.js';
import { deleteTestTopics } from '../support/test-topics.js';

const { services, skip } = requireServices('kafka', 'registry', 'postgres');
const logger = testLogger('empty-cluster');

/** `npm run <script> -- <args>` to its end: the exit code and everything it printed. */
async function runNpm(script: NpmScript): Promise<{ code: number | null; output: string }> {
  const [code] = (await once(script.npm, 'close')) as [number | null];
  return { code, output: script.output() };
}

// No `npm run bootstrap` anywhere here: each test starts on a topic prefix the cluster has never
// seen, the way a first deployment finds an empty cluster.
describe.skipIf(skip)('the commands on a cluster where bootstrap never ran', () => {
  let settings: Settings;
  let database: OpenTestDatabase;
  let consume: NpmScript | undefined;
  let consumePid: number | undefined;

  const env = () => ({
    ...cliEnv({ settings, databaseUrl: database.url }),
    KAFKA_TOPIC_PARTITIONS: String(settings.kafka.partitions),
    KAFKA_REPLICATION_FACTOR: String(settings.kafka.replicationFactor),
    ...(settings.kafka.minInsyncReplicas === undefined
      ? {}
      : { KAFKA_MIN_INSYNC_REPLICAS: String(settings.kafka.minInsyncReplicas) }),
    METRICS_PORT: '0',
  });

  beforeAll(async () => {
    database = await openTestDatabase(services.postgresAdminUrl ?? '', { migrated: true });
    settings = testSettings(services, { DATABASE_URL: database.url });
  }, 120_000);

  afterAll(async () => {
    if (consume !== undefined && consume.npm.exitCode === null) {
      consume.npm.kill('SIGTERM');
      await Promise.race([
        once(consume.npm, 'close'),
        new Promise((resolve) => setTimeout(resolve, 15_000)),
      ]);
    }
    killLeftovers(consume?.npm.pid, consumePid);
    await database?.close();
    if (settings !== undefined) await deleteTestTopics(settings);
  }, 60_000);

  it('consume -- all, then produce, end in a success job', async () => {
    consume = startNpmScript('consume', ['all'], env());
    const running = await consume.waitForLog(/^running /, 120_000);
    consumePid = running.pid as number;
    expect(consume.output()).toMatch(/the cluster was not bootstrapped: created 8 topic\(s\)/);

    // What consume created is what bootstrap would have: every topic with its .dlq, the
    // configured partitions (DLQs have one), and BACKWARD compatibility on each subject.
    const topics = topicNames(settings.kafka.topicPrefix);
    const admin = createKafka(settings, logger).admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({
        topics: [topics.raw, topics.validated, topics.flagged, topics.jobs, topics.dlq.raw],
      });
      const partitions = Object.fromEntries(
        metadata.topics.map((topic) => [topic.name, topic.partitions.length]),
      );
      expect(partitions).toEqual({
        [topics.raw]: settings.kafka.partitions,
        [topics.validated]: settings.kafka.partitions,
        [topics.flagged]: settings.kafka.partitions,
        [topics.jobs]: settings.kafka.partitions,
        [topics.dlq.raw]: 1,
      });
    } finally {
      await admin.disconnect();
    }
    const config = await fetch(
      `${settings.schemaRegistry.url}/config/${encodeURIComponent(valueSubject(topics.raw))}`,
    );
    expect(((await config.json()) as { compatibilityLevel?: string }).compatibilityLevel).toBe(
      'BACKWARD',
    );

    const produced = await runNpm(startNpmScript('produce', SAMPLE_JOB_ARGS, env()));
    expect(produced.code, produced.output).toBe(0);
    // The topics and schemas were there already: produce creates nothing and says nothing of it.
    expect(produced.output).not.toMatch(/not bootstrapped/);
    const jobId = /job ([0-9a-f-]{36}) published/.exec(produced.output)?.[1];
    expect(jobId).toBeDefined();

    const deadline = Date.now() + 90_000;
    let status: string | undefined;
    while (Date.now() < deadline) {
      status = (
        await database.db.oneOrNone<{ status: string }>(
          'SELECT status FROM job_run WHERE job_id = $1',
          [jobId],
        )
      )?.status;
      if (status !== undefined && status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(status).toBe('success');
    const { count } = await database.db.one<{ count: string }>('SELECT count(*) FROM price_daily');
    expect(Number(count)).toBeGreaterThan(0);
  }, 300_000);
});

// A registry user that may read but not write, the way an ACL-protected deployment refuses: each
// command stops with one line naming the missing schemas and npm run bootstrap, exit code 2.
describe.skipIf(skip)('the commands where the registry refuses to register the schemas', () => {
  let settings: Settings;
  let registry: LocalServer;
  const writes: string[] = [];

  beforeAll(async () => {
    settings = testSettings(services);
    registry = await startLocalServer();
    const json = { 'content-type': 'application/vnd.schemaregistry.v1+json' };
    registry.handle((request, response, url) => {
      // The Confluent API's answers: a lookup of an unknown subject is 40401, a write 40301.
      if (request.method === 'POST' && /^\/subjects\/[^/]+$/.test(url.pathname)) {
        response
          .writeHead(404, json)
          .end(JSON.stringify({ error_code: 40401, message: 'Subject not found.' }));
        return;
      }
      writes.push(`${request.method} ${url.pathname}`);
      response
        .writeHead(403, json)
        .end(JSON.stringify({ error_code: 40301, message: 'User is denied operation Write' }));
    });
  });

  afterAll(async () => {
    await registry?.close();
    if (settings !== undefined) await deleteTestTopics(settings);
  }, 60_000);

  it.each([
    ['produce', SAMPLE_JOB_ARGS],
    ['consume', ['all']],
    ['replay', ['--from', '2026-02-01']],
  ])(
    '%s stops with exit 2 and one line naming the missing schemas',
    async (command, args) => {
      writes.length = 0;
      const result = await runCli(
        `src/cli/${command}.ts`,
        args,
        {
          ...cliEnv({ settings, databaseUrl: services.postgresAdminUrl ?? '' }),
          SCHEMA_REGISTRY_URL: registry.baseUrl,
          KAFKA_REPLICATION_FACTOR: String(settings.kafka.replicationFactor),
          LOG_LEVEL: 'silent',
        },
        120_000,
      );
      expect(result.code, result.stderr).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      const subjects = ['ohlcv.raw', 'ohlcv.validated', 'ohlcv.flagged', 'ingest.jobs'].map(
        (topic) => `${settings.kafka.topicPrefix}${topic}-value`,
      );
      expect(lines[0]).toContain(`missing schemas ${subjects.join(', ')}`);
      expect(lines[0]).toContain('HTTP 403');
      expect(lines[0]).toContain('run npm run bootstrap');
      // It tried to register (the first write) before giving up.
      expect(writes[0]).toBe(`PUT /config/${encodeURIComponent(subjects[0] ?? '')}`);
    },
    150_000,
  );
});
