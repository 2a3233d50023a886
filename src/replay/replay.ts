import type { Kafka } from 'kafkajs';
import { type LogRange, readLogRange } from '../bus/read-log-range.js';
import type { EventCodec } from '../bus/registry-codec.js';
import type { PlannedUnit, RawUnit, ValidatedUnit } from '../contracts/events.js';
import { toIngestJobEvent } from '../contracts/events.js';
import type { TopicNames } from '../contracts/topics.js';
import type { Logger } from '../logging/logger.js';
import { TOPOLOGY } from '../pipeline/topology.js';
import type { Clock } from '../ports/clock.js';
import type { Publisher } from '../ports/publisher.js';
import type { Sink } from '../stages/store/sink.js';
import type { Validator } from '../stages/validate/validator.js';

export type ReplayStage = 'validator' | 'sink' | 'all';

export interface ReplayOptions {
  jobId: string;
  range: LogRange;
  stage: ReplayStage;
  /** Only these assets; all when undefined. */
  assets: ReadonlySet<string> | undefined;
  params: Record<string, unknown>;
}

export interface ReplayPorts {
  kafka: Kafka;
  codec: EventCodec;
  topics: TopicNames;
  groupPrefix: string;
  publisher: Publisher;
  /** Validates and publishes like the live validator. */
  validator: Validator;
  /** Stores like the live sink (and publishes UnitStored). */
  sink: Sink;
  /** The validator of `--stage all`: its outputs go to the in-process sink, not to the topic. */
  validatorForAll: Validator;
  clock: Clock;
  newId: () => string;
  logger: Logger;
  onProgress?: (done: number, total: number) => void;
}

export interface ReplaySummary {
  jobId: string;
  units: number;
  messages: number;
}

/**
 * Re-runs stages over a time range of the log as a job of its own (`replay`): every replayed
 * unit is re-stamped with the replay's job id, so the tracker folds the outcome into a new
 * `job_run` and the original jobs stay as they were. `validator` replays `ohlcv.raw` through the
 * validator (the live sink stores its output); `sink` replays `ohlcv.validated` into
 * `price_daily`; `all` replays `ohlcv.raw` through both in this process. Reading uses a
 * throwaway consumer group, so the live groups' offsets do not move.
 */
export async function replay(options: ReplayOptions, ports: ReplayPorts): Promise<ReplaySummary> {
  const { jobId, stage } = options;
  // `all` reads what the first stage reads; a single stage, what the topology says it consumes.
  const input = TOPOLOGY[stage === 'all' ? 'validator' : stage].input;
  const topic = ports.topics[input];
  const wanted = (assetId: string) => options.assets === undefined || options.assets.has(assetId);

  const read = async (onUnits: (units: (RawUnit | ValidatedUnit)[]) => Promise<void>) =>
    readLogRange(ports.kafka, topic, options.range, ports.groupPrefix, async (messages) => {
      const units: (RawUnit | ValidatedUnit)[] = [];
      for (const { message } of messages) {
        if (message.value === null) continue;
        try {
          const unit = await ports.codec.decode(input, message.value);
          if (wanted(unit.assetId)) units.push({ ...unit, jobId });
        } catch (error) {
          ports.logger.warn(
            { err: error, topic, offset: message.offset },
            'skipping a message that cannot be decoded (it is in the dead-letter topic)',
          );
        }
      }
      await onUnits(units);
    });

  // First pass: the plan, so JobStarted can list every unit before any outcome arrives.
  const planned = new Map<string, PlannedUnit>();
  await read(async (units) => {
    for (const { unitId, assetId, source, windowStart, windowEnd } of units) {
      planned.set(unitId, { unitId, assetId, source, windowStart, windowEnd });
    }
  });
  await ports.publisher.publish('jobs', [
    {
      key: jobId,
      value: toIngestJobEvent({
        type: 'JobStarted',
        eventId: ports.newId(),
        jobId,
        occurredAt: ports.clock.now(),
        payload: {
          jobName: 'replay',
          params: JSON.stringify(options.params),
          plannedUnits: [...planned.values()],
        },
      }),
    },
  ]);

  // Second pass: the stages. A unit replayed twice in the range counts once in the plan; the
  // tracker's per-unit state is keyed by unit id, so its second outcome changes nothing.
  let done = 0;
  const messages = await read(async (units) => {
    if (units.length === 0) return;
    if (stage === 'sink') {
      await ports.sink.handle(units as ValidatedUnit[]);
    } else if (stage === 'validator') {
      await ports.validator.handle(units as RawUnit[]);
    } else {
      const outputs = await ports.validatorForAll.handle(units as RawUnit[]);
      await ports.sink.handle(outputs.validated.map((record) => record.value));
    }
    done += units.length;
    ports.onProgress?.(done, planned.size);
  });
  return { jobId, units: planned.size, messages };
}
