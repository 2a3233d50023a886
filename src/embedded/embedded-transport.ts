import { readCatalog } from '../catalog/read-catalog.js';
import type { Settings } from '../config/settings.js';
import type { Logger } from '../logging/logger.js';
import type { JobTransport } from '../ports/job-transport.js';
import { startEmbeddedPipeline } from './embedded-pipeline.js';

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
