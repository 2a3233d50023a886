import { expect } from 'vitest';
import type { TopicKey } from '../../../src/contracts/topics.js';
import { consumerGroupId } from '../../../src/pipeline/topology.js';
import type { PipelineFixture } from '../../support/pipeline-fixture.js';
import { readTopic } from '../../support/read-topic.js';

/** Messages a topic holds (all partitions, from the low to the high watermark). */
export async function messageCount(fixture: PipelineFixture, topic: string): Promise<number> {
  const admin = fixture.kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Messages in each consumed topic's `.dlq`. An outage is no reason to dead-letter anything: a
 * message there is a unit the tables will never hold.
 */
export async function deadLetters(fixture: PipelineFixture): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const topic of Object.values(fixture.topics.dlq)) {
    counts[topic] = await messageCount(fixture, topic);
  }
  return counts;
}

/** No dead-letter topic holds a message; when one does, the failure names the reasons. */
export async function expectNoDeadLetters(fixture: PipelineFixture): Promise<void> {
  const counts = await deadLetters(fixture);
  const reasons: string[] = [];
  for (const [topic, count] of Object.entries(counts)) {
    if (count === 0) continue;
    const letters = await readTopic(fixture.kafka, topic, (read) => read.length >= count);
    const distinct = new Set(
      letters.map(
        (letter) => `${letter.headers?.['dlq.error.code']}: ${letter.headers?.['dlq.error']}`,
      ),
    );
    reasons.push(`${topic}: ${count} (${[...distinct].slice(0, 5).join('; ')})`);
  }
  expect(Object.values(counts), reasons.join('\n')).toEqual([0, 0, 0, 0]);
}

/**
 * Messages of the stage's input topic its consumer group has not committed yet; Infinity while
 * the lag cannot be read yet (a retriable answer: a coordinator still loading the group after a
 * broker restart, a broker not answering), so a wait for 0 goes on instead of failing.
 */
export async function groupLag(
  fixture: PipelineFixture,
  stage: 'validator' | 'sink' | 'tracker',
  input: TopicKey,
): Promise<number> {
  const admin = fixture.kafka.admin();
  try {
    await admin.connect();
    const topic = fixture.topics[input];
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({
      groupId: consumerGroupId(fixture.settings.kafka.topicPrefix, stage),
      topics: [topic],
    });
    return ends.reduce((lag, end) => {
      const offset = Number(
        committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1',
      );
      return lag + Number(end.high) - Math.max(offset, Number(end.low));
    }, 0);
  } catch (error) {
    if ((error as { retriable?: unknown }).retriable === true) return Number.POSITIVE_INFINITY;
    throw error;
  } finally {
    await admin.disconnect();
  }
}

/**
 * True once every stage's group has committed all of its input topic. Asked in pipeline order:
 * a stage commits only after its outputs are acknowledged, so when the validator has nothing
 * left, whatever it published is already counted in the sink's lag, and so on.
 */
export async function stagesCaughtUp(fixture: PipelineFixture): Promise<boolean> {
  return (
    (await groupLag(fixture, 'validator', 'raw')) === 0 &&
    (await groupLag(fixture, 'sink', 'validated')) === 0 &&
    (await groupLag(fixture, 'tracker', 'jobs')) === 0
  );
}
