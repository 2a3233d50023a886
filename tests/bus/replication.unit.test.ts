import { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { CONSUMER_GROUP_TIMEOUTS } from '../../src/bus/consumer-timeouts.js';
import { topicConfigs } from '../../src/bus/ensure-topics.js';
import { tooFewInsyncReplicas } from '../../src/bus/kafka-publisher.js';
import { loadSettings } from '../../src/config/settings.js';
import { CONSUMED_TOPICS, topicNames } from '../../src/contracts/topics.js';

describe('topic replication settings', () => {
  it('gives every topic bootstrap creates the configured min.insync.replicas', () => {
    const { kafka } = loadSettings({
      KAFKA_REPLICATION_FACTOR: '3',
      KAFKA_MIN_INSYNC_REPLICAS: '2',
    });
    const configs = topicConfigs(topicNames(''), kafka);
    // The four topics and a dead-letter topic for each consumed one.
    expect(configs.length).toBe(4 + CONSUMED_TOPICS.length);
    for (const config of configs) {
      expect(config.replicationFactor).toBe(3);
      expect(config.configEntries).toContainEqual({ name: 'min.insync.replicas', value: '2' });
    }
  });

  it("leaves min.insync.replicas to the broker's default when unset", () => {
    const { kafka } = loadSettings({ KAFKA_MIN_INSYNC_REPLICAS: '' });
    expect(kafka.minInsyncReplicas).toBeUndefined();
    const entries = topicConfigs(topicNames(''), kafka).flatMap((c) => c.configEntries ?? []);
    expect(entries.map((e) => e.name)).not.toContain('min.insync.replicas');
  });

  it('refuses a min ISR above the replication factor, naming the variable', () => {
    expect(() =>
      loadSettings({ KAFKA_REPLICATION_FACTOR: '1', KAFKA_MIN_INSYNC_REPLICAS: '2' }),
    ).toThrow(/KAFKA_MIN_INSYNC_REPLICAS.*at most KAFKA_REPLICATION_FACTOR \(1\)/);
  });
});

describe('tooFewInsyncReplicas', () => {
  // kafkajs builds its protocol errors from the broker's error code table, typed as Error.
  const refused = new KafkaJSProtocolError({
    type: 'NOT_ENOUGH_REPLICAS',
    code: 19,
    retriable: true,
    message: 'Messages are rejected since there are fewer in-sync replicas than required',
  } as unknown as Error);

  it('finds the broker refusal under the retries that wrap it', () => {
    expect(tooFewInsyncReplicas(refused)).toBe(true);
    expect(
      tooFewInsyncReplicas(
        new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 10, retryTime: 5000 }),
      ),
    ).toBe(true);
  });

  it('is false for other failures', () => {
    expect(tooFewInsyncReplicas(new Error('connect ECONNREFUSED'))).toBe(false);
    expect(tooFewInsyncReplicas(undefined)).toBe(false);
  });
});

describe('consumer group timeouts', () => {
  it('let a new member in within 10 s of a broker restart, within the broker minimum', () => {
    const { sessionTimeout, heartbeatInterval, rebalanceTimeout } = CONSUMER_GROUP_TIMEOUTS;
    expect(sessionTimeout).toBeGreaterThanOrEqual(6_000); // group.min.session.timeout.ms
    expect(sessionTimeout).toBeLessThan(10_000);
    expect(heartbeatInterval * 3).toBeLessThanOrEqual(sessionTimeout);
    expect(rebalanceTimeout).toBeLessThanOrEqual(10_000);
  });
});
