import { SchemaType } from '@kafkajs/confluent-schema-registry';
import type { Settings } from '../config/settings.js';
import {
  TOPIC_CONTRACTS,
  type TopicKey,
  type TopicNames,
  valueSubject,
} from '../contracts/topics.js';
import { AppError, errorMessage } from '../errors.js';
import { isForbiddenStatus } from './authorization-failure.js';
import { busNotBootstrapped } from './not-bootstrapped.js';
import {
  avroSchemaFor,
  RegistryRefusal,
  registerTopicSchema,
  registryStatus,
  registryUnreachable,
  type SchemaRegistry,
} from './schema-registry.js';

/** Whether `<topic>-value` holds this version's schema; only a 404 means "not registered". */
async function isRegistered(
  registry: SchemaRegistry,
  settings: Settings,
  subject: string,
  key: TopicKey,
): Promise<boolean> {
  try {
    await registry.getRegistryIdBySchema(subject, {
      type: SchemaType.AVRO,
      schema: JSON.stringify(avroSchemaFor(key)),
    });
    return true;
  } catch (error) {
    const status = registryStatus(error);
    if (status === 404) return false;
    if (status === undefined || status >= 500) throw registryUnreachable(settings, error);
    throw new AppError(
      'REGISTRY_REFUSED',
      `the schema registry refused to look up ${subject} (HTTP ${status}: ${errorMessage(error)}); check SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD`,
      { cause: error },
    );
  }
}

/**
 * Registers the schemas that are missing, the way `npm run bootstrap` does (BACKWARD
 * compatibility set on the subject), and returns their subjects. Looking up first leaves a
 * bootstrapped registry untouched, so an identity that may only read starts as well. A registry
 * that refuses the writes (401/403) is BUS_NOT_BOOTSTRAPPED, naming every missing subject.
 */
export async function ensureSchemas(
  registry: SchemaRegistry,
  settings: Settings,
  topics: TopicNames,
): Promise<string[]> {
  const missing: TopicKey[] = [];
  for (const key of Object.keys(TOPIC_CONTRACTS) as TopicKey[]) {
    if (!(await isRegistered(registry, settings, valueSubject(topics[key]), key))) {
      missing.push(key);
    }
  }
  const subjects = missing.map((key) => valueSubject(topics[key]));
  for (const key of missing) {
    try {
      await registerTopicSchema(registry, settings, topics[key], avroSchemaFor(key));
    } catch (error) {
      if (error instanceof RegistryRefusal && isForbiddenStatus(error.status)) {
        throw busNotBootstrapped(
          { subjects },
          `the schema registry answered HTTP ${error.status}`,
          error,
        );
      }
      throw error;
    }
  }
  return subjects;
}
