import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStageRunner, type StageRunner } from '../../../src/bus/kafka-stage-runner.js';
import { fromIngestJobEvent } from '../../../src/contracts/events.js';
import { latestCloseBefore } from '../../../src/stages/validate/latest-close.js';
import { createValidator } from '../../../src/stages/validate/validator.js';
import { sendUndecodable } from '../../fixtures/bus/send-undecodable.js';
import { barClosingAt } from '../../support/bars.js';
import { requireServices, uniqueName } from '../../support/integration.js';
import {
  createPipelineFixture,
  type PipelineFixture,
  rawUnit,
} from '../../support/pipeline-fixture.js';
import { readTopic } from '../../support/read-topic.js';

const { services, skip } = requireServices('kafka', 'registry', 'postgres');

describe.skipIf(skip)('validator consumer against the real broker, registry and database', () => {
  let fixture: PipelineFixture;
  let runner: StageRunner;
  const groupId = uniqueName('validator');

  beforeAll(async () => {
    fixture = await createPipelineFixture(services);
    const validator = createValidator({
      publisher: fixture.publisher,
      clock: { now: () => Date.parse('2026-11-26T00:00:00Z') },
      newId: randomUUID,
      latestCloseBefore: (assetId, source, date) =>
        latestCloseBefore(fixture.db, assetId, source, date),
      spikeThreshold: fixture.settings.validation.spikeThreshold,
      logger: fixture.logger,
    });
    runner = createStageRunner({
      kafka: fixture.kafka,
      codec: fixture.codec,
      topics: fixture.topics,
      logger: fixture.logger,
      groupId,
      input: 'raw',
      handle: async (events) => {
        await validator.handle(events.map((event) => event.value));
      },
    });
    await runner.start();
  });

  afterAll(async () => {
    await runner?.stop();
    await fixture?.cleanup();
  });

  it('validates raw units into the three outputs, and dead-letters garbage while going on', async () => {
    // A stored close far below the first bar: the unit's first bar is a spike against it.
    await fixture.db.none(
      `INSERT INTO price_daily (asset_id, date, source, open, high, low, close) VALUES ('005930', '2026-01-30', 'sample', 100, 100, 100, 100)`,
    );
    const good = rawUnit({
      windowStart: '2026-02-02',
      windowEnd: '2026-02-06',
      bars: [
        barClosingAt('2026-02-02', 140),
        barClosingAt('2026-02-03', 141),
        barClosingAt('2026-02-04', 142, { high: 1, low: 150 }),
        barClosingAt('2026-02-05', 143),
      ],
    });
    const next = rawUnit({
      assetId: 'BTC/KRW',
      market: 'CRYPTO',
      category: 'crypto',
      unitId: 'BTC/KRW|sample|2026-02-07|2026-02-08',
      bars: [barClosingAt('2026-02-07', 90_000_000), barClosingAt('2026-02-08', 91_000_000)],
    });

    await fixture.publisher.publish('raw', [{ key: good.assetId, value: good }]);
    await sendUndecodable(fixture.kafka, fixture.topics.raw, '005930', '{"not":"avro"}');
    await fixture.publisher.publish('raw', [{ key: next.assetId, value: next }]);

    const decode =
      <K extends 'validated' | 'flagged' | 'jobs'>(key: K) =>
      async (messages: { value: Buffer | null }[]) =>
        Promise.all(messages.map((m) => fixture.codec.decode(key, m.value as Buffer)));

    const validated = await decode('validated')(
      await readTopic(fixture.kafka, fixture.topics.validated, (m) => m.length >= 2),
    );
    const goodOut = validated.find((unit) => unit.unitId === good.unitId);
    expect(goodOut?.bars.map((b) => [b.date, b.flags])).toEqual([
      ['2026-02-02', ['price_spike']],
      ['2026-02-03', []],
      ['2026-02-05', []],
    ]);
    expect(goodOut?.warnings).toEqual([
      { code: 'missing_sessions', message: expect.any(String), dates: ['2026-02-06'] },
    ]);
    expect(goodOut?.rejectedCount).toBe(1);
    expect(validated.find((unit) => unit.unitId === next.unitId)?.bars).toHaveLength(2);

    const flagged = await decode('flagged')(
      await readTopic(fixture.kafka, fixture.topics.flagged, (m) => m.length >= 3),
    );
    expect(flagged.map((a) => [a.code, a.severity, a.date]).sort()).toEqual([
      ['high_below_low', 'rejected', '2026-02-04'],
      ['missing_session', 'warning', '2026-02-06'],
      ['price_spike', 'warning', '2026-02-02'],
    ]);
    expect(flagged.find((a) => a.code === 'price_spike')?.value).toBeCloseTo(0.4, 5);

    const jobs = (
      await decode('jobs')(
        await readTopic(fixture.kafka, fixture.topics.jobs, (m) => m.length >= 2),
      )
    ).map(fromIngestJobEvent);
    const validatedEvent = jobs.find(
      (e) => e.type === 'UnitValidated' && e.payload.unitId === good.unitId,
    );
    expect(validatedEvent?.payload).toMatchObject({
      accepted: 3,
      flagged: 1,
      rejected: 1,
      flaggedDates: ['2026-02-02'],
    });

    const dead = await readTopic(fixture.kafka, fixture.topics.dlq.raw, (m) => m.length >= 1);
    expect(dead).toHaveLength(1);
    const headers = Object.fromEntries(
      Object.entries(dead[0]?.headers ?? {}).map(([k, v]) => [k, String(v)]),
    );
    expect(headers['dlq.error.code']).toBe('DECODE_FAILED');
    expect(headers['dlq.origin.topic']).toBe(fixture.topics.raw);
    expect(headers['dlq.origin.offset']).toBe('1');
    expect(String(dead[0]?.value)).toBe('{"not":"avro"}');

    // The group committed past all three messages.
    const admin = fixture.kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchOffsets({ groupId, topics: [fixture.topics.raw] });
    await admin.disconnect();
    const committed = offsets[0]?.partitions.reduce(
      (sum, p) => sum + Math.max(0, Number(p.offset)),
      0,
    );
    expect(committed).toBe(3);
  });
});
