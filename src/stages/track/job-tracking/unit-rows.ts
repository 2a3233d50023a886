import type { JobEvent } from '../../../contracts/events.js';

/** One `job_unit` row: what one lifecycle event says about one unit at one stage. */
export interface UnitRow {
  job_id: string;
  unit_id: string;
  stage: 'planned' | 'fetch' | 'validate' | 'store';
  asset_id: string;
  status: string;
  /** Bars the source returned; set on fetch rows only. */
  bars_fetched: number;
  /** Bars validation passed on to storage; set on validate rows only. */
  bars_accepted: number;
  flagged: number;
  rejected: number;
  rows: number;
  attempts: number;
  error_code: string | null;
  error: string | null;
  recorded_at: Date;
}

/** The error code of a unit whose bars were fetched and every one rejected: a failed unit. */
export const ALL_BARS_REJECTED = 'ALL_BARS_REJECTED';

/**
 * The `job_unit` rows of one event: one per planned unit for JobStarted, one otherwise. The
 * statuses written here are what the `job_unit_state` view's unit rules read.
 */
export function unitRows(event: JobEvent): UnitRow[] {
  const base = {
    job_id: event.jobId,
    recorded_at: new Date(event.occurredAt),
    bars_fetched: 0,
    bars_accepted: 0,
    flagged: 0,
    rejected: 0,
    rows: 0,
    attempts: 0,
    error_code: null,
    error: null,
  };
  switch (event.type) {
    case 'JobStarted':
      return event.payload.plannedUnits.map((unit) => ({
        ...base,
        unit_id: unit.unitId,
        stage: 'planned',
        asset_id: unit.assetId,
        status: 'planned',
      }));
    case 'UnitFetched':
      return [
        {
          ...base,
          unit_id: event.payload.unitId,
          stage: 'fetch',
          asset_id: event.payload.assetId,
          status: 'fetched',
          bars_fetched: event.payload.barCount,
          attempts: event.payload.attempts,
        },
      ];
    case 'UnitFetchFailed':
      return [
        {
          ...base,
          unit_id: event.payload.unitId,
          stage: 'fetch',
          asset_id: event.payload.assetId,
          status: 'failed',
          attempts: event.payload.attempts,
          error_code: event.payload.errorCode,
          error: event.payload.error,
        },
      ];
    case 'UnitValidated': {
      // A unit with none accepted ends here, and one whose every bar was rejected ends failed,
      // with the reason its error summary shows.
      const { accepted, rejected } = event.payload;
      const allRejected = accepted === 0 && rejected > 0;
      return [
        {
          ...base,
          unit_id: event.payload.unitId,
          stage: 'validate',
          asset_id: event.payload.assetId,
          status: allRejected ? 'all_rejected' : accepted === 0 ? 'empty' : 'validated',
          bars_accepted: accepted,
          flagged: event.payload.flagged,
          rejected,
          ...(allRejected && {
            error_code: ALL_BARS_REJECTED,
            error: `all ${rejected} fetched bar(s) rejected by validation, none stored; the reasons are on ohlcv.flagged`,
          }),
        },
      ];
    }
    case 'UnitStored':
      return [
        {
          ...base,
          unit_id: event.payload.unitId,
          stage: 'store',
          asset_id: event.payload.assetId,
          status: 'stored',
          rows: event.payload.rowsWritten,
        },
      ];
  }
}
