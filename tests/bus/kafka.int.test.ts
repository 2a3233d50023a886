import { afterAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/bus/kafka-client.js';
import { requireServices, testLogger, testSettings, uniqueName } from '../support/integration.js';

const { services, skip } = requireServices('kafka');

describe.skipIf(skip)('Kafka broker', () => {
  const settings = skip ? undefined : testSettings(services);
  const kafka = settings === undefined ? undefined : createKafka(settings, testLogger('kafka'));
  const topic = uniqueName('smoke');
  const cleanups: (() => Promise<void>)[] = [];

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('takes an idempotent produce and hands it to a consumer group', async () => {
    if (kafka === undefined) throw new Error('unreachable');
    const admin = kafka.admin();
    await admin.connect();
    cleanups.push(async () => {
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    });
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    cleanups.push(() => producer.disconnect());
    const sent = ['005930', 'US500', 'BTC/KRW'].map((key, index) => ({
      key,
      value: `bar-${index}`,
    }));
    const acks = await producer.send({ topic, acks: -1, messages: sent });
    expect(acks.every((ack) => ack.errorCode === 0)).toBe(true);

    const groupId = uniqueName('group');
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    cleanups.push(() => consumer.disconnect());
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: { key: string; value: string }[] = [];
    const allReceived = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          received.push({ key: String(message.key), value: String(message.value) });
          if (received.length === sent.length) resolve();
        },
      });
    });
    await allReceived;
    expect(received.sort((a, b) => a.value.localeCompare(b.value))).toEqual(sent);

    // The group committed its position: the broker reports it.
    await consumer.stop();
    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committed = offsets[0]?.partitions.reduce(
      (sum, p) => sum + Math.max(0, Number(p.offset)),
      0,
    );
    expect(committed).toBe(sent.length);
  });
});
