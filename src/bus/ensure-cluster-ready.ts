import type { Settings } from '../config/settings.js';
import { topicNames } from '../contracts/topics.js';
import { isAppError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import { ensureSchemas } from './ensure-schemas.js';
import { ensureTopics } from './ensure-topics.js';
import { brokerUnreachable, createKafka } from './kafka-client.js';
import { createSchemaRegistry } from './schema-registry.js';

/**
 * The first step of every command that talks to Kafka (produce, consume, replay): on a cluster
 * where `npm run bootstrap` never ran it creates the missing topics (with their `.dlq`s and the
 * configured partitions, replication and min ISR) and registers the missing schemas, so the
 * command starts instead of failing on "This server does not host this topic-partition". Where
 * the cluster refuses (ACLs, a read-only registry user) it throws BUS_NOT_BOOTSTRAPPED: one line
 * naming what is missing and `npm run bootstrap`, exit code 2.
 */
export async function ensureClusterReady(settings: Settings, logger: Logger): Promise<void> {
  const topics = topicNames(settings.kafka.topicPrefix);
  let createdTopics: string[];
  try {
    createdTopics = await ensureTopics(createKafka(settings, logger), topics, settings.kafka);
  } catch (error) {
    throw isAppError(error) ? error : brokerUnreachable(settings, error);
  }
  const registeredSubjects = await ensureSchemas(createSchemaRegistry(settings), settings, topics);
  if (createdTopics.length > 0 || registeredSubjects.length > 0) {
    logger.info(
      { createdTopics, registeredSubjects },
      `the cluster was not bootstrapped: created ${createdTopics.length} topic(s) and registered ${registeredSubjects.length} schema(s), as npm run bootstrap does`,
    );
  }
}
