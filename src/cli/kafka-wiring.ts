import { createKafka } from '../bus/kafka-client.js';
import { createKafkaPublisher } from '../bus/kafka-publisher.js';
import { createRegistryCodec } from '../bus/registry-codec.js';
import { createSchemaRegistry } from '../bus/schema-registry.js';
import { requireDatabaseUrl } from '../config/require-database.js';
import type { Settings } from '../config/settings.js';
import { topicNames } from '../contracts/topics.js';
import { createDatabase } from '../db/database.js';
import type { Logger } from '../logging/logger.js';

/**
 * What a command that runs stages over the topics needs: the topic names, the Kafka client, the
 * registry codec, a publisher through it, and a database pool that PostgreSQL shows under the
 * command's name. Nothing connects yet; the command connects, and closes what it opened.
 */
export function kafkaWiring(settings: Settings, logger: Logger, command: string) {
  const topics = topicNames(settings.kafka.topicPrefix);
  const kafka = createKafka(settings, logger);
  const codec = createRegistryCodec(createSchemaRegistry(settings), topics);
  const publisher = createKafkaPublisher(kafka, codec, topics);
  const db = createDatabase(requireDatabaseUrl(settings), {
    applicationName: `market-collector.${command}`,
  });
  return { topics, kafka, codec, publisher, db };
}
