import type { Asset } from '../catalog/assets.js';
import type { Publisher } from './publisher.js';

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
