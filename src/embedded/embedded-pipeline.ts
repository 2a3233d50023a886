import { createInProcessRegistry } from '../bus/in-process-registry.js';
import { createMemoryBus, type MemoryBus } from '../bus/memory-bus.js';
import { createRegistryCodec } from '../bus/registry-codec.js';
import type { Settings } from '../config/settings.js';
import { topicNames } from '../contracts/topics.js';
import { closeDatabase, createDatabase, type Database } from '../db/database.js';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { migrate } from '../db/migrate.js';
import type { Logger } from '../logging/logger.js';
import { createStages } from '../pipeline/create-stages.js';
import { type StageBatch, stageBatches } from '../pipeline/stage-batches.js';
import { STAGE_NAMES, type StageName, TOPOLOGY } from '../pipeline/topology.js';
import type { Clock } from '../ports/clock.js';
import { systemClock } from '../ports/clock.js';

export interface EmbeddedPipeline {
  bus: MemoryBus;
  db: Database;
  /** Where the rows are kept: the PGlite folder, or the server of DATABASE_URL. */
  databaseLocation: string;
  /** Delivers every published event through validator, sink and tracker until none is left. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  settings: Settings;
  logger: Logger;
  clock?: Clock;
}

/**
 * The whole pipeline in one process: the same validator, sink, tracker and anomaly handlers as in Kafka
 * mode, fed by in-memory topics whose events are encoded with the same Avro schemas. The
 * database is DATABASE_URL when set, else PGlite served over a local socket; migrations run on
 * start.
 */
export async function startEmbeddedPipeline(options: EmbeddedOptions): Promise<EmbeddedPipeline> {
  const { settings, logger } = options;
  const clock = options.clock ?? systemClock;
  const embedded =
    settings.databaseUrl === undefined
      ? await startEmbeddedPostgres(settings.embeddedDataDir)
      : undefined;
  const databaseUrl = settings.databaseUrl ?? (embedded?.url as string);
  await migrate({ databaseUrl, direction: 'up', logger });
  // PGlite runs one transaction at a time: one connection keeps the stages from queueing on it.
  const db = createDatabase(databaseUrl, { max: embedded === undefined ? 4 : 1 });

  const topics = topicNames(settings.kafka.topicPrefix);
  const bus = createMemoryBus(
    createRegistryCodec(createInProcessRegistry(), topics),
    topics,
    logger,
    () => clock.now(),
  );
  const batches = stageBatches(
    createStages({ settings, db, publisher: bus.publisher, clock, logger }),
  );
  for (const stage of STAGE_NAMES) {
    const batch = batches[stage] as StageBatch<StageName>;
    bus.subscribe(TOPOLOGY[stage].input, async (events) => {
      await batch(events.map((event) => event.value as never));
    });
  }

  return {
    bus,
    db,
    databaseLocation:
      embedded === undefined
        ? 'the PostgreSQL server of DATABASE_URL'
        : `PGlite in ${embedded.dataDir}`,
    settle: () => bus.drain(),
    async close() {
      await closeDatabase(db);
      await embedded?.stop();
    },
  };
}
