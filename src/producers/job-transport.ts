import { ensureClusterReady } from '../bus/ensure-cluster-ready.js';
import { brokerUnreachable, createKafka } from '../bus/kafka-client.js';
import { createKafkaPublisher } from '../bus/kafka-publisher.js';
import { createRegistryCodec } from '../bus/registry-codec.js';
import { createSchemaRegistry } from '../bus/schema-registry.js';
import { readCatalog } from '../catalog/read-catalog.js';
import { requireDatabaseUrl } from '../config/require-database.js';
import type { Settings } from '../config/settings.js';
import { topicNames } from '../contracts/topics.js';
import { closeDatabase, createDatabase } from '../db/database.js';
import { databaseFailure } from '../db/open-database.js';
import { isAppError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { JobTransport } from '../ports/job-transport.js';

export async function openKafkaTransport(
  settings: Settings,
  logger: Logger,
): Promise<JobTransport> {
  await ensureClusterReady(settings, logger);
  const topics = topicNames(settings.kafka.topicPrefix);
  const codec = createRegistryCodec(createSchemaRegistry(settings), topics);
  const publisher = createKafkaPublisher(createKafka(settings, logger), codec, topics);
  try {
    await publisher.connect();
  } catch (error) {
    throw brokerUnreachable(settings, error);
  }
  try {
    await codec.prepare(['raw', 'jobs']);
  } catch (error) {
    await publisher.disconnect().catch(() => undefined);
    throw isAppError(error) ? error : brokerUnreachable(settings, error);
  }
  return {
    mode: 'kafka',
    publisher,
    finish: async () => undefined,
    async readCatalog() {
      const db = createDatabase(requireDatabaseUrl(settings), { max: 1 });
      try {
        return await readCatalog(db, settings.catalogFile).catch((error: unknown) => {
          throw databaseFailure(error);
        });
      } finally {
        await closeDatabase(db);
      }
    },
    describe: () => `Kafka at ${settings.kafka.brokers?.join(',')}; the consumers store the rows`,
    close: () => publisher.disconnect(),
  };
}
