import { type Kafka, Partitioners, type ProducerRecord } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  createIdempotentProducer,
  MAX_COALESCED_BYTES,
} from '../../src/bus/idempotent-producer.js';

const PARTITIONS = 3;
const partitionMetadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({
  partitionId,
  leader: 1,
  partitionErrorCode: 0,
  replicas: [1],
  isr: [1],
}));

/**
 * kafkajs producers that record each call (one line per call: its values and partition); a call
 * holding a given value fails. Topics have three partitions.
 */
function fakeKafka() {
  const log: string[] = [];
  const failing = new Set<string>();
  const inFlight = new Map<string, number>();
  let overlapping = 0;
  let made = 0;
  const kafka = {
    admin: () => ({
      connect: async () => undefined,
      disconnect: async () => undefined,
      fetchTopicMetadata: async ({ topics }: { topics: string[] }) => ({
        topics: topics.map((name) => ({ name, partitions: partitionMetadata })),
      }),
    }),
    producer(config: { idempotent?: boolean }) {
      const id = ++made;
      log.push(`open ${id} idempotent=${config.idempotent}`);
      return {
        connect: async () => void log.push(`connect ${id}`),
        disconnect: async () => void log.push(`disconnect ${id}`),
        async send(record: ProducerRecord) {
          const partitions = new Set(record.messages.map((m) => m.partition));
          const where = `${record.topic}[${[...partitions].join(',')}]`;
          if ((inFlight.get(where) ?? 0) > 0) overlapping++;
          inFlight.set(where, (inFlight.get(where) ?? 0) + 1);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight.set(where, (inFlight.get(where) ?? 1) - 1);
          const values = record.messages.map((m) => String(m.value));
          log.push(`send ${values.join('+')} to ${where} via ${id} acks=${record.acks}`);
          if (values.some((v) => failing.delete(v))) throw new Error('broker gone mid-request');
          return [];
        },
      };
    },
  } as unknown as Kafka;
  const sends = () => log.filter((line) => line.startsWith('send')).sort();
  return { kafka, log, failing, sends, overlapping: () => overlapping };
}

/** The partition kafkajs' default partitioner picks for a key. */
const partitionOf = (key: string) =>
  Partitioners.DefaultPartitioner()({
    topic: 't',
    partitionMetadata,
    message: { key, value: '' },
  });
/** Keys that land on partition 0, 1 and 2. */
const keyOn = (partition: number) =>
  ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].find((k) => partitionOf(k) === partition) as string;

const out = (value: string, key = keyOn(0)) => ({ topic: 't', messages: [{ key, value }] });
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('an idempotent producer riding out a failover', () => {
  it('sends each partition in a call of its own, where kafkajs would have put each key', async () => {
    const fake = fakeKafka();
    const producer = createIdempotentProducer(fake.kafka);
    await producer.send({
      topic: 't',
      messages: [0, 1, 2, 0].map((p, i) => ({ key: keyOn(p), value: `v${i}` })),
    });
    expect(fake.sends()).toEqual([
      'send v0+v3 to t[0] via 1 acks=-1',
      'send v1 to t[1] via 1 acks=-1',
      'send v2 to t[2] via 1 acks=-1',
    ]);
  });

  it('never has two calls to one partition in flight; sends made meanwhile go out together', async () => {
    const fake = fakeKafka();
    const producer = createIdempotentProducer(fake.kafka);
    const first = producer.send(out('a'));
    await tick(); // 'a' is in flight
    await Promise.all([first, ...['b', 'c', 'd'].map((v) => producer.send(out(v)))]);
    expect(fake.overlapping()).toBe(0);
    expect(fake.sends()).toEqual([
      'send a to t[0] via 1 acks=-1',
      'send b+c+d to t[0] via 1 acks=-1',
    ]);
  });

  it('sends a large record set alone rather than past the size cap', async () => {
    const fake = fakeKafka();
    const producer = createIdempotentProducer(fake.kafka);
    const big = 'x'.repeat(MAX_COALESCED_BYTES);
    await Promise.all([producer.send(out('a')), producer.send(out(big)), producer.send(out('b'))]);
    expect(fake.log.filter((l) => l.startsWith('send')).map((l) => l.slice(0, 7))).toEqual([
      'send a ',
      'send xx',
      'send b ',
    ]);
  });

  it('fails the sends whose partition failed, then starts over with a new producer id', async () => {
    const fake = fakeKafka();
    fake.failing.add('b');
    const producer = createIdempotentProducer(fake.kafka);
    const a = producer.send(out('a'));
    await tick();
    const b = producer.send(out('b', keyOn(1)));
    const c = producer.send(out('c', keyOn(2)));
    const results = await Promise.allSettled([a, b, c]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await producer.send(out('d'));
    expect(fake.log.filter((l) => !l.startsWith('send'))).toEqual([
      'open 1 idempotent=true',
      'connect 1',
      'open 2 idempotent=true',
      'disconnect 1',
      'connect 2',
    ]);
    expect(fake.log.at(-1)).toBe('send d to t[0] via 2 acks=-1');
  });

  it('refuses the sends still waiting once it is disconnected', async () => {
    const fake = fakeKafka();
    const producer = createIdempotentProducer(fake.kafka);
    const first = producer.send(out('a'));
    await tick(); // 'a' is in flight, 'b' waits
    const waiting = producer.send(out('b'));
    await producer.disconnect();
    await first;
    await expect(waiting).rejects.toThrow('disconnected before this send began');
    expect(fake.sends()).toEqual(['send a to t[0] via 1 acks=-1']);
  });
});
