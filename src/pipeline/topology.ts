import type { ConsumedTopic, TopicKey } from '../contracts/topics.js';

/** How one stage sits in the flow: the topic it consumes and the topics it writes to. */
export interface StageWiring {
  input: ConsumedTopic;
  outputs: readonly TopicKey[];
  /** Partitions one consumer works on at once (kafkajs `partitionsConsumedConcurrently`). */
  concurrency: number;
}

/**
 * The pipeline's topology, the one table every wiring reads: `consume` (Kafka consumer groups),
 * the embedded in-process bus, `replay`, bootstrap (a `.dlq` per consumed topic) and the docs.
 *
 *   fetcher (produce) -> raw -> validator -> validated -> sink -> price_daily
 *                                  |  +----> flagged -> anomalies -> anomaly
 *                                  +-------> jobs <- sink, fetcher; jobs -> tracker -> job_run
 */
export const TOPOLOGY = {
  validator: { input: 'raw', outputs: ['validated', 'flagged', 'jobs'], concurrency: 2 },
  sink: { input: 'validated', outputs: ['jobs'], concurrency: 2 },
  anomalies: { input: 'flagged', outputs: [], concurrency: 1 },
  tracker: { input: 'jobs', outputs: [], concurrency: 1 },
} as const satisfies Record<string, StageWiring>;

export type StageName = keyof typeof TOPOLOGY;
export type StageInput<S extends StageName> = (typeof TOPOLOGY)[S]['input'];

/** Every stage, in flow order. */
export const STAGE_NAMES = Object.keys(TOPOLOGY) as StageName[];

/** The topics some stage writes to: what a process running those stages must be able to encode. */
export function outputTopics(stages: readonly StageName[]): TopicKey[] {
  return [...new Set(stages.flatMap((stage) => TOPOLOGY[stage].outputs))];
}

/** The consumer group of each always-on stage; the topic prefix keeps deployments apart. */
export function consumerGroupId(prefix: string, stage: StageName): string {
  return `${prefix}market-collector.${stage}`;
}
