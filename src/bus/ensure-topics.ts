import type { Admin, ITopicConfig, Kafka } from 'kafkajs';
import type { Settings } from '../config/settings.js';
import type { TopicNames } from '../contracts/topics.js';
import { kafkaAuthorizationFailure } from './authorization-failure.js';
import { busNotBootstrapped } from './not-bootstrapped.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Retention per topic. `ohlcv.raw` is the source of truth and is kept forever; the derived topics
 * can be rebuilt from it by a replay, so they keep what operations need to look back on.
 */
export function topicConfigs(topics: TopicNames, settings: Settings['kafka']): ITopicConfig[] {
  const topic = (name: string, retentionMs: number, partitions = settings.partitions) => ({
    topic: name,
    numPartitions: partitions,
    replicationFactor: settings.replicationFactor,
    configEntries: [
      { name: 'retention.ms', value: String(retentionMs) },
      { name: 'compression.type', value: 'producer' },
      // With acks from all in-sync replicas, a write is refused (and retried) rather than
      // acknowledged by fewer brokers than this: on 3 replicas, 2 keep every acked write safe
      // when one broker dies.
      ...(settings.minInsyncReplicas === undefined
        ? []
        : [{ name: 'min.insync.replicas', value: String(settings.minInsyncReplicas) }]),
    ],
  });
  return [
    topic(topics.raw, -1),
    topic(topics.validated, 30 * DAY_MS),
    topic(topics.flagged, 90 * DAY_MS),
    topic(topics.jobs, 90 * DAY_MS),
    topic(topics.dlq.raw, 90 * DAY_MS, 1),
    topic(topics.dlq.validated, 90 * DAY_MS, 1),
    topic(topics.dlq.flagged, 90 * DAY_MS, 1),
    topic(topics.dlq.jobs, 90 * DAY_MS, 1),
  ];
}

async function missingTopics(
  admin: Admin,
  topics: TopicNames,
  settings: Settings['kafka'],
): Promise<ITopicConfig[]> {
  const existing = new Set(await admin.listTopics());
  return topicConfigs(topics, settings).filter(({ topic }) => !existing.has(topic));
}

/**
 * Creates the topics that do not exist yet; returns their names. Existing ones are untouched.
 * A cluster that refuses the creation (ACLs) is BUS_NOT_BOOTSTRAPPED, naming the missing topics.
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: TopicNames,
  settings: Settings['kafka'],
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const missing = await missingTopics(admin, topics, settings);
    if (missing.length > 0) {
      try {
        await admin.createTopics({ topics: missing, waitForLeaders: true });
      } catch (error) {
        const refusal = kafkaAuthorizationFailure(error);
        const names = missing.map(({ topic }) => topic);
        if (refusal !== undefined) throw busNotBootstrapped({ topics: names }, refusal, error);
        // A consumer and a producer started together both create: the loser finds them made.
        if ((await missingTopics(admin, topics, settings)).length > 0) throw error;
      }
    }
    return missing.map(({ topic }) => topic);
  } finally {
    await admin.disconnect();
  }
}
