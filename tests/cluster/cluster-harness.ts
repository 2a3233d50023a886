import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import type { Asset, Category, Market } from '../../src/catalog/assets.js';
import { type PipelineRun, waitUntil } from '../faults/fault-harness.js';
import { uniqueName } from '../support/integration.js';
import { REPO_ROOT } from '../support/run-cli.js';
import { clusterScript } from './cluster-setup.js';

/**
 * 200 sample assets over 2024's last quarter in 31-day units: 600 units, ~13,000 rows. (A whole
 * year, 2,600 units, took over 4 minutes per run here on 2 shared cores: too long for 5 runs.)
 */
export const BACKFILL_ASSETS = 200;
export const BACKFILL = [
  '--start',
  '2024-10-01',
  '--end',
  '2024-12-31',
  '--source',
  'sample',
  '--chunk-days',
  '31',
  '--concurrency',
  '4',
];

/** A catalog of `count` assets served by the deterministic sample source, as a CATALOG_FILE. */
export function writeSampleCatalog(count: number): string {
  const kinds: [Market, Category, string][] = [
    ['KRX', 'stock', 'KRW'],
    ['US', 'index', 'USD'],
    ['CRYPTO', 'crypto', 'KRW'],
  ];
  const assets: Asset[] = Array.from({ length: count }, (_, i) => {
    const [market, category, currency] = kinds[i % kinds.length] as [Market, Category, string];
    const id = `C${String(i).padStart(4, '0')}`;
    return {
      id,
      name: `cluster ${id}`,
      category,
      market,
      currency,
      source: 'sample',
      sourceSymbol: id,
    };
  });
  mkdirSync(`${REPO_ROOT}.cache`, { recursive: true });
  const file = `${REPO_ROOT}.cache/${uniqueName('cluster-catalog')}.json`;
  writeFileSync(file, JSON.stringify(assets));
  return file;
}

/** One node of the cluster: kill (SIGKILL), stop (controlled shutdown), start (waits until up). */
export const node = {
  kill: (id: number) => clusterScript('kill', String(id)),
  stop: (id: number) => clusterScript('stop', String(id)),
  start: (id: number) => clusterScript('start', String(id)),
  /**
   * Every node at once. Nodes are also the KRaft voters: with two of three down the quorum is
   * gone, and a node started alone cannot register until a second one is back (it gives up).
   */
  startAll: () => clusterScript('start'),
};

/** The node leading a partition, from the cluster's metadata. */
export async function partitionLeader(kafka: Kafka, topic: string, partition: number) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const leader = topics[0]?.partitions.find((p) => p.partitionId === partition)?.leader;
    if (leader === undefined || leader < 0) throw new Error(`${topic}[${partition}] has no leader`);
    return leader;
  } finally {
    await admin.disconnect();
  }
}

/**
 * The group's coordinator: the leader of its `__consumer_offsets` partition, which Kafka picks
 * as abs(Java String.hashCode(groupId)) % offsets.topic.num.partitions (10, server.properties).
 */
export async function groupCoordinator(kafka: Kafka, groupId: string): Promise<number> {
  let hash = 0;
  for (let i = 0; i < groupId.length; i++) hash = (Math.imul(31, hash) + groupId.charCodeAt(i)) | 0;
  return partitionLeader(kafka, '__consumer_offsets', (hash & 0x7fffffff) % 10);
}

/**
 * The active KRaft controller: the newest epoch's leader in the nodes' logs (clients' metadata
 * names a random broker as "controller" under KRaft, so it cannot tell).
 */
export function activeController(): number {
  const logs = `${process.env.INFRA_DIR ?? `${REPO_ROOT}.cache/infra`}/logs/cluster`;
  let best = { epoch: -1, leader: -1 };
  for (const id of [1, 2, 3]) {
    let text = '';
    try {
      text = readFileSync(`${logs}/node-${id}/kafka-server.log`, 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(
      /\[RaftManager id=(\d+)\] Completed transition to (Leader|FollowerState)\((.*)/g,
    )) {
      const epoch = Number(/epoch=(\d+)/.exec(m[3] ?? '')?.[1] ?? -1);
      const leader =
        m[2] === 'Leader' ? Number(m[1]) : Number(/leader=(\d+)/.exec(m[3] ?? '')?.[1] ?? -1);
      if (epoch >= best.epoch && leader > 0) best = { epoch, leader };
    }
  }
  if (best.leader < 0) throw new Error(`no KRaft leader found in ${logs}`);
  return best.leader;
}

/** Waits until the node is back in the in-sync replicas of every partition of the topics. */
export async function waitInSync(kafka: Kafka, topics: string[], id: number, timeoutMs = 120_000) {
  const admin = kafka.admin();
  await admin.connect();
  const started = Date.now();
  let lagging: string[] = [];
  try {
    return await waitUntil(
      `node ${id} to be in sync`,
      async () => {
        const meta = await admin.fetchTopicMetadata({ topics });
        lagging = meta.topics.flatMap((t) =>
          t.partitions.filter((p) => !p.isr.includes(id)).map((p) => `${t.name}[${p.partitionId}]`),
        );
        return lagging.length === 0 ? Date.now() - started : undefined;
      },
      { timeoutMs, everyMs: 500, detail: () => `still out of sync: ${lagging.join(', ')}` },
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Samples `price_daily`'s row count until stopped; reports the longest time rows did not grow
 * (the pipeline's pause) while fewer than `expected` rows were stored, when that pause began
 * (ms after the watch started), and every change seen, for the case's artifacts.
 */
export function watchRows(run: PipelineRun, expected: number) {
  let stopped = false;
  const started = Date.now();
  const pause = { ms: 0, fromMs: 0 };
  const timeline: string[] = [];
  const done = (async () => {
    let last = -1;
    let since = started;
    while (!stopped) {
      const rows = await run.rowCount().catch(() => last);
      const now = Date.now();
      if (rows !== last) {
        timeline.push(`${now - started}\t${rows}`);
        last = rows;
        since = now;
      } else if (rows < expected && now - since > pause.ms) {
        pause.ms = now - since;
        pause.fromMs = since - started;
      }
      await sleep(200);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await done;
      return { ...pause, timeline };
    },
  };
}
