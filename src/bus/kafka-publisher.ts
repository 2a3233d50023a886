import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import type { TopicKey, TopicNames } from '../contracts/topics.js';
import type { OutgoingRecord, Publisher } from '../ports/publisher.js';
import type { EventCodec } from './registry-codec.js';

export interface KafkaPublisher extends Publisher {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  producer: Producer;
}

/**
 * A Publisher over an idempotent kafkajs producer: acks from all in-sync replicas, so a
 * resolved publish is durable, and broker retries never duplicate or reorder a partition.
 */
export function createKafkaPublisher(
  kafka: Kafka,
  codec: EventCodec,
  topics: TopicNames,
): KafkaPublisher {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 5,
    allowAutoTopicCreation: false,
  });
  return {
    producer,
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
      await producer.send({
        topic: topics[topic],
        acks: -1,
        compression: CompressionTypes.None,
        messages,
      });
    },
  };
}
