import { isIsoDate, todayIn } from '../../calendar/iso-date.js';
import { calendarFor } from '../../calendar/market-calendar.js';
import type { Category } from '../../catalog/assets.js';
import type { Anomaly, RawUnit, ValidatedUnit } from '../../contracts/events.js';
import { toIngestJobEvent } from '../../contracts/events.js';
import type { Logger } from '../../logging/logger.js';
import type { Clock } from '../../ports/clock.js';
import type { OutgoingRecord, Publisher } from '../../ports/publisher.js';
import { DEFAULT_PRICE_CEILING } from './price-ceiling.js';
import { PRICE_SPIKE, type UnitValidation, validateUnit } from './validate-unit.js';

export interface ValidatorPorts {
  publisher: Publisher;
  clock: Clock;
  newId: () => string;
  /** The latest stored bar of the asset from the source before the date (spike check). */
  latestCloseBefore: (
    assetId: string,
    source: string,
    date: string,
  ) => Promise<{ date: string; close: number } | undefined>;
  /** The spike threshold of a category, e.g. 0.30. */
  spikeThreshold: (category: Category) => number;
  /** The highest believable price of an asset (by its currency); 1e15 when not given. */
  priceCeiling?: (assetId: string) => number | Promise<number>;
  logger: Logger;
}

export interface ValidatorOutputs {
  validated: OutgoingRecord<'validated'>[];
  flagged: OutgoingRecord<'flagged'>[];
  jobs: OutgoingRecord<'jobs'>[];
}

/**
 * The validator stage: for each raw unit, publishes its storable bars (with flags and the unit's
 * warnings) to `ohlcv.validated`, one event per anomaly or rejected bar to `ohlcv.flagged`, and
 * UnitValidated to `ingest.jobs`. A unit with nothing storable publishes no validated event: its
 * UnitValidated (accepted 0) is its terminal state.
 */
