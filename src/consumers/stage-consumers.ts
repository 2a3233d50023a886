import type { Kafka } from 'kafkajs';
import { createStageRunner, type StageRunner } from '../bus/kafka-stage-runner.js';
import type { EventCodec } from '../bus/registry-codec.js';
import type { TopicNames } from '../contracts/topics.js';
import type { Logger } from '../logging/logger.js';
import type { CollectorMetrics } from '../metrics/collector-metrics.js';
import { followGroupMembership } from '../metrics/group-membership.js';
import type { ReadinessCheck } from '../metrics/readiness.js';
import type { StageBatch, stageBatches } from '../pipeline/stage-batches.js';
import { consumerGroupId, type StageName, TOPOLOGY } from '../pipeline/topology.js';

export interface StageConsumerPorts {
  kafka: Kafka;
  codec: EventCodec;
  topics: TopicNames;
  topicPrefix: string;
  logger: Logger;
  metrics: CollectorMetrics;
  /** Told each stage's readiness: in its group, rebalancing, crashed. */
  addReadinessCheck: (name: string, check: ReadinessCheck) => void;
}

/**
 * The Kafka side of the always-on stages: for each stage, a consumer in its group on the input
 * topic the topology names, feeding the stage's batch call. Nothing here knows what a stage
 * does; `pipeline/` does.
 */
export function createStageConsumers(
  stages: readonly StageName[],
  batches: ReturnType<typeof stageBatches>,
  ports: StageConsumerPorts,
): StageRunner[] {
  return stages.map((stage) => {
    const batch = batches[stage] as StageBatch<StageName>;
    const runner = createStageRunner({
      kafka: ports.kafka,
      codec: ports.codec,
      topics: ports.topics,
      logger: ports.logger.child({ component: stage }),
      groupId: consumerGroupId(ports.topicPrefix, stage),
      input: TOPOLOGY[stage].input,
      handle: (events, context) =>
        batch(
          events.map((event) => event.value as never),
          context.heartbeat,
        ),
      partitionsConsumedConcurrently: TOPOLOGY[stage].concurrency,
      metrics: { registry: ports.metrics, stage },
    });
    const membership = followGroupMembership(runner.consumer, (up) =>
      ports.metrics.stageUp.set({ stage }, up),
    );
    ports.addReadinessCheck(stage, () => membership.problem());
    return runner;
  });
}
