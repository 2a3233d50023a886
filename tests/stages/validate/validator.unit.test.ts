import { describe, expect, it } from 'vitest';
import type { RawUnit, UnitValidated } from '../../../src/contracts/events.js';
import { fromIngestJobEvent } from '../../../src/contracts/events.js';
import { TOPIC_CONTRACTS, type TopicKey } from '../../../src/contracts/topics.js';
import type { OutgoingRecord, Publisher } from '../../../src/ports/publisher.js';
import { createValidator } from '../../../src/stages/validate/validator.js';
import { bar, barClosingAt } from '../../support/bars.js';
import { testLogger } from '../../support/integration.js';
import { barsOn, rawUnit } from './units.js';

// 2026-11-26 03:00 UTC: the same date in Seoul, New York and UTC, long after every window here.
const NOW = Date.UTC(2026, 10, 26, 3);

/** Records every publish call; each record must pass its topic's wire schema. */
function recordingPublisher() {
  const calls: { topic: TopicKey; records: unknown[] }[] = [];
  const publisher: Publisher = {
    async publish<K extends TopicKey>(topic: K, records: OutgoingRecord<K>[]) {
      for (const record of records) TOPIC_CONTRACTS[topic].zod.parse(record.value);
      calls.push({ topic, records: [...records] });
    },
  };
  return { publisher, calls };
}

interface Options {
  latestCloseBefore?: (
    assetId: string,
    source: string,
    date: string,
  ) => { date: string; close: number } | undefined;
  now?: number;
}

/** A validator over fakes; `portCalls` records every latestCloseBefore lookup. */
function validatorWith(options: Options = {}) {
  const { publisher, calls } = recordingPublisher();
  const portCalls: [string, string, string][] = [];
  let ids = 0;
  const validator = createValidator({
    publisher,
    clock: { now: () => options.now ?? NOW },
    newId: () => `id-${++ids}`,
    latestCloseBefore: async (assetId, source, date) => {
      portCalls.push([assetId, source, date]);
      return options.latestCloseBefore?.(assetId, source, date);
    },
    spikeThreshold: () => 0.3,
    logger: testLogger('validator-test'),
  });
  return { validator, calls, portCalls };
}

/** The UnitValidated payload of an `ingest.jobs` record. */
function unitValidated(record: { value: Parameters<typeof fromIngestJobEvent>[0] }): UnitValidated {
  const event = fromIngestJobEvent(record.value);
  if (event.type !== 'UnitValidated') throw new Error(`expected UnitValidated, got ${event.type}`);
  return event.payload;
}

const WEEK = ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13'];

/** Where the default raw unit came from: every record the validator derives from it says so. */
const UNIT_ORIGIN = { jobId: 'job-1', unitId: 'unit-1', assetId: '005930', source: 'naver' };

describe('validator: rejected bars', () => {
  // Tuesday has high < low; Thursday jumps 40% from Wednesday's close.
  const brokenTuesday = bar('2026-03-10', { open: 100, high: 90, low: 110, close: 100 });
  const unit = rawUnit({
    bars: [
      barClosingAt('2026-03-09', 100),
      brokenTuesday,
      barClosingAt('2026-03-11', 100),
      barClosingAt('2026-03-12', 140),
      barClosingAt('2026-03-13', 110),
    ],
  });

  it('publishes the good bars as the validated unit', async () => {
    const { validated } = await validatorWith().validator.handle([unit]);
    expect(validated).toHaveLength(1);
    expect(validated[0]?.key).toBe('005930');
    const value = validated[0]?.value;
    expect(value?.bars.map((accepted) => accepted.date)).toEqual([
      '2026-03-09',
      '2026-03-11',
      '2026-03-12',
      '2026-03-13',
    ]);
    expect(value?.rejectedCount).toBe(1);
    expect(value).toMatchObject({ ...UNIT_ORIGIN, market: 'KRX', validatedAt: NOW });
  });

  it('publishes one rejected anomaly naming high_below_low, with the bar attached', async () => {
    const { flagged } = await validatorWith().validator.handle([unit]);
    const rejected = flagged.filter((record) => record.value.severity === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.key).toBe('005930');
    expect(rejected[0]?.value).toMatchObject({
      code: 'high_below_low',
      date: '2026-03-10',
      bar: brokenTuesday,
      value: null,
      ...UNIT_ORIGIN,
      detectedAt: NOW,
    });
  });

  it('publishes UnitValidated with the counts and the spike dates', async () => {
    const { jobs } = await validatorWith().validator.handle([unit]);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.key).toBe('job-1');
    expect(unitValidated(jobs[0] as (typeof jobs)[number])).toEqual({
      unitId: 'unit-1',
      assetId: '005930',
      accepted: 4,
      flagged: 1,
      rejected: 1,
      warnings: [],
      flaggedDates: ['2026-03-12'],
    });
  });
});

