import { CompressionTypes, type Kafka } from 'kafkajs';
import type { TopicKey, TopicNames } from '../contracts/topics.js';
import { AppError } from '../errors.js';
import type { OutgoingRecord, Publisher } from '../ports/publisher.js';
import { KAFKA_RETRY_BUDGETS } from './consumer-timeouts.js';
import { createIdempotentProducer } from './idempotent-producer.js';
import type { EventCodec } from './registry-codec.js';

/** The broker's answers to acks=all when a partition has fewer in-sync replicas than its minimum. */
const TOO_FEW_REPLICAS = new Set(['NOT_ENOUGH_REPLICAS', 'NOT_ENOUGH_REPLICAS_AFTER_APPEND']);

/** True when the error, or one it wraps (kafkajs retries wrap the last one), is TOO_FEW_REPLICAS. */
export function tooFewInsyncReplicas(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    if (TOO_FEW_REPLICAS.has(String((e as { type?: unknown }).type))) return true;
    const next = e as { cause?: unknown; originalError?: unknown };
    e = next.originalError ?? next.cause;
  }
  return false;
}

export interface KafkaPublisher extends Publisher {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * A Publisher over an idempotent kafkajs producer: acks from all in-sync replicas, so a
 * resolved publish is durable, and broker retries never duplicate or reorder a partition
 * (sends go one at a time, see `createIdempotentProducer`).
 */
export function createKafkaPublisher(
  kafka: Kafka,
  codec: EventCodec,
  topics: TopicNames,
): KafkaPublisher {
  const producer = createIdempotentProducer(kafka, {
    maxInFlightRequests: 5,
    allowAutoTopicCreation: false,
    // Ride out a leader election or a broker restart (~10-20 s) instead of failing the job:
    // about 35 s of retries, 0.3 s doubling to at most 1 s apart, so a new leader is found
    // within a second of its election (a 5 s cap left writes waiting up to 5 s after it). An
    // idempotent producer's retries never duplicate or reorder a partition. (kafkajs warns that
    // bounded retries "may invalidate EoS"; that is about transactions, not used here.)
    retry: KAFKA_RETRY_BUDGETS.publish,
  });
  return {
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    async publish<K extends TopicKey>(topic: K, records: OutgoingRecord<K>[]) {
      if (records.length === 0) return;
      const messages = await Promise.all(
        records.map(async (record) => ({
          key: record.key,
          value: await codec.encode(topic, record.value),
        })),
      );
      try {
        await producer.send({ topic: topics[topic], compression: CompressionTypes.None, messages });
      } catch (error) {
        if (!tooFewInsyncReplicas(error)) throw error;
        throw new AppError(
          'BROKER_UNREACHABLE',
          `Kafka refused the write to ${topics[topic]}: fewer in-sync replicas than its min.insync.replicas (brokers down); bring them back and run the same command again`,
          { cause: error },
        );
      }
    },
  };
}
