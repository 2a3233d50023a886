import { afterAll, beforeAll } from 'vitest';
import type { Alert } from '../../src/alerts/alerter.js';
import type { Database } from '../../src/db/database.js';
import { createTracker, type Tracker } from '../../src/stages/track/tracker.js';
import { testLogger } from './integration.js';
import { type OpenTestDatabase, openTestDatabase } from './test-database.js';

/**
 * The job tracker over a migrated database of its own, with its alerts kept in `alerts` instead
 * of sent and a clock that reads `now`: a test moves it on past the minute after which a job
 * without progress is stalled.
 */
export interface TrackerHarness {
  readonly db: Database;
  alerts: Alert[];
  now: number;
  /** A new tracker: nothing carried over but what is in the database, as after a restart. */
  tracker(): Tracker;
}

/**
 * A TrackerHarness for the tests of the calling `describe`: its database is created before
 * them and dropped after them.
 */
export function useTrackerHarness(adminUrl: string, now: number): TrackerHarness {
  let database: OpenTestDatabase | undefined;
  beforeAll(async () => {
    database = await openTestDatabase(adminUrl, { migrated: true });
  });
  afterAll(async () => {
    await database?.close();
  });
  const harness: TrackerHarness = {
    get db() {
      if (database === undefined) throw new Error('the tracker harness is open only in its tests');
      return database.db;
    },
    alerts: [],
    now,
    tracker: () =>
      createTracker({
        db: harness.db,
        alerter: {
          send: async (alert) => {
            harness.alerts.push(alert);
            return true;
          },
        },
        clock: { now: () => harness.now },
        logger: testLogger('tracker'),
        stallAfterMs: 60_000,
      }),
  };
  return harness;
}
