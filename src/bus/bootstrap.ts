import type { Settings } from '../config/settings.js';
import { type TopicKey, topicNames } from '../contracts/topics.js';
import { isAppError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import { isRetryable } from '../pipeline/retryable.js';
import { ensureTopics } from './ensure-topics.js';
import { brokerUnreachable, createKafka } from './kafka-client.js';
import { createSchemaRegistry, registerAllSchemas } from './schema-registry.js';

export interface BootstrapResult {
  createdTopics: string[];
  schemaIds: Record<TopicKey, number>;
}

/**
 * Makes the cluster ready for the pipeline: creates the missing topics (with a `.dlq` per
 * consumed topic) and registers each topic's schema under `<topic>-value` with BACKWARD
 * compatibility. Idempotent: a second run creates nothing and gets the same schema ids.
 */
export async function bootstrapBus(settings: Settings, logger: Logger): Promise<BootstrapResult> {
  const topics = topicNames(settings.kafka.topicPrefix);
  const kafka = createKafka(settings, logger);
  let createdTopics: string[];
  try {
    createdTopics = await ensureTopics(kafka, topics, settings.kafka);
  } catch (error) {
    if (isAppError(error)) throw error;
    throw brokerUnreachable(settings, error);
  }
  const registry = createSchemaRegistry(settings);
  // Registering is idempotent, so a registry that is slow or restarting (a write can outlast one
  // call's timeout while its database recovers) is simply asked again, for up to about a minute.
  let schemaIds: Record<TopicKey, number>;
  for (let attempt = 1; ; attempt++) {
    try {
      schemaIds = await registerAllSchemas(registry, settings, topics);
      break;
    } catch (error) {
      if (!isRetryable(error) || attempt >= 6) throw error;
      logger.warn({ err: error, attempt }, 'schema registration failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, 2_000 * attempt));
    }
  }
  return { createdTopics, schemaIds };
}
