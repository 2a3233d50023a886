import type { z } from 'zod';
import {
  anomalySchema,
  ingestJobEventSchema,
  rawUnitSchema,
  validatedUnitSchema,
} from './events.js';

/** The topics of the design brief, their Avro root type and zod mirror. Keys are logical names. */
export const TOPIC_CONTRACTS = {
  raw: { name: 'ohlcv.raw', avroType: 'market.events.RawUnit', zod: rawUnitSchema },
  validated: {
    name: 'ohlcv.validated',
    avroType: 'market.events.ValidatedUnit',
    zod: validatedUnitSchema,
  },
  flagged: { name: 'ohlcv.flagged', avroType: 'market.events.Anomaly', zod: anomalySchema },
  jobs: {
    name: 'ingest.jobs',
    avroType: 'market.events.IngestJobEvent',
    zod: ingestJobEventSchema,
  },
} as const satisfies Record<string, { name: string; avroType: string; zod: z.ZodType }>;

export type TopicKey = keyof typeof TOPIC_CONTRACTS;
export type TopicValue<K extends TopicKey> = z.output<(typeof TOPIC_CONTRACTS)[K]['zod']>;

/** Consumed topics, each of which gets a `<topic>.dlq` for what its consumer cannot decode. */
export const CONSUMED_TOPICS = [
  'raw',
  'validated',
  'flagged',
  'jobs',
] as const satisfies readonly TopicKey[];
export type ConsumedTopic = (typeof CONSUMED_TOPICS)[number];

export interface TopicNames {
  raw: string;
  validated: string;
  flagged: string;
  jobs: string;
  dlq: Record<ConsumedTopic, string>;
}

/**
 * Physical topic names. A prefix lets several deployments (or test runs) share one cluster
 * without seeing each other's events.
 */
export function topicNames(prefix = ''): TopicNames {
  const name = (key: TopicKey) => `${prefix}${TOPIC_CONTRACTS[key].name}`;
  return {
    raw: name('raw'),
    validated: name('validated'),
    flagged: name('flagged'),
    jobs: name('jobs'),
    dlq: {
      raw: `${name('raw')}.dlq`,
      validated: `${name('validated')}.dlq`,
      flagged: `${name('flagged')}.dlq`,
      jobs: `${name('jobs')}.dlq`,
    },
  };
}

/** Confluent's TopicNameStrategy: one subject per topic, `<topic>-value`. */
export function valueSubject(topic: string): string {
  return `${topic}-value`;
}
