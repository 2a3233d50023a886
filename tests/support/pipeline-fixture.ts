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
import { cliEnv } from './cli-env.js';
import { createTestDatabase, testLogger, testSettings } from './integration.js';
import { type RunningCli, startCli } from './run-cli.js';
import type { ServiceEndpoints } from './service-endpoints.js';
import { deleteTestTopics } from './test-topics.js';

/**
 * Everything a pipeline integration test needs, isolated: its own topic prefix (topics created,
 * schemas registered), its own migrated database, a publisher, the consumers it starts, and
 * cleanup of all of it.
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
  /** `consume all` on `env` (default: the fixture's bus and database), once it is running. */
  startConsumers(env?: Record<string, string>): Promise<RunningCli>;
  /** Stops the consumers first, so that none of them sees its topics or database go. */
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
  const consumers: RunningCli[] = [];
  return {
    settings,
    topics,
    logger,
    kafka,
    codec,
    publisher,
    db,
    databaseUrl: database.url,
    async startConsumers(env = cliEnv({ settings, databaseUrl: database.url })) {
      const running = startCli('src/cli/consume.ts', ['all'], env);
      consumers.push(running);
      await running.waitFor(/"msg":"running /);
      return running;
    },
    async cleanup() {
      await Promise.all(consumers.map((running) => running.stop()));
      await publisher.disconnect().catch(() => undefined);
      await closeDatabase(db).catch(() => undefined);
      await database.drop();
      await deleteTestTopics(settings, kafka);
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
