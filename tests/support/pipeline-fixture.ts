import { bootstrapBus } from '../../src/bus/bootstrap.js';
import { createKafka } from '../../src/bus/kafka-client.js';
import { createKafkaPublisher, type KafkaPublisher } from '../../src/bus/kafka-publisher.js';
import { createRegistryCodec, type EventCodec } from '../../src/bus/registry-codec.js';
import { createSchemaRegistry } from '../../src/bus/schema-registry.js';
import type { Settings } from '../../src/config/settings.js';
import type { RawUnit } from '../../src/contracts/events.js';
import { type TopicNames, topicNames } from '../../src/contracts/topics.js';
import { closeDatabase, createDatabase, type Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import type { Logger } from '../../src/logging/logger.js';
import { createTestDatabase, testLogger, testSettings } from './integration.js';
import type { ServiceEndpoints } from './service-endpoints.js';

/**
 * Everything a pipeline integration test needs, isolated: its own topic prefix (topics created,
 * schemas registered), its own migrated database, a publisher, and cleanup of all of it.
 */
export interface PipelineFixture {
  settings: Settings;
  topics: TopicNames;
  logger: Logger;
  kafka: ReturnType<typeof createKafka>;
  codec: EventCodec;
  publisher: KafkaPublisher;
  db: Database;
  databaseUrl: string;
  cleanup(): Promise<void>;
}

export async function createPipelineFixture(services: ServiceEndpoints): Promise<PipelineFixture> {
  const database = await createTestDatabase(services.postgresAdminUrl ?? '');
  const settings = testSettings(services, { DATABASE_URL: database.url });
  const logger = testLogger('pipeline-test');
  await migrate({ databaseUrl: database.url, direction: 'up', logger });
  await bootstrapBus(settings, logger);
  const topics = topicNames(settings.kafka.topicPrefix);
  const kafka = createKafka(settings, logger);
  const codec = createRegistryCodec(createSchemaRegistry(settings), topics);
  const publisher = createKafkaPublisher(kafka, codec, topics);
  await publisher.connect();
  const db = createDatabase(database.url);
  return {
    settings,
    topics,
    logger,
    kafka,
    codec,
    publisher,
    db,
    databaseUrl: database.url,
    async cleanup() {
      await publisher.disconnect().catch(() => undefined);
      await closeDatabase(db).catch(() => undefined);
      await database.drop();
      const admin = kafka.admin();
      await admin.connect();
      const ours = (await admin.listTopics()).filter((t) =>
        t.startsWith(settings.kafka.topicPrefix),
      );
      await admin.deleteTopics({ topics: ours }).catch(() => undefined);
      await admin.disconnect();
    },
  };
}

export function rawUnit(overrides: Partial<RawUnit> & Pick<RawUnit, 'bars'>): RawUnit {
  const windowStart = overrides.windowStart ?? overrides.bars[0]?.date ?? '2026-02-02';
  const windowEnd = overrides.windowEnd ?? overrides.bars.at(-1)?.date ?? windowStart;
  return {
    eventId: `evt-${Math.random().toString(36).slice(2)}`,
    jobId: '0b7c2a40-0f6e-4a8e-9d2b-2c1f5d0a9e11',
    unitId: `005930|sample|${windowStart}|${windowEnd}`,
    assetId: '005930',
    category: 'stock',
    market: 'KRX',
    source: 'sample',
    sourceSymbol: '005930',
    windowStart,
    windowEnd,
    fetchedAt: Date.parse('2026-02-12T00:00:00Z'),
    attempts: 1,
    ...overrides,
  };
}
