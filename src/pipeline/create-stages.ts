import { randomUUID } from 'node:crypto';
import { createAlerter } from '../alerts/create-alerter.js';
import type { Settings } from '../config/settings.js';
import { assetCurrencies } from '../db/asset-currencies.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logging/logger.js';
import type { Clock } from '../ports/clock.js';
import type { Publisher } from '../ports/publisher.js';
import { createAnomalyRecorder } from '../stages/store/anomaly-recorder.js';
import { createSink } from '../stages/store/sink.js';
import { createTracker } from '../stages/track/tracker.js';
import { currencyLookup } from '../stages/validate/currency-lookup.js';
import { latestCloseBefore } from '../stages/validate/latest-close.js';
import { priceCeiling } from '../stages/validate/price-ceiling.js';
import { createValidator } from '../stages/validate/validator.js';

export interface StagePorts {
  settings: Settings;
  db: Database;
  publisher: Publisher;
  clock: Clock;
  logger: Logger;
}

/**
 * The validator, sink, tracker and anomaly handlers over one set of ports, configured from the settings:
 * every wiring (Kafka consumers, embedded, replay) builds its stages here, so they cannot drift.
 */
export function createStages({ settings, db, publisher, clock, logger }: StagePorts) {
  const currencyOf = currencyLookup(() => assetCurrencies(db), Date.now);
  return {
    validator: createValidator({
      publisher,
      clock,
      newId: randomUUID,
      latestCloseBefore: (assetId, source, date) => latestCloseBefore(db, assetId, source, date),
      spikeThreshold: settings.validation.spikeThreshold,
      priceCeiling: async (assetId) => priceCeiling(await currencyOf(assetId)),
      logger: logger.child({ component: 'validator' }),
    }),
    sink: createSink({
      db,
      publisher,
      clock,
      newId: randomUUID,
      logger: logger.child({ component: 'sink' }),
      chunkRows: settings.sink.chunkRows,
    }),
    tracker: createTracker({
      db,
      alerter: createAlerter(settings, logger),
      clock,
      logger: logger.child({ component: 'tracker' }),
      stallAfterMs: settings.tracker.stallAfterMs,
    }),
    anomalies: createAnomalyRecorder({ db, logger: logger.child({ component: 'anomalies' }) }),
  };
}
