import { z } from 'zod';
import { isIsoDate } from '../calendar/iso-date.js';
import { CATEGORIES, MARKETS } from '../catalog/assets.js';

/**
 * zod mirrors of the Avro schemas in `schemas/`: the in-process checks and the TypeScript types.
 * `tests/contracts/avro-zod-agreement.unit.test.ts` keeps the two in agreement field by field.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a date as YYYY-MM-DD' });
/** A stored bar's date: not only shaped like one but a real day, so PostgreSQL never refuses it. */
const calendarDate = isoDate.refine(isIsoDate, { error: 'a real calendar day' });
const epochMillis = z.number().int();
const count = z.number().int().min(0);
const nonEmpty = z.string().min(1);
const attempts = z.number().int().min(1);

/** Which event of which job: the keys of every message a job publishes. */
const eventKeys = { eventId: nonEmpty, jobId: nonEmpty };
/** Which unit, of which asset: the keys of every unit-level message and lifecycle payload. */
const unitKeys = { unitId: nonEmpty, assetId: nonEmpty };
/** The dates a unit covers, both ends included. */
const unitWindow = { windowStart: isoDate, windowEnd: isoDate };
/** The full identity a unit's data carries along the pipeline: its keys, asset class and source. */
const unitData = {
  ...eventKeys,
  ...unitKeys,
  category: z.enum(CATEGORIES),
  market: z.enum(MARKETS),
  source: nonEmpty,
};

export const rawBarSchema = z.object({
  // Any text, not only YYYY-MM-DD: a source's impossible day (20260230) is carried as sent so the
  // validator can reject that bar naming it; the validated bars are real dates.
  date: nonEmpty,
  open: z.number().nullable(),
  high: z.number().nullable(),
  low: z.number().nullable(),
  close: z.number().nullable(),
  volume: z.number().nullable().default(null),
  halted: z.boolean().default(false),
});
export type RawBar = z.infer<typeof rawBarSchema>;

export const rawUnitSchema = z.object({
  ...unitData,
  sourceSymbol: nonEmpty,
  ...unitWindow,
  fetchedAt: epochMillis,
  attempts,
  bars: z.array(rawBarSchema),
});
export type RawUnit = z.infer<typeof rawUnitSchema>;

export const unitWarningSchema = z.object({
  code: nonEmpty,
  message: z.string(),
  dates: z.array(isoDate),
});
export type UnitWarning = z.infer<typeof unitWarningSchema>;

export const validatedBarSchema = z.object({
  date: calendarDate,
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number().nullable().default(null),
  flags: z.array(z.string()),
});
export type ValidatedBar = z.infer<typeof validatedBarSchema>;

export const validatedUnitSchema = z.object({
  ...unitData,
  ...unitWindow,
  validatedAt: epochMillis,
  bars: z.array(validatedBarSchema),
  warnings: z.array(unitWarningSchema),
  rejectedCount: count,
});
export type ValidatedUnit = z.infer<typeof validatedUnitSchema>;

export const anomalySchema = z.object({
  ...eventKeys,
  ...unitKeys,
  source: nonEmpty,
  code: nonEmpty,
  severity: z.enum(['warning', 'rejected']),
  date: isoDate.nullable().default(null),
  message: z.string(),
  value: z.number().nullable().default(null),
  bar: rawBarSchema.nullable().default(null),
  detectedAt: epochMillis,
});
export type Anomaly = z.infer<typeof anomalySchema>;

export const plannedUnitSchema = z.object({
  ...unitKeys,
  source: nonEmpty,
  ...unitWindow,
});
export type PlannedUnit = z.infer<typeof plannedUnitSchema>;

export const jobStartedSchema = z.object({
  jobName: nonEmpty,
  params: z.string(),
  plannedUnits: z.array(plannedUnitSchema),
});

/** A unit fetch's wall time in ms; null in events written before it was recorded. */
const fetchDuration = z.number().int().nonnegative().nullable().default(null);

export const unitFetchedSchema = z.object({
  ...unitKeys,
  source: nonEmpty,
  barCount: count,
  attempts,
  durationMs: fetchDuration,
});

