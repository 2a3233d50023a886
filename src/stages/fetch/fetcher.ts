import type { SourceName } from '../../catalog/assets.js';
import type { JobEvent, RawUnit } from '../../contracts/events.js';
import { toIngestJobEvent } from '../../contracts/events.js';
import { AppError, errorMessage, isAppError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import { redactCredentials } from '../../logging/redact-credentials.js';
import type { Clock } from '../../ports/clock.js';
import type { Publisher } from '../../ports/publisher.js';
import { mapConcurrent } from './map-concurrent.js';
import type { UnitPlan } from './plan-units.js';
import type { SourceAdapter } from './sources/source-adapter.js';

export interface FetcherPorts {
  sources: Partial<Record<SourceName, SourceAdapter>>;
  publisher: Publisher;
  clock: Clock;
  newId: () => string;
  logger: Logger;
  /**
   * The longest one unit's fetch may take, pages and retries included; past it the unit is a
   * SOURCE_TIMEOUT fetch failure and the job goes on. Unset: no deadline.
   */
  unitDeadlineMs?: number;
  /** How many assets are fetched at once; one asset's units go one after another. */
  concurrency?: number;
  /** Called after each unit's events are acknowledged, for progress display. */
  onUnitDone?: (outcome: UnitOutcome) => void;
}

export interface JobSpec {
  jobId: string;
  jobName: string;
  params: Record<string, unknown>;
  units: UnitPlan[];
}

export type UnitOutcome =
  | { unit: UnitPlan; status: 'fetched'; bars: number; attempts: number; durationMs: number }
  | {
      unit: UnitPlan;
      status: 'failed';
      attempts: number;
      durationMs: number;
      errorCode: string;
      error: string;
    };

export interface JobSummary {
  jobId: string;
  units: number;
  unitsFetched: number;
  unitsFailed: number;
  bars: number;
  assetsOk: string[];
  assetsFailed: string[];
  elapsedMs: number;
}

/**
 * Thrown when the bus refuses or cannot take an event mid-job. It says how far the job got, so
 * the CLI can tell what was and was not sent.
 */
/** The units not sent, named on the one error line (the first few, then how many more). */
function notSentList(units: string[]): string {
  if (units.length === 0) return '';
  const shown = units.slice(0, 3).join(', ');
  return `; not sent: ${shown}${units.length > 3 ? ` and ${units.length - 3} more` : ''}`;
}

export class PublishFailedError extends AppError {
  constructor(
    readonly jobStartedSent: boolean,
    readonly unitsSent: string[],
    readonly unitsNotSent: string[],
    cause: unknown,
  ) {
    super(
      isAppError(cause) ? cause.code : 'BROKER_UNREACHABLE',
      `${errorMessage(cause)}; sent ${jobStartedSent ? 'JobStarted and ' : 'nothing, not even JobStarted, and '}${unitsSent.length} of ${unitsSent.length + unitsNotSent.length} unit(s)${notSentList(unitsNotSent)}`,
      { cause },
    );
  }
}

/**
 * The fetcher stage: publishes JobStarted with the planned units, then for each unit the raw
 * event and UnitFetched, or UnitFetchFailed once the source's retries are spent. A source
 * failure is the job's outcome, recorded as an event; only a failing bus stops the job.
 */
export function createFetcher(ports: FetcherPorts) {
  const { publisher, clock, newId, logger } = ports;

  const jobEvent = (jobId: string, event: Omit<JobEvent, 'eventId' | 'jobId' | 'occurredAt'>) =>
    toIngestJobEvent({ ...event, eventId: newId(), jobId, occurredAt: clock.now() } as JobEvent);

  /** The unit's outcome and, when fetched, the raw event to publish. */
  async function fetchUnit(
    jobId: string,
    unit: UnitPlan,
  ): Promise<{ outcome: UnitOutcome; raw?: RawUnit }> {
    const adapter = ports.sources[unit.source];
    const { asset } = unit;
    const { unitDeadlineMs } = ports;
    const deadline = unitDeadlineMs === undefined ? undefined : AbortSignal.timeout(unitDeadlineMs);
    const started = performance.now();
    const elapsedMs = () => Math.round(performance.now() - started);
    try {
      if (adapter === undefined) {
        throw new AppError('SOURCE_UNKNOWN_SYMBOL', `no ${unit.source} source is configured`);
      }
      const { bars, attempts } = await adapter
        .fetchDaily({
          asset,
          start: unit.windowStart,
          end: unit.windowEnd,
          ...(deadline === undefined ? {} : { signal: deadline }),
        })
        .catch((error: unknown) => {
          if (deadline?.aborted !== true) throw error;
          throw new AppError(
            'SOURCE_TIMEOUT',
            `${unit.source} did not finish the unit within ${unitDeadlineMs} ms (FETCH_UNIT_DEADLINE_MS)`,
            { cause: error, retryable: false },
          );
        });
      const raw: RawUnit = {
        eventId: newId(),
        jobId,
        unitId: unit.unitId,
        assetId: asset.id,
        category: asset.category,
        market: asset.market,
        source: unit.source,
        sourceSymbol: unit.source === 'sample' ? asset.id : asset.sourceSymbol,
        windowStart: unit.windowStart,
        windowEnd: unit.windowEnd,
        fetchedAt: clock.now(),
        attempts,
        bars,
      };
      return {
        outcome: { unit, status: 'fetched', bars: bars.length, attempts, durationMs: elapsedMs() },
        raw,
      };
    } catch (error) {
      const attempts = (error as { attempts?: number }).attempts ?? 1;
      const errorCode = isAppError(error) ? error.code : 'SOURCE_BAD_RESPONSE';
      logger.warn(
        { assetId: asset.id, unitId: unit.unitId, attempts, err: error },
        'unit fetch failed',
      );
      return {
        // The message lands in job_run and alerts: no URL in it may keep its credentials.
        outcome: {
          unit,
          status: 'failed',
          attempts,
          durationMs: elapsedMs(),
          errorCode,
          error: redactCredentials(errorMessage(error)),
        },
      };
    }
  }

  /** The raw event first, then its lifecycle event, each acknowledged before the next. */
  async function publishOutcome(jobId: string, outcome: UnitOutcome, raw: RawUnit | undefined) {
    const { unit } = outcome;
    if (raw !== undefined) {
      await publisher.publish('raw', [{ key: unit.asset.id, value: raw }]);
    }
    const base = { unitId: unit.unitId, assetId: unit.asset.id, source: unit.source };
    const event =
      outcome.status === 'fetched'
        ? jobEvent(jobId, {
            type: 'UnitFetched',
            payload: {
              ...base,
              barCount: outcome.bars,
              attempts: outcome.attempts,
              durationMs: outcome.durationMs,
            },
          })
        : jobEvent(jobId, {
            type: 'UnitFetchFailed',
            payload: {
              ...base,
              errorCode: outcome.errorCode,
              error: outcome.error,
              attempts: outcome.attempts,
              durationMs: outcome.durationMs,
            },
          });
    await publisher.publish('jobs', [{ key: jobId, value: event }]);
  }

  return {
    async run(job: JobSpec): Promise<JobSummary> {
      const startedAt = clock.now();
      const sent: string[] = [];
      let jobStartedSent = false;
      const fail = (error: unknown): never => {
        const notSent = job.units.map((u) => u.unitId).filter((id) => !sent.includes(id));
        throw new PublishFailedError(jobStartedSent, sent, notSent, error);
      };

      await publisher
        .publish('jobs', [
          {
            key: job.jobId,
            value: jobEvent(job.jobId, {
              type: 'JobStarted',
              payload: {
                jobName: job.jobName,
                params: JSON.stringify(job.params),
                plannedUnits: job.units.map((unit) => ({
                  unitId: unit.unitId,
                  assetId: unit.asset.id,
                  source: unit.source,
                  windowStart: unit.windowStart,
                  windowEnd: unit.windowEnd,
                })),
              },
            }),
          },
        ])
        .catch(fail);
      jobStartedSent = true;

      const byAsset = new Map<string, UnitPlan[]>();
      for (const unit of job.units) {
        byAsset.set(unit.asset.id, [...(byAsset.get(unit.asset.id) ?? []), unit]);
      }
      const outcomes = (
        await mapConcurrent([...byAsset.values()], ports.concurrency ?? 4, async (units) => {
          const done: UnitOutcome[] = [];
          for (const unit of units) {
            const { outcome, raw } = await fetchUnit(job.jobId, unit);
            await publishOutcome(job.jobId, outcome, raw).catch(fail);
            sent.push(unit.unitId);
            done.push(outcome);
            ports.onUnitDone?.(outcome);
          }
          return done;
        })
      ).flat();

      const failedAssets = new Set(
        outcomes.filter((o) => o.status === 'failed').map((o) => o.unit.asset.id),
      );
      const assets = [...byAsset.keys()];
      return {
        jobId: job.jobId,
        units: outcomes.length,
        unitsFetched: outcomes.filter((o) => o.status === 'fetched').length,
        unitsFailed: outcomes.filter((o) => o.status === 'failed').length,
        bars: outcomes.reduce((sum, o) => sum + (o.status === 'fetched' ? o.bars : 0), 0),
        assetsOk: assets.filter((id) => !failedAssets.has(id)),
        assetsFailed: assets.filter((id) => failedAssets.has(id)),
        elapsedMs: clock.now() - startedAt,
      };
    },
  };
}

export type Fetcher = ReturnType<typeof createFetcher>;
