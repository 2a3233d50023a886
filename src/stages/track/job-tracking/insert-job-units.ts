import type { ITask } from 'pg-promise';
import { pgp } from '../../../db/database.js';
import type { UnitRow } from './unit-rows.js';

const unitColumns = new pgp.helpers.ColumnSet(
  [
    'job_id',
    'unit_id',
    'stage',
    'asset_id',
    'status',
    'bars_fetched',
    'bars_accepted',
    'flagged',
    'rejected',
    'rows',
    'attempts',
    'error_code',
    'error',
    'recorded_at',
  ],
  { table: 'job_unit' },
);

/**
 * Inserts `job_unit` rows in statements of up to 1000, keyed by (job, unit, stage) with
 * ON CONFLICT DO NOTHING: an event seen twice changes nothing.
 */
export async function insertJobUnits(t: ITask<unknown>, rows: readonly UnitRow[]): Promise<void> {
  for (let offset = 0; offset < rows.length; offset += 1000) {
    await t.none(
      `${pgp.helpers.insert(rows.slice(offset, offset + 1000), unitColumns)} ON CONFLICT (job_id, unit_id, stage) DO NOTHING`,
    );
  }
}
