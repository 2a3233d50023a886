import type { TestProject } from 'vitest/node';
import {
  httpAnswers,
  LOCAL_DEFAULTS,
  postgresHostPort,
  type ServiceEndpoints,
  tcpAnswers,
} from './service-endpoints.js';
import { startContainers } from './testcontainers.js';

type Stop = () => Promise<void>;

/**
 * Finds the services once per run: the settings given in the environment (as CI and
 * `npm run infra:up` provide), else the local defaults when they answer, else testcontainers
 * when a Docker engine is present. Whatever is still missing makes the integration tests skip
 * with a reason, or fail under CI=true.
 */
export default async function setup(project: TestProject): Promise<Stop | undefined> {
  const env = process.env;
  const given = Boolean(env.KAFKA_BROKERS || env.DATABASE_URL || env.SCHEMA_REGISTRY_URL);
  const candidate = {
    kafkaBrokers: env.KAFKA_BROKERS?.split(',') ?? LOCAL_DEFAULTS.kafkaBrokers,
    schemaRegistryUrl: env.SCHEMA_REGISTRY_URL ?? LOCAL_DEFAULTS.schemaRegistryUrl,
    postgresAdminUrl: env.DATABASE_URL ?? LOCAL_DEFAULTS.postgresAdminUrl,
  };
  let services = await probe(candidate, given ? 'settings' : 'local defaults');
  let stop: Stop | undefined;
  if (!given && services.reasons.length > 0) {
    const started = await startContainers();
    if (started !== undefined) {
      services = await probe(started.endpoints, 'testcontainers');
      stop = started.stop;
    } else {
      services.reasons.push('no Docker engine for testcontainers');
    }
  }
  project.provide('services', services);
  return stop;
}

async function probe(
  candidate: Omit<ServiceEndpoints, 'reasons' | 'origin'>,
  origin: string,
): Promise<ServiceEndpoints> {
  const reasons: string[] = [];
  const brokers = candidate.kafkaBrokers ?? [];
  const kafkaUp = brokers.length > 0 && (await tcpAnswers(brokers[0] ?? ''));
  if (!kafkaUp) reasons.push(`Kafka does not answer at ${brokers.join(',')}`);
  const registry = candidate.schemaRegistryUrl ?? '';
  const registryUp = registry !== '' && (await httpAnswers(`${registry}/subjects`));
  if (!registryUp) reasons.push(`the schema registry does not answer at ${registry}`);
  const pg = candidate.postgresAdminUrl ?? '';
  const pgUp = pg !== '' && (await tcpAnswers(postgresHostPort(pg)));
  if (!pgUp) reasons.push('PostgreSQL does not answer');
  return {
    kafkaBrokers: kafkaUp ? brokers : undefined,
    schemaRegistryUrl: registryUp ? registry : undefined,
    postgresAdminUrl: pgUp ? pg : undefined,
    reasons,
    origin,
  };
}