describe('validator: price spikes', () => {
  it('publishes a price_spike warning whose value is the change', async () => {
    const unit = rawUnit({ bars: WEEK.map((date, i) => barClosingAt(date, i === 2 ? 131 : 100)) });
    const { flagged, validated } = await validatorWith().validator.handle([unit]);
    const spikes = flagged.filter((record) => record.value.code === 'price_spike');
    // Up 31% on Wednesday, then down 23.7% on Thursday: one spike.
    expect(spikes).toHaveLength(1);
    expect(spikes[0]?.value).toMatchObject({
      severity: 'warning',
      date: '2026-03-11',
      bar: null,
    });
    expect(spikes[0]?.value.value).toBeCloseTo(0.31, 10);
    const wednesday = validated[0]?.value.bars.find((accepted) => accepted.date === '2026-03-11');
    expect(wednesday?.flags).toEqual(['price_spike']);
  });

  it('flags a first bar 40% above the stored close, asking the port for the first date', async () => {
    const { validator, portCalls } = validatorWith({
      latestCloseBefore: () => ({ date: '2026-03-06', close: 60 }),
    });
    const unit = rawUnit({ bars: WEEK.map((date) => barClosingAt(date, 100)) });
    const { flagged, validated } = await validator.handle([unit]);
    expect(portCalls).toEqual([['005930', 'naver', '2026-03-09']]);
    expect(validated[0]?.value.bars[0]?.flags).toEqual(['price_spike']);
    const spikes = flagged.filter((record) => record.value.code === 'price_spike');
    expect(spikes.map((record) => record.value.date)).toEqual(['2026-03-09']);
    expect(spikes[0]?.value.value).toBeCloseTo(100 / 60 - 1, 10);
  });

  it('chains two units of an asset in one batch: the earlier unit beats an older stored close', async () => {
    // Closes rise 1% a day across both weeks; the database only knows a stale February close.
    const closes = (dates: readonly string[], from: number) =>
      dates.map((date, i) => barClosingAt(date, from * 1.01 ** i));
    const weekOne = rawUnit({
      unitId: 'unit-week-1',
      windowStart: '2026-03-02',
      windowEnd: '2026-03-06',
      bars: closes(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'], 100),
    });
    const weekTwo = rawUnit({
      unitId: 'unit-week-2',
      bars: closes(WEEK, 100 * 1.01 ** 5),
    });
    const { validator, portCalls } = validatorWith({
      latestCloseBefore: (_asset, _source, date) =>
        date === '2026-03-02'
          ? { date: '2026-02-27', close: 99 }
          : { date: '2026-02-27', close: 1 },
    });
    const { flagged, jobs } = await validator.handle([weekTwo, weekOne]);
    expect(flagged).toEqual([]);
    // Week one's last close is week two's previous session: the database is not asked.
    expect(portCalls).toEqual([['005930', 'naver', '2026-03-02']]);
    expect(jobs.map((record) => unitValidated(record).unitId)).toEqual([
      'unit-week-1',
      'unit-week-2',
    ]);
  });
});

describe('validator: missing sessions', () => {
  it('publishes one missing_session warning per missing date, and warns on the unit', async () => {
    const unit = rawUnit({ bars: barsOn(['2026-03-09', '2026-03-11', '2026-03-13']) });
    const { flagged, validated, jobs } = await validatorWith().validator.handle([unit]);
    const missing = flagged.filter((record) => record.value.code === 'missing_session');
    expect(missing.map((record) => record.value.date)).toEqual(['2026-03-10', '2026-03-12']);
    for (const record of missing) {
      expect(record.value).toMatchObject({ severity: 'warning', bar: null, value: null });
    }
    const expected = { code: 'missing_sessions', dates: ['2026-03-10', '2026-03-12'] };
    expect(validated[0]?.value.warnings).toEqual([expect.objectContaining(expected)]);
    expect(unitValidated(jobs[0] as (typeof jobs)[number]).warnings).toEqual([
      expect.objectContaining(expected),
    ]);
  });

  it("judges the session in progress by the clock's date in the market's zone", async () => {
    // 2026-03-12 16:00 UTC is already Friday 01:00 in Seoul: Thursday's KRX session is over.
    const unit = rawUnit({
      windowStart: '2026-03-09',
      windowEnd: '2026-03-12',
      bars: barsOn(['2026-03-09', '2026-03-10', '2026-03-11']),
    });
    const { flagged } = await validatorWith({ now: Date.UTC(2026, 2, 12, 16) }).validator.handle([
      unit,
    ]);
    expect(flagged.map((record) => [record.value.code, record.value.date])).toEqual([
      ['missing_session', '2026-03-12'],
    ]);
  });
});

describe('validator: a unit with nothing storable', () => {
  const allBroken: RawUnit = rawUnit({
    bars: WEEK.map((date) => bar(date, { close: null })),
  });

  it('publishes no validated event but a UnitValidated with accepted 0', async () => {
    const { validated, flagged, jobs } = await validatorWith().validator.handle([allBroken]);
    expect(validated).toEqual([]);
    const rejected = flagged.filter((record) => record.value.severity === 'rejected');
    expect(rejected.map((record) => record.value.code)).toEqual(WEEK.map(() => 'price_missing'));
    expect(jobs).toHaveLength(1);
    expect(unitValidated(jobs[0] as (typeof jobs)[number])).toMatchObject({
      accepted: 0,
      rejected: 5,
      flagged: 0,
      flaggedDates: [],
    });
  });
});

describe('validator: publishing', () => {
  const units = [
    rawUnit({ unitId: 'unit-a', bars: barsOn(WEEK) }),
    rawUnit({
      unitId: 'unit-b',
      assetId: 'BTC',
      category: 'crypto',
      market: 'CRYPTO',
      source: 'upbit',
      sourceSymbol: 'KRW-BTC',
      windowStart: '2026-03-09',
      windowEnd: '2026-03-10',
      bars: [bar('2026-03-09'), bar('2026-03-10', { volume: -1 })],
    }),
  ];

  it('publishes each topic once per batch, in the order validated, flagged, jobs', async () => {
    const { validator, calls } = validatorWith();
    const outputs = await validator.handle(units);
    expect(calls.map((call) => call.topic)).toEqual(['validated', 'flagged', 'jobs']);
    expect(calls[0]?.records).toEqual(outputs.validated);
    expect(calls[1]?.records).toEqual(outputs.flagged);
    expect(calls[2]?.records).toEqual(outputs.jobs);
    expect(outputs.validated).toHaveLength(2);
    expect(outputs.flagged.map((record) => record.value.code)).toEqual(['negative_volume']);
    expect(outputs.jobs).toHaveLength(2);
  });

  it('gives every published event its own id', async () => {
    const outputs = await validatorWith().validator.handle(units);
    const ids = [...outputs.validated, ...outputs.flagged, ...outputs.jobs].map(
      (record) => record.value.eventId,
    );
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('validator: the previous close across batch and database', () => {
  it('compares only with the previous session, not an older batch or stored close', async () => {
    const january = rawUnit({
      unitId: 'unit-jan',
      windowStart: '2026-01-05',
      windowEnd: '2026-01-09',
      bars: ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09'].map((date) =>
        barClosingAt(date, 50),
      ),
    });
    const march = rawUnit({
      unitId: 'unit-mar',
      bars: WEEK.map((date) => barClosingAt(date, 100)),
    });
    // January (50) is in the batch and February 27 (99) is stored, but March 9's previous KRX
    // session is March 6: neither is it, so the first March bar is not judged.
    const { validator } = validatorWith({
      latestCloseBefore: (_asset, _source, date) =>
        date === '2026-03-09' ? { date: '2026-02-27', close: 99 } : undefined,
    });
    const { flagged } = await validator.handle([march, january]);
    expect(flagged.filter((record) => record.value.code === 'price_spike')).toEqual([]);
  });
});

describe('validator: a backfill where the validator runs ahead of the sink', () => {
  it('does not flag a first bar against a stored close months older than its previous session', async () => {
    const { validator } = validatorWith({
      latestCloseBefore: () => ({ date: '2025-10-07', close: 60 }),
    });
    const { flagged } = await validator.handle([
      rawUnit({ bars: WEEK.map((date) => barClosingAt(date, 100)) }),
    ]);
    expect(flagged.filter((record) => record.value.code === 'price_spike')).toEqual([]);
  });
});

describe('validator: a day that does not exist', () => {
  it('rejects the bar with an anomaly naming the text, dates nothing by it, and goes on', async () => {
    // An ISO-shaped 2026-03-32 sorts before the good bars' end: it must not become the date
    // the previous close is looked up for (that threw, exiting as if the arguments were bad).
    const impossible = bar('2026-03-09');
    impossible.date = '2026-03-32';
    const unit = rawUnit({
      windowStart: '2026-03-09',
      windowEnd: '2026-04-03',
      bars: [impossible, ...barsOn(['2026-04-01', '2026-04-02'])],
    });
    const { validator, portCalls } = validatorWith();
    const { validated, flagged, jobs } = await validator.handle([unit]);
    expect(portCalls.map(([, , date]) => date)).toEqual(['2026-04-01']);
    expect(validated[0]?.value.bars.map((accepted) => accepted.date)).toEqual([
      '2026-04-01',
      '2026-04-02',
    ]);
    const rejected = flagged.filter((record) => record.value.severity === 'rejected');
    expect(rejected.map((record) => record.value)).toEqual([
      expect.objectContaining({
        code: 'date_invalid',
        date: null,
        message: 'date "2026-03-32" from the source is not a real calendar day',
        bar: impossible,
      }),
    ]);
    expect(unitValidated(jobs[0] as never)).toMatchObject({ accepted: 2, rejected: 1 });
  });

  it('rejects a price above the ceiling of the asset, as the port tells it', async () => {
    const { publisher } = recordingPublisher();
    const validator = createValidator({
      publisher,
      clock: { now: () => NOW },
      newId: () => 'id',
      latestCloseBefore: async () => undefined,
      spikeThreshold: () => 0.3,
      priceCeiling: (assetId) => (assetId === '005930' ? 1e11 : 1),
      logger: testLogger('validator-test'),
    });
    const unit = rawUnit({
      bars: [barClosingAt('2026-03-09', 5e10), barClosingAt('2026-03-10', 2e11)],
    });
    const { flagged } = await validator.handle([unit]);
    expect(
      flagged
        .filter((r) => r.value.severity === 'rejected')
        .map((r) => [r.value.date, r.value.code]),
    ).toEqual([['2026-03-10', 'price_out_of_range']]);
  });
});
