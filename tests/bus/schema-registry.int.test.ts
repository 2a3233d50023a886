import { COMPATIBILITY } from '@kafkajs/confluent-schema-registry';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrapBus } from '../../src/bus/bootstrap.js';
import { createKafka } from '../../src/bus/kafka-client.js';
import { createRegistryCodec } from '../../src/bus/registry-codec.js';
import {
  avroSchemaFor,
  createSchemaRegistry,
  registerTopicSchema,
} from '../../src/bus/schema-registry.js';
import type { RawUnit } from '../../src/contracts/events.js';
import { topicNames, valueSubject } from '../../src/contracts/topics.js';
import { AppError } from '../../src/errors.js';
import { requireServices, testLogger, testSettings } from '../support/integration.js';
import { deleteTestTopics } from '../support/test-topics.js';

const { services, skip } = requireServices('kafka', 'registry');

const rawUnit: RawUnit = {
  eventId: 'evt-1',
  jobId: '5f0c5c52-3b7e-4a57-9d36-1f6c0c3f8a11',
  unitId: 'unit-1',
  assetId: '005930',
  category: 'stock',
  market: 'KRX',
  source: 'sample',
  sourceSymbol: '005930',
  windowStart: '2026-02-02',
  windowEnd: '2026-02-11',
  fetchedAt: 1_770_800_000_000,
  attempts: 1,
  bars: [
    { date: '2026-02-02', open: 100, high: 110, low: 95, close: 105, volume: 1000, halted: false },
    { date: '2026-02-03', open: null, high: 0, low: 0, close: 104, volume: null, halted: true },
  ],
};

describe.skipIf(skip)('schema registry and topic bootstrap', () => {
  const settings = skip ? undefined : testSettings(services);
  const logger = testLogger('bootstrap');
  const topics = topicNames(settings?.kafka.topicPrefix);

  afterAll(async () => {
    if (settings !== undefined) await deleteTestTopics(settings);
  });

  it('creates the topics and registers the schemas; a second run changes nothing', async () => {
    if (settings === undefined) throw new Error('unreachable');
    const first = await bootstrapBus(settings, logger);
    expect(first.createdTopics.sort()).toEqual(
      [
        topics.raw,
        topics.validated,
        topics.flagged,
        topics.jobs,
        topics.dlq.raw,
        topics.dlq.validated,
        topics.dlq.flagged,
        topics.dlq.jobs,
      ].sort(),
    );
    const second = await bootstrapBus(settings, logger);
    expect(second.createdTopics).toEqual([]);
    expect(second.schemaIds).toEqual(first.schemaIds);

    const admin = createKafka(settings, logger).admin();
    await admin.connect();
    try {
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2, name: topics.raw, configNames: ['retention.ms'] }],
      });
      expect(configs.resources[0]?.configEntries[0]?.configValue).toBe('-1');
    } finally {
      await admin.disconnect();
    }

    const registry = createSchemaRegistry(settings);
    const fetched = await registry.getSchema(first.schemaIds.raw);
    expect((fetched as unknown as { name: string }).name).toBe('market.events.RawUnit');
    const level = await fetch(
      `${settings.schemaRegistry.url}/config/${encodeURIComponent(valueSubject(topics.raw))}`,
    ).then((response) => response.json() as Promise<{ compatibilityLevel: string }>);
    expect(level.compatibilityLevel).toBe(COMPATIBILITY.BACKWARD);
  });

  it('encodes in the Confluent wire format and decodes back through the registry', async () => {
    if (settings === undefined) throw new Error('unreachable');
    const { schemaIds } = await bootstrapBus(settings, logger);
    const codec = createRegistryCodec(createSchemaRegistry(settings), topics);
    const message = await codec.encode('raw', rawUnit);
    expect(message.readUInt8(0)).toBe(0);
    expect(message.readInt32BE(1)).toBe(schemaIds.raw);
    expect(await codec.decode('raw', message)).toEqual(rawUnit);

    await expect(codec.decode('raw', Buffer.from('not avro at all'))).rejects.toMatchObject({
      code: 'DECODE_FAILED',
      retryable: false,
    });
    const truncated = message.subarray(0, 20);
    await expect(codec.decode('raw', truncated)).rejects.toBeInstanceOf(AppError);
    const unknownId = Buffer.from(message);
    unknownId.writeInt32BE(2_000_000_000, 1);
    await expect(codec.decode('raw', unknownId)).rejects.toMatchObject({ code: 'DECODE_FAILED' });
  });

  it('refuses an incompatible change and accepts a compatible one', async () => {
    if (settings === undefined) throw new Error('unreachable');
    await bootstrapBus(settings, logger);
    const registry = createSchemaRegistry(settings);
    const current = avroSchemaFor('raw');
    const fields = current.fields as Record<string, unknown>[];

    // A new field without a default: new readers cannot read old events.
    const incompatible = { ...current, fields: [...fields, { name: 'exchange', type: 'string' }] };
    const refused = registerTopicSchema(registry, settings, topics.raw, incompatible);
    await expect(refused).rejects.toMatchObject({ code: 'REGISTRY_REFUSED' });
    await expect(refused).rejects.toThrow(/HTTP 409/);

    const compatible = {
      ...current,
      fields: [...fields, { name: 'exchange', type: ['null', 'string'], default: null }],
    };
    const id = await registerTopicSchema(registry, settings, topics.raw, compatible);
    const latest = await registry.getLatestSchemaId(valueSubject(topics.raw));
    expect(latest).toBe(id);

    // Events written before the change still decode with the code's schema.
    const codec = createRegistryCodec(registry, topics);
    const old = await registry.encode(id, { ...rawUnit, exchange: 'KRX' });
    expect(await codec.decode('raw', old)).toEqual(rawUnit);
  });
});
