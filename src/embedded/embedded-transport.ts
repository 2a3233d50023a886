import { readCatalog } from '../catalog/read-catalog.js';
import type { Settings } from '../config/settings.js';
import type { Logger } from '../logging/logger.js';
import type { JobTransport } from '../ports/job-transport.js';
import { startEmbeddedPipeline } from './embedded-pipeline.js';
import { finishEmbeddedJob } from './finish-job.js';

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
    finish: (jobId) => finishEmbeddedJob(pipeline, jobId),
    readCatalog: () => readCatalog(pipeline.db, settings.catalogFile),
    describe: () => pipeline.databaseLocation,
    close: () => pipeline.close(),
  };
}
