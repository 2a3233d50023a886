import type { Kafka, ProducerBatch } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  createIdempotentProducer,
  MAX_COALESCED_BYTES,
} from '../../src/bus/idempotent-producer.js';

/** kafkajs producers that record each request; a request holding a given value fails. */
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
        async sendBatch(batch: ProducerBatch) {
          const values = (batch.topicMessages ?? []).flatMap((t) =>
            t.messages.map((m) => String(m.value)),
          );
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight--;
          log.push(`send ${values.join('+')} via ${id} acks=${batch.acks}`);
          if (values.some((v) => failing.delete(v))) throw new Error('broker gone mid-request');
          return [];
        },
      };
    },
  } as unknown as Kafka;
  const sends = () => log.filter((line) => line.startsWith('send'));
  return { kafka, log, failing, sends, maxInFlight: () => maxInFlight };
}

const out = (value: string) => ({ topic: 't', messages: [{ value }] });
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('an idempotent producer riding out a failover', () => {
  it('has one request in flight at a time; sends made meanwhile go out together, in order', async () => {
    const fake = fakeKafka();
    const producer = createIdempotentProducer(fake.kafka);
    const first = producer.send(out('a'));
    await tick(); // 'a' is in flight
    await Promise.all([first, ...['b', 'c', 'd'].map((v) => producer.send(out(v)))]);
    expect(fake.maxInFlight()).toBe(1);
    expect(fake.sends()).toEqual(['send a via 1 acks=-1', 'send b+c+d via 1 acks=-1']);
  });

  it('sends a large record set alone rather than past the size cap', async () => {
    const fake = fakeKafka();
    const producer = createIdempotentProducer(fake.kafka);
    const big = 'x'.repeat(MAX_COALESCED_BYTES);
    await Promise.all([producer.send(out('a')), producer.send(out(big)), producer.send(out('b'))]);
    expect(fake.sends().map((s) => s.slice(0, 12))).toEqual([
      'send a via 1',
      `send ${'x'.repeat(7)}`,
      'send b via 1',
    ]);
  });

  it('fails every send of a failed request, then starts over with a new producer id', async () => {
    const fake = fakeKafka();
    fake.failing.add('b');
    const producer = createIdempotentProducer(fake.kafka);
    const a = producer.send(out('a'));
    await tick();
    const rest = ['b', 'c'].map((v) => producer.send(out(v)));
    const results = await Promise.allSettled([a, ...rest]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    await producer.send(out('d'));
    expect(fake.log).toEqual([
      'open 1 idempotent=true',
      'connect 1',
      'send a via 1 acks=-1',
      'send b+c via 1 acks=-1',
      'open 2 idempotent=true',
      'disconnect 1',
      'connect 2',
      'send d via 2 acks=-1',
    ]);
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
    expect(fake.sends()).toEqual(['send a via 1 acks=-1']);
  });
});
