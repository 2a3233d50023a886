import type { Admin } from 'kafkajs';
import { readConsumerLag } from '../metrics/consumer-lag.js';
import { parseMetricsText, type Sample, sumOf } from '../metrics/parse-metrics-text.js';

export interface StageStatus {
  stage: string;
  group: string;
  topic: string;
  /** Some member is in the group and it is not rebalancing. */
  up: boolean;
  members: number;
  groupState: string;
  lag: number;
  /** Records consumed per second over the sampling pause, from the /metrics reached; null when none answered. */
  recordsPerSecond: number | null;
}

/** One scrape of each target that answers (a target that does not is skipped). */
async function scrapeAll(targets: readonly string[]): Promise<Sample[][]> {
  const scrapes = await Promise.all(
    targets.map(async (target) => {
      try {
        const response = await fetch(`http://${target}/metrics`, {
          signal: AbortSignal.timeout(1_000),
        });
        return response.ok ? parseMetricsText(await response.text()) : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return scrapes.map((scrape) => scrape ?? []);
}

/**
 * Each stage as `npm run status` shows it: group membership from the broker (so a stage whose
 * metrics port is off still shows), lag from the committed offsets, and records/s from two
 * scrapes of the processes' /metrics `sampleMs` apart.
 */
export async function readStageStatus(options: {
  admin: Admin;
  stages: readonly { stage: string; group: string; topic: string }[];
  targets: readonly string[];
  sampleMs: number;
}): Promise<StageStatus[]> {
  const { admin, stages } = options;
  const first = await scrapeAll(options.targets);
  const startedAt = Date.now();
  const groups = await admin.describeGroups(stages.map((stage) => stage.group));
  const lags = await Promise.all(
    stages.map(async ({ group, topic }) =>
      (await readConsumerLag(admin, group, topic)).reduce((sum, entry) => sum + entry.lag, 0),
    ),
  );
  await new Promise((resolve) =>
    setTimeout(resolve, Math.max(0, options.sampleMs - (Date.now() - startedAt))),
  );
  const second = await scrapeAll(options.targets);
  const seconds = (Date.now() - startedAt) / 1000;
  return stages.map((entry, index) => {
    const group = groups.groups.find((g) => g.groupId === entry.group);
    let reached = false;
    let delta = 0;
    for (const [t, after] of second.entries()) {
      const labels = { stage: entry.stage, topic: entry.topic };
      const name = 'market_collector_records_consumed_total';
      const before = first[t] ?? [];
      if (
        !after.some((s) => s.name === 'market_collector_stage_up' && s.labels.stage === entry.stage)
      )
        continue;
      reached = true;
      delta += Math.max(0, sumOf(after, name, labels) - sumOf(before, name, labels));
    }
    const members = group?.members.length ?? 0;
    const state = group?.state ?? 'Unknown';
    return {
      ...entry,
      up: members > 0 && state === 'Stable',
      members,
      groupState: state,
      lag: lags[index] ?? 0,
      recordsPerSecond: reached ? Math.round((delta / seconds) * 10) / 10 : null,
    };
  });
}
