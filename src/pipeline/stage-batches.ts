import { fromIngestJobEvent } from '../contracts/events.js';
import type { TopicNames, TopicValue } from '../contracts/topics.js';
import type { CollectorMetrics } from '../metrics/collector-metrics.js';
import { countSinkBatch, countSourceCalls, countValidatorBatch } from '../metrics/stage-results.js';
import type { createStages } from './create-stages.js';
import { type StageInput, type StageName, TOPOLOGY } from './topology.js';

type Stages = ReturnType<typeof createStages>;

/** One batch of a stage's input topic, decoded, in; the stage's effects done when it resolves. */
export type StageBatch<S extends StageName> = (
  values: TopicValue<StageInput<S>>[],
  heartbeat?: () => Promise<void>,
) => Promise<void>;

/**
 * Each stage of TOPOLOGY as a function over a batch of its input topic: the one place that says
 * how a stage's handler takes its topic's events, for every wiring (Kafka consumers, the
 * embedded bus). With `metrics`, each batch's results are counted as it ends.
 */
export function stageBatches(
  stages: Stages,
  observe?: { metrics: CollectorMetrics; topics: TopicNames },
): { [S in StageName]: StageBatch<S> } {
  return {
    validator: async (values) => {
      const outputs = await stages.validator.handle(values);
      if (observe) countValidatorBatch(observe.metrics, observe.topics, outputs);
    },
    sink: async (values, heartbeat) => {
      const { rows } = await stages.sink.handle(values, heartbeat);
      if (observe) countSinkBatch(observe.metrics, observe.topics, { rows, units: values.length });
    },
    anomalies: async (values) => {
      await stages.anomalies.handle(values);
    },
    tracker: async (values) => {
      const events = values.map(fromIngestJobEvent);
      await stages.tracker.handle(events);
      if (observe) countSourceCalls(observe.metrics, events);
    },
  };
}

/** The input topic of a stage, from the topology. */
export function inputOf<S extends StageName>(stage: S): StageInput<S> {
  return TOPOLOGY[stage].input;
}
