import type { IsoDate } from '../../calendar/iso-date.js';
import type { Database } from '../../db/database.js';
import type { AnomalyRow as StoredAnomalyRow } from '../../stages/store/upsert-anomalies.js';

/** An `anomaly` row as the pages show it: all but its deduplication key. */
export type AnomalyRow = Omit<StoredAnomalyRow, 'anomaly_key'>;

export interface AnomalyFilter {
  asset?: string | undefined;
  code?: string | undefined;
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
  limit: number;
  offset: number;
}

/**
 * Anomalies newest day first. An absent filter is a NULL parameter that the planner folds away,
 * so an asset filter scans anomaly_asset_date_idx and a code filter anomaly_code_date_idx.
 */
export function listAnomalies(db: Database, filter: AnomalyFilter): Promise<AnomalyRow[]> {
  return db.any<AnomalyRow>(
    `SELECT asset_id, date, source, code, severity, message, value, job_id, unit_id, detected_at
       FROM anomaly
      WHERE ($1::text IS NULL OR asset_id = $1) AND ($2::text IS NULL OR code = $2)
        AND ($3::date IS NULL OR date >= $3) AND ($4::date IS NULL OR date <= $4)
      ORDER BY date DESC NULLS LAST, detected_at DESC, anomaly_key LIMIT $5 OFFSET $6`,
    [
      filter.asset ?? null,
      filter.code ?? null,
      filter.from ?? null,
      filter.to ?? null,
      filter.limit,
      filter.offset,
    ],
  );
}
