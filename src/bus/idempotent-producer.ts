import type { CompressionTypes, Kafka, Message, Producer, ProducerConfig } from 'kafkajs';

/** What the pipeline sends: one topic's messages, acknowledged by all in-sync replicas. */
export interface OutgoingMessages {
  topic: string;
  messages: Message[];
  compression?: CompressionTypes;
}

/** The part of a kafkajs producer the pipeline sends with. */
export interface SendingProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Resolves once every message is acknowledged by all in-sync replicas. */
  send(outgoing: OutgoingMessages): Promise<void>;
}

/**
 * Sends waiting while one is in flight go out together, up to this many bytes of values (a
 * single larger send still goes alone): well under the broker's 1 MB record batch, since kafkajs
 * puts a partition's messages of one request in one batch.
 */
export const MAX_COALESCED_BYTES = 512 * 1024;

interface Pending {
  outgoing: OutgoingMessages;
  bytes: number;
  resolve(): void;
  reject(error: unknown): void;
}

const sizeOf = (outgoing: OutgoingMessages) =>
  outgoing.messages.reduce((sum, m) => sum + (m.value?.length ?? 0) + (m.key?.length ?? 0), 0);

/**
 * An idempotent kafkajs producer used the one way that cannot lose a message across a failover:
 * one request set in flight at a time, and a new producer (a new producer id) after a failure.
 *
 * kafkajs numbers each partition's batches and, when a request fails, hands its numbers back.
 * But a request that failed with its broker (a killed leader, a closed connection) may have
 * been written and replicated all the same. The next batch then reuses those numbers, and the
 * new leader acknowledges it as a duplicate of the one it already holds without writing it: a
 * publish that resolves and is not in the log (a UnitFetched went missing this way in the
 * cluster suite, with four concurrent sends to the job's partition). With one send in flight,
 * kafkajs' own retries never lend numbers to other records; with a new producer id after a
 * failure, a send retried by its caller is written again (at least once; every consumer is
 * idempotent) instead of being taken for a duplicate. What callers send meanwhile waits and then
 * goes out in one request, so throughput does not depend on sends overlapping.
 */
export function createIdempotentProducer(
  kafka: Kafka,
  config: Omit<ProducerConfig, 'idempotent'> = {},
): SendingProducer {
  const open = () => kafka.producer({ ...config, idempotent: true });
  let producer: Producer = open();
  let connected: Promise<void> | undefined;
  let closed = false;
  let draining = false;
  const waiting: Pending[] = [];

  /** The next request: the oldest send and those after it of the same compression, within the cap. */
  function takeNext(): Pending[] {
    const first = waiting.shift() as Pending;
    const taken = [first];
    let bytes = first.bytes;
    while (waiting.length > 0) {
      const next = waiting[0] as Pending;
      if (next.outgoing.compression !== first.outgoing.compression) break;
      if (bytes + next.bytes > MAX_COALESCED_BYTES) break;
      bytes += next.bytes;
      taken.push(waiting.shift() as Pending);
    }
    return taken;
  }

  async function sendTogether(taken: Pending[]): Promise<void> {
    const current = producer;
    try {
      if (closed) throw new Error('the producer was disconnected before this send began');
      connected ??= current.connect();
      await connected;
      await current.sendBatch({
        acks: -1,
        compression: taken[0]?.outgoing.compression,
        topicMessages: taken.map(({ outgoing }) => ({
          topic: outgoing.topic,
          messages: outgoing.messages,
        })),
      });
      for (const p of taken) p.resolve();
    } catch (error) {
      for (const p of taken) p.reject(error);
      if (producer === current && !closed) {
        producer = open();
        connected = undefined;
        await current.disconnect().catch(() => undefined);
      }
    }
  }

  async function drain(): Promise<void> {
    while (waiting.length > 0) await sendTogether(takeNext());
    draining = false;
  }

  return {
    async connect() {
      closed = false;
      connected ??= producer.connect();
      await connected;
    },
    // Sends still waiting their turn are refused and the one in flight ends with the
    // connection: a command stopping after a failed publish does not wait out their retries.
    async disconnect() {
      closed = true;
      connected = undefined;
      await producer.disconnect();
    },
    send(outgoing) {
      if (outgoing.messages.length === 0) return Promise.resolve();
      const sent = new Promise<void>((resolve, reject) => {
        waiting.push({ outgoing, bytes: sizeOf(outgoing), resolve, reject });
      });
      // Started a microtask later, so sends made in the same tick go out together.
      if (!draining) {
        draining = true;
        void Promise.resolve().then(drain);
      }
      return sent;
    },
  };
}
