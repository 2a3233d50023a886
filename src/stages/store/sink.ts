import type { ValidatedUnit } from '../../contracts/events.js';
import { toIngestJobEvent } from '../../contracts/events.js';
import type { Database } from '../../db/database.js';
import type { Logger } from '../../logging/logger.js';
import type { Clock } from '../../ports/clock.js';
import type { Publisher } from '../../ports/publisher.js';
import { latestPerKey, type PriceRow } from './price-row.js';
import { upsertPrices } from './upsert-prices.js';

export interface SinkPorts {
  db: Database;
  publisher: Publisher;
  clock: Clock;
  newId: () => string;
  logger: Logger;
  /** Rows per INSERT statement. */
  chunkRows: number;
}

/**
 * The sink stage: upserts a batch of validated units into `price_daily` in one transaction, then
 * publishes UnitStored per unit. Re-running a batch writes the same rows again (ON CONFLICT DO
 * UPDATE), so redelivery, replays and crashes between commit and offset commit are harmless.
 */
export function createSink(ports: SinkPorts) {
  const { db, publisher, clock, newId, logger } = ports;
  return {
    /** Resolves once the rows are committed and every UnitStored is acknowledged. */
    async handle(units: readonly ValidatedUnit[], heartbeat: () => Promise<void> = async () => {}) {
      const rows: PriceRow[] = [];
      for (const unit of units) {
        for (const bar of unit.bars) {
          rows.push({
            asset_id: unit.assetId,
            date: bar.date,
            source: unit.source,
            open: bar.open,
            high: bar.high,
            low: bar.low,
            close: bar.close,
            volume: bar.volume,
            flags: bar.flags,
          });
        }
      }
      const unique = latestPerKey(rows);
      const written = await db.tx('sink-batch', (t) =>
        upsertPrices(t, unique, ports.chunkRows, heartbeat),
      );
      logger.debug({ units: units.length, rows: unique.length, written }, 'batch stored');
      const now = clock.now();
      await publisher.publish(
        'jobs',
        units.map((unit) => ({
          key: unit.jobId,
          value: toIngestJobEvent({
            type: 'UnitStored',
            eventId: newId(),
            jobId: unit.jobId,
            occurredAt: now,
            payload: { unitId: unit.unitId, assetId: unit.assetId, rowsWritten: unit.bars.length },
          }),
        })),
      );
      return { rows: unique.length };
    },
  };
}

export type Sink = ReturnType<typeof createSink>;
