import { describe, expect, it } from 'vitest';
import { topicConfigs } from '../../src/bus/ensure-topics.js';
import { loadSettings } from '../../src/config/settings.js';
import { CONSUMED_TOPICS, topicNames } from '../../src/contracts/topics.js';
import {
  consumerGroupId,
  outputTopics,
  STAGE_NAMES,
  TOPOLOGY,
} from '../../src/pipeline/topology.js';

describe('the pipeline topology', () => {
  it('gives every consumed topic, and only those, a dead-letter topic', () => {
    const inputs = [...new Set(STAGE_NAMES.map((stage) => TOPOLOGY[stage].input))].sort();
    expect([...CONSUMED_TOPICS].sort()).toEqual(inputs);
    const names = topicNames('t.');
    const created = topicConfigs(names, loadSettings({}).kafka).map((config) => config.topic);
    for (const input of inputs) expect(created).toContain(names.dlq[input]);
  });

  it('runs the stages in flow order, each writing only to topics another stage or a table reads', () => {
    expect(STAGE_NAMES).toEqual(['validator', 'sink', 'anomalies', 'tracker']);
    expect(outputTopics(['validator'])).toEqual(['validated', 'flagged', 'jobs']);
    expect(outputTopics(['sink', 'tracker'])).toEqual(['jobs']);
    const consumed = new Set(CONSUMED_TOPICS as readonly string[]);
    for (const topic of outputTopics(STAGE_NAMES)) expect(consumed.has(topic)).toBe(true);
  });

  it('names one consumer group per stage, apart per topic prefix', () => {
    const groups = STAGE_NAMES.map((stage) => consumerGroupId('p.', stage));
    expect(new Set(groups).size).toBe(STAGE_NAMES.length);
    expect(consumerGroupId('p.', 'sink')).toBe('p.market-collector.sink');
  });
});
