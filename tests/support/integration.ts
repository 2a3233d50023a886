import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { type EnvInput, loadSettings, type Settings } from '../../src/config/settings.js';
import { createLogger, type Logger } from '../../src/logging/logger.js';
import type { ServiceEndpoints } from './service-endpoints.js';

type Service = 'kafka' | 'registry' | 'postgres';

export interface Availability {
  services: ServiceEndpoints;
  /** True when a needed service is missing on a machine that is not CI. */
  skip: boolean;
}

/**
 * The services an integration test file needs. Missing ones skip the file with the reason on a
 * laptop; under CI=true they fail it, so CI can never pass by skipping.
 */
export function requireServices(...needed: Service[]): Availability {
  const services = inject('services');
  const missing = needed.filter(
    (service) =>
      (service === 'kafka' && services.kafkaBrokers === undefined) ||
      (service === 'registry' && services.schemaRegistryUrl === undefined) ||
      (service === 'postgres' && services.postgresAdminUrl === undefined),
  );
  if (missing.length === 0) return { services, skip: false };
  const why = `needs ${missing.join(', ')}: ${services.reasons.join('; ')} (start them with npm run infra:up)`;
  if (process.env.CI === 'true') throw new Error(`CI=true and a service is missing: ${why}`);
  console.warn(`skipping integration tests: ${why}`);
  return { services, skip: true };
}

/** A name no other test uses, for topics, groups, databases and prefixes. */
export function uniqueName(label: string): string {
  return `${label}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

/** Settings pointing at the test services, with a topic prefix of its own. */
export function testSettings(services: ServiceEndpoints, env: EnvInput = {}): Settings {
  return loadSettings({
    KAFKA_BROKERS: services.kafkaBrokers?.join(','),
    SCHEMA_REGISTRY_URL: services.schemaRegistryUrl,
    DATABASE_URL: services.postgresAdminUrl,
    KAFKA_TOPIC_PREFIX: `${uniqueName('t')}.`,
    KAFKA_TOPIC_PARTITIONS: '3',
    KAFKA_REPLICATION_FACTOR: String(services.replication?.factor ?? 1),
    KAFKA_MIN_INSYNC_REPLICAS: services.replication?.minInsync.toString(),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
}

export function testLogger(component = 'test'): Logger {
  return createLogger({
    component,
    level: (process.env.TEST_LOG_LEVEL as Settings['log']['level'] | undefined) ?? 'silent',
    format: 'json',
  });
}

/** A fresh database on the test server; `drop()` removes it (and its connections). */
export async function createTestDatabase(
  adminUrl: string,
): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = uniqueName('test').toLowerCase();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
