#!/usr/bin/env node
// Smoke test for the local Kafka broker, using the same client library as the app (kafkajs).
// Exercises what the collector relies on: admin createTopics/deleteTopics, an idempotent
// producer (acks=-1) and a consumer GROUP (subscribe + run, i.e. the group coordinator protocol).
// Exit 0 on success, 1 with a message otherwise. Usage: node scripts/infra/kafka-smoke.mjs [broker]
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

const broker =
  process.argv[2] ?? process.env.KAFKA_BROKERS ?? `localhost:${process.env.KAFKA_PORT ?? 9092}`;
const timeoutMs = Number(process.env.SMOKE_TIMEOUT_MS ?? 60000);
const runId = randomUUID().slice(0, 8);
const topic = `infra-smoke-${runId}`;
const groupId = `infra-smoke-group-${runId}`;
const payload = `hello-${runId}`;

// kafkajs' own log is noise here (partitioner notice, transient "coordinator is loading" retries
// on a fresh broker); failures are reported below. SMOKE_VERBOSE=1 shows it.
const kafka = new Kafka({
  clientId: 'infra-smoke',
  brokers: broker.split(','),
  logLevel: process.env.SMOKE_VERBOSE ? logLevel.INFO : logLevel.NOTHING,
});
const admin = kafka.admin();
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 1000 });

function step(msg) {
  console.log(`[kafka-smoke] ${msg}`);
}

async function main() {
  await admin.connect();
  const cluster = await admin.describeCluster();
  step(
    `connected to ${broker}: cluster ${cluster.clusterId}, ${cluster.brokers.length} broker(s), controller ${cluster.controller}`,
  );

  const created = await admin.createTopics({
    topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  if (!created) throw new Error(`createTopics returned false for ${topic}`);
  step(`created topic ${topic}`);

  await producer.connect();
  const [meta] = await producer.send({
    topic,
    acks: -1,
    messages: [{ key: runId, value: payload }],
  });
  step(
    `produced 1 message (idempotent, acks=-1) to partition ${meta.partition} offset ${meta.baseOffset}`,
  );

  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const received = new Promise((resolve, reject) => {
    consumer
      .run({
        eachMessage: async ({ partition, message }) => {
          if (message.value?.toString() === payload) resolve({ partition, offset: message.offset });
        },
      })
      .catch(reject);
  });
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no message consumed by group ${groupId} within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  const got = await Promise.race([received, timeout]);
  clearTimeout(timer);
  step(
    `consumed it back through group ${groupId} (partition ${got.partition} offset ${got.offset})`,
  );
}

let failed = false;
try {
  await main();
} catch (err) {
  failed = true;
  console.error(`[kafka-smoke] FAILED against ${broker}: ${err?.stack ?? err}`);
}
// Always clean up: disconnect clients, delete the topic (and the group, best effort).
await consumer.disconnect().catch(() => {});
await producer.disconnect().catch(() => {});
try {
  await admin.deleteTopics({ topics: [topic], timeout: 10000 });
  await admin.deleteGroups([groupId]).catch(() => {});
  step(`deleted topic ${topic}`);
} catch (err) {
  if (!failed) {
    failed = true;
    console.error(`[kafka-smoke] FAILED to delete topic ${topic}: ${err?.message ?? err}`);
  }
}
await admin.disconnect().catch(() => {});
if (failed) process.exit(1);
step('OK');
process.exit(0);