export function createValidator(ports: ValidatorPorts) {
  const { clock, newId } = ports;

  /**
   * The close of the session just before `firstDate` by the market's calendar: from an earlier
   * unit of the same batch (not stored yet) or from the database. An older stored close is not
   * used: when the validator runs ahead of the sink (a backfill), the latest stored close can be
   * months old, and comparing with it would flag moves that never happened.
   */
  async function previousClose(
    unit: RawUnit,
    firstDate: string,
    inBatch: Map<string, { date: string; close: number }>,
  ): Promise<number | undefined> {
    const expected = calendarFor(unit.market).previousSession(firstDate);
    const seen = inBatch.get(`${unit.assetId}|${unit.source}`);
    if (seen?.date === expected) return seen.close;
    const stored = await ports.latestCloseBefore(unit.assetId, unit.source, firstDate);
    return stored?.date === expected ? stored.close : undefined;
  }

  function outputsOf(unit: RawUnit, result: UnitValidation, outputs: ValidatorOutputs): void {
    const now = clock.now();
    const anomaly = (
      fields: Pick<Anomaly, 'code' | 'severity' | 'date' | 'message' | 'value' | 'bar'>,
    ): OutgoingRecord<'flagged'> => ({
      key: unit.assetId,
      value: {
        eventId: newId(),
        jobId: unit.jobId,
        unitId: unit.unitId,
        assetId: unit.assetId,
        source: unit.source,
        detectedAt: now,
        ...fields,
      },
    });
    for (const { bar, rejections } of result.rejected) {
      const rejected = anomaly({
        code: rejections[0]?.code ?? 'rejected',
        severity: 'rejected',
        // `date` is a real day or null: the text of an impossible one is in the message and bar.
        date: isIsoDate(bar.date) ? bar.date : null,
        message: rejections.map((r) => r.message).join('; '),
        value: null,
        bar,
      });
      outputs.flagged.push(rejected);
      // One line per rejected bar (bounded by the unit's bars): in embedded mode the log is
      // where a person sees why a bar is not in price_daily.
      ports.logger.warn(
        { unitId: unit.unitId, assetId: unit.assetId, code: rejected.value.code },
        `bar rejected: ${rejected.value.message}`,
      );
    }
    for (const spike of result.spikes) {
      outputs.flagged.push(
        anomaly({
          code: PRICE_SPIKE,
          severity: 'warning',
          date: spike.date,
          message: `close moved ${(spike.change * 100).toFixed(1)}% from the previous close ${spike.previousClose}`,
          value: spike.change,
          bar: null,
        }),
      );
    }
    for (const warning of result.warnings.filter((w) => w.code === 'missing_sessions')) {
      for (const date of warning.dates) {
        outputs.flagged.push(
          anomaly({
            code: 'missing_session',
            severity: 'warning',
            date,
            message: `no bar for the ${unit.market} session of ${date}`,
            value: null,
            bar: null,
          }),
        );
      }
    }
    if (result.accepted.length > 0) {
      const validated: ValidatedUnit = {
        eventId: newId(),
        jobId: unit.jobId,
        unitId: unit.unitId,
        assetId: unit.assetId,
        category: unit.category,
        market: unit.market,
        source: unit.source,
        windowStart: unit.windowStart,
        windowEnd: unit.windowEnd,
        validatedAt: now,
        bars: result.accepted,
        warnings: result.warnings,
        rejectedCount: result.rejected.length,
      };
      outputs.validated.push({ key: unit.assetId, value: validated });
    }
    const flaggedDates = result.spikes.map((spike) => spike.date);
    outputs.jobs.push({
      key: unit.jobId,
      value: toIngestJobEvent({
        type: 'UnitValidated',
        eventId: newId(),
        jobId: unit.jobId,
        occurredAt: now,
        payload: {
          unitId: unit.unitId,
          assetId: unit.assetId,
          accepted: result.accepted.length,
          flagged: flaggedDates.length,
          rejected: result.rejected.length,
          warnings: result.warnings,
          flaggedDates,
        },
      }),
    });
  }

  return {
    /** Validates the units and resolves once every output event is acknowledged. */
    async handle(units: readonly RawUnit[]): Promise<ValidatorOutputs> {
      const outputs: ValidatorOutputs = { validated: [], flagged: [], jobs: [] };
      const lastCloses = new Map<string, { date: string; close: number }>();
      const ordered = [...units].sort((a, b) =>
        a.assetId === b.assetId
          ? a.windowStart.localeCompare(b.windowStart)
          : a.assetId.localeCompare(b.assetId),
      );
      for (const unit of ordered) {
        // The first bar that can be stored: a real day inside the window, with a close.
        const firstDate = unit.bars.reduce(
          (min, bar) =>
            bar.close !== null &&
            isIsoDate(bar.date) &&
            bar.date >= unit.windowStart &&
            bar.date < min
              ? bar.date
              : min,
          unit.windowEnd,
        );
        const calendar = calendarFor(unit.market);
        const result = validateUnit(unit, {
          spikeThreshold: ports.spikeThreshold(unit.category),
          previousClose:
            unit.bars.length === 0 ? undefined : await previousClose(unit, firstDate, lastCloses),
          today: todayIn(calendar.timeZone, new Date(clock.now())),
          priceCeiling: (await ports.priceCeiling?.(unit.assetId)) ?? DEFAULT_PRICE_CEILING,
        });
        const last = result.accepted.at(-1);
        if (last !== undefined)
          lastCloses.set(`${unit.assetId}|${unit.source}`, { date: last.date, close: last.close });
        outputsOf(unit, result, outputs);
        ports.logger.debug(
          {
            unitId: unit.unitId,
            accepted: result.accepted.length,
            rejected: result.rejected.length,
            spikes: result.spikes.length,
          },
          'unit validated',
        );
      }
      await ports.publisher.publish('validated', outputs.validated);
      await ports.publisher.publish('flagged', outputs.flagged);
      await ports.publisher.publish('jobs', outputs.jobs);
      return outputs;
    },
  };
}

export type Validator = ReturnType<typeof createValidator>;
