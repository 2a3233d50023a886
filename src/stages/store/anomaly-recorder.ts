import { createHash } from 'node:crypto';
import { isIsoDate } from '../../calendar/iso-date.js';
import type { Anomaly } from '../../contracts/events.js';
import type { Database } from '../../db/database.js';
import type { Logger } from '../../logging/logger.js';
import { type AnomalyRow, upsertAnomalies } from './upsert-anomalies.js';

export interface AnomalyRecorderPorts {
  db: Database;
  logger: Logger;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The identity of an anomaly: `asset|source|code|date`, or `asset|source|code|#<md5 of the
 * message>` when it has no valid date. The job and event ids are left out on purpose: a
 * redelivery repeats the event and a replay re-detects it under a new job id, and both must land
 * on the same row. The validator emits one `missing_session` event per missing date, so each
 * missing session is a row of its own.
 */
export function anomalyKey(anomaly: Anomaly): string {
  const { assetId, source, code } = anomaly;
  const tail = isIsoDate(anomaly.date)
    ? anomaly.date
    : `#${createHash('md5').update(anomaly.message).digest('hex')}`;
  return `${assetId}|${source}|${code}|${tail}`;
}

/** The `anomaly` row of one `ohlcv.flagged` event. */
export function anomalyRow(anomaly: Anomaly): AnomalyRow {
  return {
    anomaly_key: anomalyKey(anomaly),
    asset_id: anomaly.assetId,
    date: isIsoDate(anomaly.date) ? anomaly.date : null,
    source: anomaly.source,
    code: anomaly.code,
    severity: anomaly.severity,
    message: anomaly.message,
    value: anomaly.value !== null && Number.isFinite(anomaly.value) ? anomaly.value : null,
    // The contract allows any string; the column is a uuid like job_run's (every job id is one).
    job_id: UUID.test(anomaly.jobId) ? anomaly.jobId : null,
    unit_id: anomaly.unitId,
    detected_at: new Date(anomaly.detectedAt),
  };
}

/**
 * The anomaly stage: stores a batch of `ohlcv.flagged` events in the `anomaly` table, one row
 * per anomaly identity (see `anomalyKey`), in one transaction. Redelivery and replays land on the
 * same rows, so the stage is safe to run at least once.
 */
export function createAnomalyRecorder(ports: AnomalyRecorderPorts) {
  const { db, logger } = ports;
  return {
    /** Resolves once the batch's rows are committed. */
    async handle(anomalies: readonly Anomaly[]): Promise<{ rows: number }> {
      // The latest detection of each identity: one statement may not touch a row twice.
      const byKey = new Map<string, AnomalyRow>();
      for (const anomaly of anomalies) {
        const row = anomalyRow(anomaly);
        const seen = byKey.get(row.anomaly_key);
        if (seen === undefined || seen.detected_at <= row.detected_at)
          byKey.set(row.anomaly_key, row);
      }
      const written = await upsertAnomalies(db, [...byKey.values()]);
      logger.debug({ events: anomalies.length, rows: byKey.size, written }, 'anomalies stored');
      return { rows: byKey.size };
    },
  };
}

export type AnomalyRecorder = ReturnType<typeof createAnomalyRecorder>;
