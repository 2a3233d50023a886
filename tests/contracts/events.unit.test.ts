import { describe, expect, it } from 'vitest';
import {
  fromIngestJobEvent,
  ingestJobEventSchema,
  type JobEvent,
  toIngestJobEvent,
} from '../../src/contracts/events.js';

const fetched: JobEvent = {
  type: 'UnitFetched',
  eventId: 'e1',
  jobId: 'j1',
  occurredAt: 1_770_000_000_000,
  payload: { unitId: 'u1', assetId: '005930', source: 'naver', barCount: 8, attempts: 1 },
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
