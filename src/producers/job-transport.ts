import { ensureClusterReady } from '../bus/ensure-cluster-ready.js';
import { brokerUnreachable, createKafka } from '../bus/kafka-client.js';
import { createKafkaPublisher } from '../bus/kafka-publisher.js';
import { createRegistryCodec } from '../bus/registry-codec.js';
import { createSchemaRegistry } from '../bus/schema-registry.js';
import type { Asset } from '../catalog/assets.js';
import { readCatalog } from '../catalog/read-catalog.js';
import { requireDatabaseUrl } from '../config/require-database.js';
import type { Settings } from '../config/settings.js';
import { topicNames } from '../contracts/topics.js';
import { closeDatabase, createDatabase } from '../db/database.js';
import { databaseFailure } from '../db/open-database.js';
import { startEmbeddedPipeline } from '../embedded/embedded-pipeline.js';
import { isAppError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { Publisher } from '../ports/publisher.js';

export interface JobOutcome {
  status: string;
  rowsWritten: number;
  barsRejected: number;
  unitsFailed: number;
  errorMessage: string | null;
}

/** Where a produce run sends its events, and what it can tell once they are sent. */
export interface JobTransport {
  mode: 'kafka' | 'embedded';
  publisher: Publisher;
  /**
   * After the last event: in embedded mode runs every stage and returns the job's final state;
   * in Kafka mode the consumers do that elsewhere, so undefined.
   */
  finish(jobId: string): Promise<JobOutcome | undefined>;
  /** The catalog (the `asset` table, CATALOG_FILE imported into it first). */
  readCatalog(): Promise<readonly Asset[]>;
  /** Where the rows end up, for the summary. */
  describe(): string;
  close(): Promise<void>;
}

/**
 * Kafka when KAFKA_BROKERS is set: makes the cluster ready (topics, schemas) and checks the
 * broker and the registry before anything is sent.
 */
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

/** Embedded when KAFKA_BROKERS is not set: every stage in this process. */
export async function openEmbeddedTransport(
  settings: Settings,
  logger: Logger,
  dataDir?: string,
): Promise<JobTransport> {
  const pipeline = await startEmbeddedPipeline({
    settings,
    logger,
    ...(dataDir === undefined ? {} : { dataDir }),
  });
  return {
    mode: 'embedded',
    publisher: pipeline.bus.publisher,
    async finish(jobId) {
      await pipeline.settle();
      const job = await pipeline.db.oneOrNone<{
        status: string;
        rows_written: number;
        bars_rejected: number;
        units_failed: number;
        error_message: string | null;
      }>(
        `SELECT status, rows_written, bars_rejected, units_failed, error_message
           FROM job_run WHERE job_id = $1`,
        [jobId],
      );
      return {
        status: job?.status ?? 'unknown',
        rowsWritten: job?.rows_written ?? 0,
        barsRejected: job?.bars_rejected ?? 0,
        unitsFailed: job?.units_failed ?? 0,
        errorMessage: job?.error_message ?? null,
      };
    },
    readCatalog: () => readCatalog(pipeline.db, settings.catalogFile),
    describe: () => pipeline.databaseLocation,
    close: () => pipeline.close(),
  };
}
