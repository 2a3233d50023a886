import type { TopicKey, TopicValue } from '../contracts/topics.js';

export interface OutgoingRecord<K extends TopicKey> {
  /** The partitioning key: the asset id for bar topics, the job id for `ingest.jobs`. */
  key: string;
  value: TopicValue<K>;
}

/**
 * Where a stage's output events go. `publish` resolves once the bus has acknowledged every
 * record (in Kafka: acks from all in-sync replicas), so a caller may then commit its input.
 */
export interface Publisher {
  publish<K extends TopicKey>(topic: K, records: OutgoingRecord<K>[]): Promise<void>;
}
