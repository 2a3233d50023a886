import type { Alert } from '../../src/alerts/alerter.js';
import type { Database } from '../../src/db/database.js';
import { createTracker, type Tracker } from '../../src/stages/track/tracker.js';
import { testLogger } from './integration.js';
import { openTestDatabase } from './test-database.js';

/**
 * The job tracker over a migrated database of its own, with its alerts kept in `alerts` instead
 * of sent and a clock that reads `now`: a test moves it on past the minute after which a job
 * without progress is stalled.
 */
export interface TrackerHarness {
  db: Database;
  alerts: Alert[];
  now: number;
  /** A new tracker: nothing carried over but what is in the database, as after a restart. */
  tracker(): Tracker;
  close(): Promise<void>;
}

export async function createTrackerHarness(adminUrl: string, now: number): Promise<TrackerHarness> {
  const database = await openTestDatabase(adminUrl, { migrated: true });
  const harness: TrackerHarness = {
    db: database.db,
    alerts: [],
    now,
    tracker: () =>
      createTracker({
        db: database.db,
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
    close: database.close,
  };
  return harness;
}
