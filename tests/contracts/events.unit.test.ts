import { describe, expect, it } from 'vitest';
import {
  fromIngestJobEvent,
  ingestJobEventSchema,
  type JobEvent,
  rawBarSchema,
  toIngestJobEvent,
  validatedBarSchema,
} from '../../src/contracts/events.js';

const fetched: JobEvent = {
  type: 'UnitFetched',
  eventId: 'e1',
  jobId: 'j1',
  occurredAt: 1_770_000_000_000,
  payload: {
    unitId: 'u1',
    assetId: '005930',
    source: 'naver',
    barCount: 8,
    attempts: 1,
    durationMs: 240,
  },
};

describe('ingest.jobs envelope', () => {
  it('round-trips a lifecycle event through the envelope', () => {
    const envelope = ingestJobEventSchema.parse(toIngestJobEvent(fetched));
    expect(envelope.unitFetched).toEqual(fetched.payload);
    expect(envelope.jobStarted).toBeNull();
    expect(fromIngestJobEvent(envelope)).toEqual(fetched);
  });

  it('refuses an envelope whose payload does not match its type', () => {
    const envelope = { ...toIngestJobEvent(fetched), type: 'UnitStored' };
    const result = ingestJobEventSchema.safeParse(envelope);
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['unitFetched', 'unitStored']));
  });
});

describe('bar dates', () => {
  const prices = { open: 1, high: 1, low: 1, close: 1, volume: 1 };

  it("lets a raw bar carry a source's impossible day as sent, for the validator to reject", () => {
    expect(rawBarSchema.parse({ date: '20260230', ...prices }).date).toBe('20260230');
  });

  it('refuses a validated bar whose date is not a real day, so none reaches PostgreSQL', () => {
    expect(validatedBarSchema.safeParse({ date: '2026-02-30', ...prices, flags: [] }).success).toBe(
      false,
    );
    expect(validatedBarSchema.safeParse({ date: '2026-02-28', ...prices, flags: [] }).success).toBe(
      true,
    );
  });
});
