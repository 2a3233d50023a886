import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { ConsumedTopic, TopicKey, TopicNames, TopicValue } from '../contracts/topics.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { CollectorMetrics } from '../metrics/collector-metrics.js';
import { countRetriedError } from '../metrics/retried-errors.js';
import { isRetryable } from '../pipeline/retryable.js';
import {
  COMMIT_DEADLINE_MS,
  CONSUMER_GROUP_TIMEOUTS,
  CONSUMER_METADATA_MAX_AGE_MS,
} from './consumer-timeouts.js';
import { type DeadLetter, sendToDeadLetter } from './dead-letter.js';
import {
  type BatchMembership,
  batchMembership,
  isGroupError,
  rejoinGroup,
} from './group-membership.js';
import { createIdempotentProducer } from './idempotent-producer.js';
import type { EventCodec } from './registry-codec.js';

/** A decoded input event with where it came from. */
export interface InputEvent<K extends TopicKey> {
  key: string;
  value: TopicValue<K>;
  partition: number;
  offset: string;
  /** Broker timestamp of the message, epoch ms. */
  timestamp: number;
}

export interface BatchContext {
  /** Keeps the group membership alive during long work. Cheap to call often. */
  heartbeat(): Promise<void>;
}

/**
 * A stage handler as Kafka drives it: takes a batch of decoded events and resolves once every
 * effect and output of the batch is durable. Throwing a retryable error makes the runner retry
 * the batch; a non-retryable one isolates the event that causes it and dead-letters it.
 */
export type BatchHandler<K extends TopicKey> = (
  events: InputEvent<K>[],
  context: BatchContext,
) => Promise<void>;

export interface StageRunnerOptions<K extends TopicKey> {
  kafka: Kafka;
  codec: EventCodec;
  topics: TopicNames;
  logger: Logger;
  groupId: string;
  input: K & ConsumedTopic;
  handle: BatchHandler<K>;
  /** Partitions handled at once by this process. */
  partitionsConsumedConcurrently?: number;
  /** Backoff while a dependency is down: first delay and ceiling, in ms. */
  retryDelayMs?: { first: number; max: number };
  now?: () => number;
  /** Counts records, batch times, dead letters and retried failures under `stage`. */
  metrics?: { registry: CollectorMetrics; stage: string };
}

export interface StageRunner {
  start(): Promise<void>;
  /** Stops fetching, lets the batch in hand finish and commit, then disconnects. */
  stop(): Promise<void>;
  consumer: Consumer;
}

/**
 * Runs a stage handler as a consumer group member: at-least-once, offsets committed only after
 * the handler's outputs are acknowledged, undecodable messages to `<topic>.dlq`, and a dependency
 * outage waited out with backoff (heartbeating, committing nothing) instead of crash loops.
 */
