import type { Kafka, Producer, ProducerConfig, ProducerRecord, RecordMetadata } from 'kafkajs';

/** The part of a kafkajs producer the pipeline sends with. */
export interface SendingProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  send(record: ProducerRecord): Promise<RecordMetadata[]>;
}

/**
 * An idempotent kafkajs producer used the one way that cannot lose a message across a failover:
 * one send at a time, and a new producer (a new producer id) after a send that failed.
 *
 * kafkajs numbers each partition's batches and, when a request fails, hands its numbers back.
 * But a request that failed with its broker (a killed leader, a closed connection) may have
 * been written and replicated all the same. The next batch then reuses those numbers, and the
 * new leader acknowledges it as a duplicate of the one it already holds without writing it: a
 * publish that resolves and is not in the log (a UnitFetched went missing this way in the
 * cluster suite, with four concurrent sends to the job's partition). Sending one record set at
 * a time keeps kafkajs' own retries from lending numbers to another send; starting over with a
 * new producer id after a failure means a send retried by its caller is written again (at
 * least once; every consumer is idempotent) instead of being taken for a duplicate.
 */
export function createIdempotentProducer(
  kafka: Kafka,
  config: Omit<ProducerConfig, 'idempotent'> = {},
): SendingProducer {
  const open = () => kafka.producer({ ...config, idempotent: true });
  let producer: Producer = open();
  let connected: Promise<void> | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function sendNow(record: ProducerRecord): Promise<RecordMetadata[]> {
    const current = producer;
    try {
      connected ??= current.connect();
      await connected;
      return await current.send(record);
    } catch (error) {
      if (producer === current) {
        producer = open();
        connected = undefined;
        await current.disconnect().catch(() => undefined);
      }
      throw error;
    }
  }

  return {
    async connect() {
      connected ??= producer.connect();
      await connected;
    },
    async disconnect() {
      await queue.catch(() => undefined);
      connected = undefined;
      await producer.disconnect();
    },
    send(record) {
      const sent = queue.then(
        () => sendNow(record),
        () => sendNow(record),
      );
      queue = sent.catch(() => undefined);
      return sent;
    },
  };
}
