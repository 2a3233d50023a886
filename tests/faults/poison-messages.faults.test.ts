import { randomUUID } from 'node:crypto';
import type { KafkaMessage, Producer } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../src/catalog/assets.js';
import type { TopicKey } from '../../src/contracts/topics.js';
import { systemClock } from '../../src/ports/clock.js';
import type { OutgoingRecord, Publisher } from '../../src/ports/publisher.js';
import { createFetcher } from '../../src/stages/fetch/fetcher.js';
import { planUnits } from '../../src/stages/fetch/plan-units.js';
import { createSampleAdapter } from '../../src/stages/fetch/sources/sample-adapter.js';
import { requireServices, testLogger } from '../support/integration.js';
import { readTopic } from '../support/read-topic.js';
import { comparedWithCleanRun, messageCount, outcomeOf, waitUntil } from './fault-harness.js';

const { services, skip } = requireServices('kafka', 'registry', 'postgres');

/** The good units: the whole catalog over 2024 from the sample source, in 30-day units (91). */
const WINDOW = { start: '2024-01-01', end: '2024-12-31', chunkDays: 30 };
const JOB = [
  '--start',
  WINDOW.start,
  '--end',
  WINDOW.end,
  '--source',
  'sample',
  '--chunk-days',
  String(WINDOW.chunkDays),
];
const POISON = 1000;
const KINDS = ['random bytes', 'wrong magic byte', 'unknown schema id', 'truncated'] as const;
type Kind = (typeof KINDS)[number];
/** Far above any id this registry hands out. */
const UNKNOWN_SCHEMA_ID = 2_000_000_000;

/** mulberry32: the same garbage on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One poison message of the kind, derived from `valid` (a correctly encoded raw unit). */
function poison(kind: Kind, valid: Buffer, index: number, random: () => number): Buffer {
  switch (kind) {
    case 'random bytes': {
      const bytes = Buffer.alloc(1 + Math.floor(random() * 300));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      return bytes;
    }
    case 'wrong magic byte': {
      const copy = Buffer.from(valid);
      copy[0] = 1 + Math.floor(random() * 255);
      return copy;
    }
    case 'unknown schema id': {
      const copy = Buffer.from(valid);
      copy.writeInt32BE(UNKNOWN_SCHEMA_ID + index, 1);
      return copy;
    }
    case 'truncated':
      // A wire header and part of the Avro body: more than the header, less than the whole.
      return valid.subarray(0, 6 + Math.floor(random() * (valid.length - 7)));
  }
}

interface Sent {
  kind: Kind;
  value: Buffer;
}

const header = (message: KafkaMessage, name: string) => message.headers?.[name]?.toString();

