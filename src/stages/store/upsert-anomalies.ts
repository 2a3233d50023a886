import type { Database } from '../../db/database.js';
import { pgp } from '../../db/database.js';
import { writeInChunks } from './write-in-chunks.js';

/** One row of the `anomaly` table (migrations/1800000002000_anomaly.sql). */
export interface AnomalyRow {
  anomaly_key: string;
  asset_id: string;
  date: string | null;
  source: string;
  code: string;
  severity: 'warning' | 'rejected';
  message: string;
  value: number | null;
  job_id: string | null;
  unit_id: string | null;
  detected_at: Date;
}

const columns = new pgp.helpers.ColumnSet(
  [
    'anomaly_key',
    'asset_id',
    { name: 'date', cast: 'date' },
    'source',
    'code',
    'severity',
    'message',
    { name: 'value', cast: 'double precision' },
    { name: 'job_id', cast: 'uuid' },
    'unit_id',
    { name: 'detected_at', cast: 'timestamptz' },
  ],
  { table: 'anomaly' },
);

/**
 * One multi-row statement per chunk:
 *
 *   INSERT INTO anomaly (...) VALUES (...), (...)
 *   ON CONFLICT (anomaly_key) DO UPDATE SET ... WHERE anomaly.detected_at <= EXCLUDED.detected_at
 *
 * The row keeps the latest detection of its identity (job, unit, message, value): a replay moves
 * it to the replay's job, while a redelivered older event arriving late changes nothing. Callers
 * pass unique keys (a statement may not touch one row twice). Returns the rows written.
 */
export async function upsertAnomalies(
  db: Database,
  rows: readonly AnomalyRow[],
  chunkSize = 1000,
): Promise<number> {
  if (rows.length === 0) return 0;
  const statementOf = (chunk: AnomalyRow[]) => `${pgp.helpers.insert(chunk, columns)}
    ON CONFLICT (anomaly_key) DO UPDATE SET
      asset_id = EXCLUDED.asset_id, date = EXCLUDED.date, source = EXCLUDED.source,
      code = EXCLUDED.code, severity = EXCLUDED.severity, message = EXCLUDED.message,
      value = EXCLUDED.value, job_id = EXCLUDED.job_id, unit_id = EXCLUDED.unit_id,
      detected_at = EXCLUDED.detected_at
    WHERE anomaly.detected_at <= EXCLUDED.detected_at`;
  return db.tx('anomaly-batch', (t) => writeInChunks(t, rows, chunkSize, statementOf));
}
