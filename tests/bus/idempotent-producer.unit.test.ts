import type { Kafka, ProducerRecord } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createIdempotentProducer } from '../../src/bus/idempotent-producer.js';

/** kafkajs producers that record what happens to them; a send can be told to fail. */
function fakeKafka() {
  const log: string[] = [];
  const failing = new Set<string>();
  let inFlight = 0;
  let maxInFlight = 0;
  let made = 0;
  const kafka = {
    producer(config: { idempotent?: boolean }) {
      const id = ++made;
      log.push(`open ${id} idempotent=${config.idempotent}`);
      return {
        connect: async () => void log.push(`connect ${id}`),
        disconnect: async () => void log.push(`disconnect ${id}`),
        async send(record: ProducerRecord) {
          const value = String(record.messages[0]?.value);
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight--;
          log.push(`send ${value} via ${id}`);
          if (failing.delete(value)) throw new Error(`broker gone while sending ${value}`);
          return [];
        },
      };
    },
  } as unknown as Kafka;
  return { kafka, log, failing, maxInFlight: () => maxInFlight };
}

const record = (value: string): ProducerRecord => ({ topic: 't', messages: [{ value }] });

describe('an idempotent producer riding out a failover', () => {
  it('sends one record set at a time, in the order asked', async () => {
    const fake = fakeKafka();
    const producer = createIdempotentProducer(fake.kafka);
    await Promise.all(['a', 'b', 'c', 'd'].map((v) => producer.send(record(v))));
    expect(fake.maxInFlight()).toBe(1);
    expect(fake.log.filter((l) => l.startsWith('send'))).toEqual([
      'send a via 1',
      'send b via 1',
      'send c via 1',
      'send d via 1',
    ]);
  });

  it('starts over with a new producer after a failed send, so its numbers are never reused', async () => {
    const fake = fakeKafka();
    fake.failing.add('b');
    const producer = createIdempotentProducer(fake.kafka);
    const results = await Promise.allSettled(['a', 'b', 'c'].map((v) => producer.send(record(v))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(fake.log).toEqual([
      'open 1 idempotent=true',
      'connect 1',
      'send a via 1',
      'send b via 1',
      'open 2 idempotent=true',
      'disconnect 1',
      'connect 2',
      'send c via 2',
    ]);
  });

  it('waits for sends in flight before it disconnects', async () => {
    const fake = fakeKafka();
    const producer = createIdempotentProducer(fake.kafka);
    const sent = producer.send(record('a'));
    await producer.disconnect();
    await sent;
    expect(fake.log.slice(-2)).toEqual(['send a via 1', 'disconnect 1']);
  });
});