describe.skipIf(skip)('1,000 poison messages interleaved with good units on ohlcv.raw', () => {
  const startFaultedRun = comparedWithCleanRun(services, JOB);
  let garbageProducer: Producer | undefined;

  // After hooks run last registered first: this one before the faulted run is disposed.
  afterAll(async () => {
    await garbageProducer?.disconnect().catch(() => undefined);
  });

  it('dead-letters every poison message with its origin, stores every good unit, and the consumers keep running', async () => {
    const { clean, faulted } = await startFaultedRun();
    const { fixture } = faulted;
    const consumers = await faulted.startConsumers('all');

    // A plain producer for the garbage, straight to ohlcv.raw, no codec.
    const plain = fixture.kafka.producer();
    garbageProducer = plain;
    await plain.connect();
    const units = planUnits({ assets: DEFAULT_CATALOG, source: 'sample', ...WINDOW });
    const random = seededRandom(20261126);
    /** Each poison message by where it landed, `partition:offset`. */
    const sent = new Map<string, Sent>();
    let rawPublished = 0;
    let poisonSent = 0;

    // The good units go through the real fetcher and the fixture's publisher (registry codec);
    // before each raw unit, its share of the garbage goes to the same partition (same key).
    const interleaving: Publisher = {
      async publish<K extends TopicKey>(topic: K, records: OutgoingRecord<K>[]) {
        if (topic === 'raw') {
          for (const record of records) {
            const index = rawPublished++;
            const share =
              Math.floor(((index + 1) * POISON) / units.length) -
              Math.floor((index * POISON) / units.length);
            const valid = await fixture.codec.encode(
              'raw',
              record.value as OutgoingRecord<'raw'>['value'],
            );
            const batch: Sent[] = [];
            for (let i = 0; i < share; i++) {
              const n = poisonSent++;
              const kind = KINDS[n % KINDS.length] as Kind;
              batch.push({ kind, value: poison(kind, valid, n, random) });
            }
            if (batch.length === 0) continue;
            const [landed] = await plain.send({
              topic: fixture.topics.raw,
              acks: -1,
              messages: batch.map(({ value }) => ({ key: record.key, value })),
            });
            if (landed === undefined) throw new Error('no record metadata for the poison batch');
            batch.forEach((poisoned, i) => {
              sent.set(
                `${landed.partition}:${BigInt(landed.baseOffset ?? '0') + BigInt(i)}`,
                poisoned,
              );
            });
          }
        }
        await fixture.publisher.publish(topic, records);
      },
    };
    const fetcher = createFetcher({
      sources: { sample: createSampleAdapter() },
      publisher: interleaving,
      clock: systemClock,
      newId: randomUUID,
      logger: testLogger('poison-fetcher'),
    });
    const jobId = randomUUID();
    const started = Date.now();
    const summary = await fetcher.run({
      jobId,
      jobName: 'produce',
      params: { ...WINDOW, source: 'sample' },
      units,
    });
    expect(summary.unitsFetched).toBe(units.length);
    expect(poisonSent).toBe(POISON);
    expect(sent.size).toBe(POISON);

    const job = await faulted.finishedJob(jobId, 60_000);
    const jobMs = Date.now() - started;
    expect(job.status).toBe('success');
    expect(outcomeOf(job)).toEqual(clean.job);
    expect(await faulted.prices()).toEqual(clean.prices);

    // Every poison message, and nothing else, in ohlcv.raw.dlq; none anywhere downstream.
    const dlq = fixture.topics.dlq.raw;
    await waitUntil(
      `${POISON} messages in ${dlq}`,
      async () => (await messageCount(fixture, dlq)) >= POISON,
      { timeoutMs: 30_000, everyMs: 200 },
    );
    expect(await messageCount(fixture, dlq)).toBe(POISON);
    expect(await messageCount(fixture, fixture.topics.dlq.validated)).toBe(0);
    expect(await messageCount(fixture, fixture.topics.dlq.jobs)).toBe(0);

    const letters = await readTopic(fixture.kafka, dlq, (messages) => messages.length >= POISON);
    const reasons: Record<string, number> = {};
    const origins = new Set<string>();
    for (const letter of letters) {
      const origin = `${header(letter, 'dlq.origin.partition')}:${header(letter, 'dlq.origin.offset')}`;
      origins.add(origin);
      const original = sent.get(origin);
      // Byte for byte the message that was read at the offset its headers name.
      expect(original, `no poison message was sent to ${origin}`).toBeDefined();
      expect(letter.value?.equals(original?.value ?? Buffer.alloc(0))).toBe(true);
      expect(header(letter, 'dlq.origin.topic')).toBe(fixture.topics.raw);
      expect(header(letter, 'dlq.error.code')).toBe('DECODE_FAILED');
      expect(Number(header(letter, 'dlq.origin.timestamp'))).toBeGreaterThanOrEqual(
        started - 1_000,
      );
      expect(Number.isNaN(Date.parse(header(letter, 'dlq.failed.at') ?? ''))).toBe(false);
      const error = header(letter, 'dlq.error') ?? '';
      const kind = original?.kind ?? 'random bytes';
      if (kind === 'wrong magic byte') expect(error).toMatch(/not in the Confluent wire format/);
      if (kind === 'unknown schema id')
        expect(error).toMatch(/schema id \d+ is unknown to the registry/);
      const reason = `${kind}: ${error.replace(/^cannot decode a \S+ message: /, '').replace(/\d+/g, 'N')}`;
      reasons[reason] = (reasons[reason] ?? 0) + 1;
    }
    expect(origins.size).toBe(POISON);

    // The consumers went on: one error line per poison message, then a clean stop on request.
    const deadLines = consumers
      .output()
      .split('\n')
      .filter((line) => line.includes('"msg":"message sent to the dead-letter topic"'));
    expect(deadLines).toHaveLength(POISON);
    // A registry answer that never came is waited out and asked again, never dead-lettered.
    const registryRetries = consumers
      .output()
      .split('\n')
      .filter((line) => line.includes('"msg":"decoding failed; retrying')).length;
    expect(consumers.child.exitCode).toBeNull();
    expect(await consumers.stop('SIGTERM')).toBe(0);
    console.info(
      `[faults] poison: ${POISON} poison messages among ${units.length} good units; job success ` +
        `${jobMs} ms after the first send (clean run ${clean.elapsedMs} ms), ${job.rows_written} rows; ` +
        `${letters.length} in ${dlq}, reasons: ${JSON.stringify(reasons)}; ` +
        `${registryRetries} decode(s) retried after a registry call failed`,
    );
  });
});
