import type { SourceName } from '../catalog/assets.js';
import type { Settings } from '../config/settings.js';
import { closeDatabase, createDatabase } from '../db/database.js';
import { listAssets } from '../db/list-assets.js';
import { checkFreshness } from '../healthcheck/freshness.js';
import type { Logger } from '../logging/logger.js';
import { databaseAnswers } from './database-check.js';
import { refreshJobOutcomeMetrics } from './job-outcome-gauges.js';
import { metricsAddress } from './metrics-address.js';
import { startPoller } from './poller.js';
import { createProcessObservability, type ProcessObservability } from './process-observability.js';

/** How often the scheduler recounts stale assets: the healthcheck's numbers, between runs too. */
const FRESHNESS_EVERY_MS = 60_000;

/**
 * The scheduler's metrics server: stale assets (the healthcheck's count) and job outcomes read
 * from PostgreSQL every minute, and /readyz = the database answers. With the embedded database
 * (no DATABASE_URL) there is nothing to read: PGlite's folder belongs to the job's children.
 */
export async function startScheduleObservability(options: {
  settings: Settings;
  logger: Logger;
  metricsPort: number | undefined;
  /** The scheduler's --source: freshness is then checked on that source's rows. */
  source?: SourceName | undefined;
}): Promise<ProcessObservability> {
  const { settings, logger } = options;
  const observability = createProcessObservability(logger);
  const { metrics } = observability;
  // First, so that a port in use stops the command before it opens anything.
  await observability.serve(metricsAddress(settings, 'schedule', options.metricsPort));
  if (settings.databaseUrl !== undefined) {
    const db = createDatabase(settings.databaseUrl, {
      max: 1,
      applicationName: 'market-collector.schedule.metrics',
    });
    observability.addReadinessCheck('database', databaseAnswers(db));
    const poller = startPoller(
      'counting stale assets',
      FRESHNESS_EVERY_MS,
      async () => {
        const rows = await checkFreshness({
          db,
          // The asset table as it is now: `npm run assets` may have changed it since the start.
          catalog: await listAssets(db),
          now: new Date(),
          ...(options.source === undefined ? {} : { source: options.source }),
        });
        metrics.staleAssets.set(rows.filter((row) => row.status === 'STALE').length);
        await refreshJobOutcomeMetrics(db, metrics);
      },
      logger,
    );
    observability.onClose(async () => {
      await poller.stop();
      await closeDatabase(db);
    });
  }
  return observability;
}