export function createStageRunner<K extends TopicKey>(options: StageRunnerOptions<K>): StageRunner {
  const { kafka, codec, topics, logger, input, handle } = options;
  const now = options.now ?? Date.now;
  const retryDelay = options.retryDelayMs ?? { first: 500, max: 15_000 };
  const topic = topics[input];
  const dlqTopic = topics.dlq[input];
  const consumer = kafka.consumer({
    groupId: options.groupId,
    ...CONSUMER_GROUP_TIMEOUTS,
    metadataMaxAge: CONSUMER_METADATA_MAX_AGE_MS,
    // Bounded fetches bound memory whatever the backlog: a batch is at most ~1 MB of Avro per
    // partition (a few dozen year-long units), ~4 MB per fetch across partitions.
    maxBytesPerPartition: 1024 * 1024,
    maxBytes: 4 * 1024 * 1024,
    maxWaitTimeInMs: 250,
  });
  const dlqProducer = createIdempotentProducer(kafka, { allowAutoTopicCreation: false });
  let stopping = false;
  const observed = options.metrics;
  const stageLabel = { stage: observed?.stage ?? input, topic };

  /** Errors that end the batch uncommitted, never dead-lettering its events. */
  const mustRethrow = (error: unknown) => isRetryable(error) || isGroupError(error);

  async function untilDone<T>(
    what: string,
    work: () => Promise<T>,
    payload: EachBatchPayload,
    membership: BatchMembership,
  ) {
    for (let attempt = 1; ; attempt++) {
      // Heartbeat while the work runs: a publish riding out a leader election can take longer
      // than the 6 s session, and a member dropped meanwhile could not commit its batch.
      const beat = setInterval(
        () => void membership.heartbeat(),
        CONSUMER_GROUP_TIMEOUTS.heartbeatInterval,
      );
      try {
        return await work();
      } catch (error) {
        // A group error (from a handler's own heartbeat) ends the batch: kafkajs rejoins.
        const final = !isRetryable(error) || isGroupError(error);
        if (final || stopping || !payload.isRunning() || payload.isStale()) throw error;
        if (membership.lost() !== undefined) throw rejoinGroup(membership.lost());
        if (observed) countRetriedError(observed.registry, observed.stage, error);
        const delay = Math.min(retryDelay.max, retryDelay.first * 2 ** (attempt - 1));
        logger.warn(
          { err: error, attempt, delayMs: delay, topic },
          `${what} failed; retrying (nothing is committed meanwhile)`,
        );
        for (let waited = 0; waited < delay && !stopping; waited += 1_000) {
          await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, delay - waited)));
          await membership.heartbeat();
        }
      } finally {
        clearInterval(beat);
      }
    }
  }

  /** Why a batch ended on a lost group, until the member has joined again. */
  let groupLost: unknown;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    groupLost = undefined;
  });

  /**
   * kafkajs hands out every batch of a fetch before it rejoins: once one batch found the group
   * lost, the others go back uncommitted at once (redelivered after the rejoin), instead of each
   * being handled and then waiting out a commit that cannot succeed.
   */
  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    if (groupLost !== undefined) throw groupLost;
    try {
      await handleBatch(payload);
    } catch (error) {
      if (isGroupError(error)) groupLost = error;
      throw error;
    }
  }

  async function handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0) return;
    const endTimer = observed?.registry.batchDuration.startTimer({ stage: stageLabel.stage });
    const membership = batchMembership(payload);
    const events: InputEvent<K>[] = [];
    const dead: DeadLetter[] = [];
    for (const message of batch.messages) {
      try {
        if (message.value === null) throw new Error('message has no value (tombstone)');
        const value = await untilDone(
          'decoding',
          () => codec.decode(input, message.value as Buffer),
          payload,
          membership,
        );
        events.push({
          key: message.key?.toString() ?? '',
          value: value as TopicValue<K>,
          partition: batch.partition,
          offset: message.offset,
          timestamp: Number(message.timestamp),
        });
      } catch (error) {
        if (mustRethrow(error)) throw error;
        dead.push({ topic, partition: batch.partition, message, error });
      }
    }

    // A handler's heartbeat that finds the group lost ends the batch at once (kafkajs rejoins),
    // instead of the batch being retried against a coordinator that is gone.
    const context: BatchContext = { heartbeat: () => membership.assertMember() };
    try {
      await untilDone('handling a batch', () => handle(events, context), payload, membership);
    } catch (error) {
      if (mustRethrow(error)) throw error;
      // Find the poison event: the others are handled one by one, the failing ones dead-lettered.
      logger.warn(
        { err: error, topic, partition: batch.partition },
        'batch failed; isolating the event that breaks it',
      );
      for (const event of events) {
        try {
          await untilDone('handling an event', () => handle([event], context), payload, membership);
        } catch (eventError) {
          if (mustRethrow(eventError)) throw eventError;
          const message = batch.messages.find((m) => m.offset === event.offset);
          if (message !== undefined)
            dead.push({ topic, partition: batch.partition, message, error: eventError });
        }
      }
    }

    if (dead.length > 0) {
      await untilDone(
        'dead-lettering',
        () => sendToDeadLetter(dlqProducer, dlqTopic, dead, now),
        payload,
        membership,
      );
      for (const letter of dead) {
        logger.error(
          {
            topic,
            partition: letter.partition,
            offset: letter.message.offset,
            dlqTopic,
            reason: errorMessage(letter.error),
          },
          'message sent to the dead-letter topic',
        );
      }
    }
    const last = batch.messages.at(-1)?.offset as string;
    payload.resolveOffset(last);
    await membership.assertMember();
    await membership.commit(
      () =>
        consumer.commitOffsets([
          { topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
        ]),
      COMMIT_DEADLINE_MS,
    );
    if (observed) {
      // Counted once committed: a batch retried after a crash is counted by the process that
      // finishes it, so the counters match what the stage has done for good.
      observed.registry.recordsConsumed.inc(stageLabel, batch.messages.length);
      if (dead.length > 0) observed.registry.dlqMessages.inc(stageLabel, dead.length);
      endTimer?.();
    }
    await payload.heartbeat();
  }

  return {
    consumer,
    async start() {
      await dlqProducer.connect();
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
        eachBatch,
      });
      logger.info({ topic, groupId: options.groupId }, `consuming ${topic}`);
    },
    async stop() {
      stopping = true;
      await consumer.disconnect();
      await dlqProducer.disconnect();
      logger.info({ topic, groupId: options.groupId }, `stopped consuming ${topic}`);
    },
  };
}
