import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT } from '../support/run-cli.js';
import {
  httpAnswers,
  LOCAL_DEFAULTS,
  postgresHostPort,
  tcpAnswers,
} from '../support/service-endpoints.js';

const run = promisify(execFile);

/** `scripts/infra/cluster.sh <args>`: the three-node cluster on 19092-19094. */
export async function clusterScript(...args: string[]): Promise<string> {
  const { stdout, stderr } = await run('bash', ['scripts/infra/cluster.sh', ...args], {
    cwd: REPO_ROOT,
    timeout: 300_000,
  });
  return `${stdout}${stderr}`;
}

/**
 * Starts the three-node cluster for the run (its own ports and data, next to any single broker)
 * and stops it afterwards. The registry and PostgreSQL are the usual ones (settings or the
 * infra:up defaults); the suite fails, never skips, when one is missing.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await clusterScript('start');
  const env = Object.fromEntries(
    (await clusterScript('env'))
      .trim()
      .split('\n')
      .map((line) => line.split('=') as [string, string]),
  );
  const schemaRegistryUrl = process.env.SCHEMA_REGISTRY_URL || LOCAL_DEFAULTS.schemaRegistryUrl;
  const postgresAdminUrl = process.env.DATABASE_URL || LOCAL_DEFAULTS.postgresAdminUrl;
  const reasons: string[] = [];
  if (!(await httpAnswers(`${schemaRegistryUrl}/subjects`)))
    reasons.push(`the schema registry does not answer at ${schemaRegistryUrl}`);
  if (!(await tcpAnswers(postgresHostPort(postgresAdminUrl))))
    reasons.push('PostgreSQL does not answer');
  if (reasons.length > 0) throw new Error(`cluster suite: ${reasons.join('; ')}`);
  project.provide('services', {
    kafkaBrokers: (env.KAFKA_BROKERS ?? '').split(','),
    schemaRegistryUrl,
    postgresAdminUrl,
    reasons,
    origin: 'scripts/infra/cluster.sh',
    replication: {
      factor: Number(env.KAFKA_REPLICATION_FACTOR),
      minInsync: Number(env.KAFKA_MIN_INSYNC_REPLICAS),
    },
  });
  return async () => {
    await clusterScript('stop');
  };
}
