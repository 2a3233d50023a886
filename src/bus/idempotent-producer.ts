import {
  type Admin,
  type CompressionTypes,
  type Kafka,
  type Message,
  Partitioners,
  type PartitionMetadata,
  type Producer,
  type ProducerConfig,
} from 'kafkajs';

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
 * one partition per kafkajs call, one call per partition in flight, and a new producer (a new
 * producer id) after a failure. Two kafkajs behaviours each lost records in the cluster suite:
 *
 * - kafkajs numbers each partition's batches and, when a request fails, hands its numbers back.
 *   But a request that failed with its broker (a killed leader, a closed connection) may have
 *   been written and replicated all the same. A concurrent send to that partition then reused
 *   the numbers, and the new leader acknowledged it as a duplicate of the batch it already held
 *   without writing it (a UnitFetched went missing, with four concurrent sends to the job's
 *   partition).
 * - a call spanning several brokers retries only the brokers that have not answered yet: when a
 *   failed partition's new leader is a broker that already answered for another partition of
 *   the same call, that partition is never sent again, and the call resolves.
 *
 * So records are split by partition (kafkajs' own partitioner, so keys land where they always
 * did), each partition goes in a call of its own, a partition never has two calls in flight,
 * and after a failure a send retried by its caller is written again under a new producer id (at
 * least once; every consumer is idempotent) instead of being taken for a duplicate. What
 * callers send while a request set is in flight waits and then goes out together, so throughput
 * does not depend on sends overlapping.
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

  const partitioner = Partitioners.DefaultPartitioner();
  const partitionsByTopic = new Map<string, Promise<PartitionMetadata[]>>();
  let admin: Admin | undefined;

  /** A topic's partitions, read once per process (bootstrap fixes their number). */
  function partitionsOf(topic: string): Promise<PartitionMetadata[]> {
    let partitions = partitionsByTopic.get(topic);
    if (partitions === undefined) {
      partitions = (async () => {
        admin ??= kafka.admin();
        await admin.connect();
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        return topics[0]?.partitions ?? [];
      })();
      partitionsByTopic.set(topic, partitions);
      partitions.catch(() => partitionsByTopic.delete(topic));
    }
    return partitions;
  }

  /** The taken sends' messages by topic and partition, each knowing which sends it carries. */
  async function byPartition(taken: Pending[]) {
    const groups = new Map<string, { topic: string; messages: Message[]; senders: Set<Pending> }>();
    for (const pending of taken) {
      const { topic, messages } = pending.outgoing;
      const partitionMetadata = await partitionsOf(topic);
      for (const message of messages) {
        const partition = partitioner({ topic, partitionMetadata, message });
        const key = `${topic}\u0000${partition}`;
        let group = groups.get(key);
        if (group === undefined) {
          group = { topic, messages: [], senders: new Set() };
          groups.set(key, group);
        }
        group.messages.push({ ...message, partition });
        group.senders.add(pending);
      }
    }
    return [...groups.values()];
  }

  async function sendTogether(taken: Pending[]): Promise<void> {
    const current = producer;
    const failed = new Map<Pending, unknown>();
    try {
      if (closed) throw new Error('the producer was disconnected before this send began');
      connected ??= current.connect();
      await connected;
      const groups = await byPartition(taken);
      const compression = taken[0]?.outgoing.compression;
      const results = await Promise.allSettled(
        groups.map(({ topic, messages }) =>
          current.send({ topic, messages, acks: -1, compression }),
        ),
      );
      results.forEach((result, i) => {
        if (result.status === 'fulfilled') return;
        for (const sender of groups[i]?.senders ?? []) failed.set(sender, result.reason);
      });
    } catch (error) {
      for (const p of taken) failed.set(p, error);
    }
    for (const p of taken) {
      if (failed.has(p)) p.reject(failed.get(p));
      else p.resolve();
    }
    if (failed.size > 0 && producer === current && !closed) {
      producer = open();
      connected = undefined;
      await current.disconnect().catch(() => undefined);
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
      await Promise.all([producer.disconnect(), admin?.disconnect()]);
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