export const unitFetchFailedSchema = z.object({
  ...unitKeys,
  source: nonEmpty,
  errorCode: nonEmpty,
  error: z.string(),
  attempts,
  durationMs: fetchDuration,
});

export const unitValidatedSchema = z.object({
  ...unitKeys,
  accepted: count,
  flagged: count,
  rejected: count,
  warnings: z.array(unitWarningSchema),
  flaggedDates: z.array(isoDate),
});

export const unitStoredSchema = z.object({
  ...unitKeys,
  rowsWritten: count,
});

/** Each lifecycle event type and the envelope field that carries its payload. */
export const JOB_EVENT_FIELDS = {
  JobStarted: 'jobStarted',
  UnitFetched: 'unitFetched',
  UnitFetchFailed: 'unitFetchFailed',
  UnitValidated: 'unitValidated',
  UnitStored: 'unitStored',
} as const;
export type JobEventType = keyof typeof JOB_EVENT_FIELDS;
const JOB_EVENT_TYPES = Object.keys(JOB_EVENT_FIELDS) as [JobEventType, ...JobEventType[]];

/** The wire shape on `ingest.jobs`: exactly the payload field named by `type` is set. */
export const ingestJobEventSchema = z
  .object({
    ...eventKeys,
    type: z.enum(JOB_EVENT_TYPES),
    occurredAt: epochMillis,
    jobStarted: jobStartedSchema.nullable().default(null),
    unitFetched: unitFetchedSchema.nullable().default(null),
    unitFetchFailed: unitFetchFailedSchema.nullable().default(null),
    unitValidated: unitValidatedSchema.nullable().default(null),
    unitStored: unitStoredSchema.nullable().default(null),
  })
  .superRefine((event, ctx) => {
    for (const [type, field] of Object.entries(JOB_EVENT_FIELDS)) {
      const isSet = event[field] !== null;
      if (isSet !== (type === event.type)) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: isSet ? `must be null for a ${event.type} event` : `is required for ${type}`,
        });
      }
    }
  });
export type IngestJobEvent = z.infer<typeof ingestJobEventSchema>;

interface JobEventPayloads {
  JobStarted: z.infer<typeof jobStartedSchema>;
  UnitFetched: z.infer<typeof unitFetchedSchema>;
  UnitFetchFailed: z.infer<typeof unitFetchFailedSchema>;
  UnitValidated: z.infer<typeof unitValidatedSchema>;
  UnitStored: z.infer<typeof unitStoredSchema>;
}

/** The in-process form of a lifecycle event: a union discriminated by `type`. */
export type JobEvent = {
  [T in JobEventType]: {
    type: T;
    eventId: string;
    jobId: string;
    occurredAt: number;
    payload: JobEventPayloads[T];
  };
}[JobEventType];

export type JobStarted = JobEventPayloads['JobStarted'];
export type UnitFetched = JobEventPayloads['UnitFetched'];
export type UnitFetchFailed = JobEventPayloads['UnitFetchFailed'];
export type UnitValidated = JobEventPayloads['UnitValidated'];
export type UnitStored = JobEventPayloads['UnitStored'];

/** Wraps a lifecycle event into the `ingest.jobs` envelope. */
export function toIngestJobEvent(event: JobEvent): IngestJobEvent {
  const envelope: IngestJobEvent = {
    eventId: event.eventId,
    jobId: event.jobId,
    type: event.type,
    occurredAt: event.occurredAt,
    jobStarted: null,
    unitFetched: null,
    unitFetchFailed: null,
    unitValidated: null,
    unitStored: null,
  };
  return { ...envelope, [JOB_EVENT_FIELDS[event.type]]: event.payload };
}

/** Unwraps a checked `ingest.jobs` envelope into the discriminated union. */
export function fromIngestJobEvent(envelope: IngestJobEvent): JobEvent {
  const payload = envelope[JOB_EVENT_FIELDS[envelope.type]];
  if (payload === null) {
    throw new Error(
      `ingest.jobs event ${envelope.eventId} of type ${envelope.type} has no payload`,
    );
  }
  return {
    type: envelope.type,
    eventId: envelope.eventId,
    jobId: envelope.jobId,
    occurredAt: envelope.occurredAt,
    payload,
  } as JobEvent;
}
