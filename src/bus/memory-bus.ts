import type { ConsumedTopic, TopicKey, TopicNames, TopicValue } from '../contracts/topics.js';
import type { Logger } from '../logging/logger.js';
import { isRetryable } from '../pipeline/retryable.js';
import type { OutgoingRecord, Publisher } from '../ports/publisher.js';
import type { InputEvent } from './kafka-stage-runner.js';
import type { EventCodec } from './registry-codec.js';

interface StoredMessage {
  key: string;
  value: Buffer;
  timestamp: number;
}

interface Subscription {
  input: TopicKey;
  offset: number;
  batchSize: number;
  handle: (events: InputEvent<TopicKey>[]) => Promise<void>;
}

export interface MemoryBus {
  publisher: Publisher;
  /** Delivers the topic's events to the handler in batches, from the first message on. */
  subscribe<K extends ConsumedTopic>(
    input: K,
    handle: (events: InputEvent<K>[]) => Promise<void>,
    batchSize?: number,
  ): void;
  /** Runs the subscriptions until no message is left undelivered. */
  drain(): Promise<void>;
  /** Every message of a topic (encoded), e.g. to show what was flagged. */
  messages(topic: TopicKey | 'dlq'): readonly StoredMessage[];
  /** Every event of a topic, decoded. */
  events<K extends TopicKey>(topic: K): Promise<TopicValue<K>[]>;
}

/**
 * Topics in memory for embedded mode: an append-only log per topic, each subscriber with its own
 * offset, messages encoded and decoded with the same Avro codec as in Kafka. A message that
 * cannot be decoded goes to the dead-letter log and delivery goes on, as the Kafka runner does.
 */
export function createMemoryBus(
  codec: EventCodec,
  topics: TopicNames,
  logger: Logger,
  now = Date.now,
): MemoryBus {
  const logs = new Map<TopicKey | 'dlq', StoredMessage[]>();
  const log = (topic: TopicKey | 'dlq') => {
    let messages = logs.get(topic);
    if (messages === undefined) {
      messages = [];
      logs.set(topic, messages);
    }
    return messages;
  };
  const subscriptions: Subscription[] = [];

  const publisher: Publisher = {
    async publish<K extends TopicKey>(topic: K, records: OutgoingRecord<K>[]) {
      const timestamp = now();
      for (const record of records) {
        log(topic).push({
          key: record.key,
          value: await codec.encode(topic, record.value),
          timestamp,
        });
      }
    },
  };

  async function deliver(subscription: Subscription): Promise<boolean> {
    const messages = log(subscription.input);
    if (subscription.offset >= messages.length) return false;
    const batch = messages.slice(subscription.offset, subscription.offset + subscription.batchSize);
    const events: InputEvent<TopicKey>[] = [];
    for (const [index, message] of batch.entries()) {
      const offset = subscription.offset + index;
      try {
        const value = await codec.decode(subscription.input, message.value);
        events.push({
          key: message.key,
          value,
          partition: 0,
          offset: String(offset),
          timestamp: message.timestamp,
        });
      } catch (error) {
        if (isRetryable(error)) throw error;
        log('dlq').push(message);
        logger.error(
          { topic: topics[subscription.input], offset, err: error },
          'message sent to the dead-letter log',
        );
      }
    }
    await subscription.handle(events);
    subscription.offset += batch.length;
    return true;
  }

  return {
    publisher,
    subscribe(input, handle, batchSize = 100) {
      subscriptions.push({ input, offset: 0, batchSize, handle: handle as Subscription['handle'] });
    },
    async drain() {
      for (let progressed = true; progressed; ) {
        progressed = false;
        for (const subscription of subscriptions) {
          while (await deliver(subscription)) progressed = true;
        }
      }
    },
    messages: (topic) => log(topic),
    events: (topic) => Promise.all(log(topic).map((message) => codec.decode(topic, message.value))),
  };
}
