import { Command } from 'commander';
import { createKafka } from '../bus/kafka-client.js';
import { openCatalog } from '../catalog/open-catalog.js';
import { topicNames } from '../contracts/topics.js';
import { databaseFailure } from '../db/open-database.js';
import { readRecentJobs } from '../db/recent-jobs.js';
import { invalid } from '../errors.js';
import { checkFreshness } from '../healthcheck/freshness.js';
import { DEFAULT_METRICS_PORTS } from '../metrics/metrics-address.js';
import { consumerGroupId } from '../pipeline/topology.js';
import { readStageStatus } from '../status/stage-status.js';
import { statusDocument, statusScreen } from '../status/status-output.js';
import { stderrLogger } from '../terminal/stderr-logger.js';
import { writeStdout } from '../terminal/stdout.js';
import { integerOption, parseOptions } from './cli-options.js';
import { type CommandContext, runCommand } from './run-command.js';

const STAGES = [
  { stage: 'validator', input: 'raw' },
  { stage: 'sink', input: 'validated' },
  { stage: 'tracker', input: 'jobs' },
] as const;

/**
 * `npm run status [-- --json] [--targets host:port,...] [--jobs n]`: one screen for people
 * without Prometheus: each stage up or down (its consumer group), lag, records/s (from the
 * processes' /metrics), the last jobs and the stale assets. Exit 0, or 1 when a service cannot
 * be read, 2 for bad arguments.
 */
async function main({ settings, argv }: CommandContext): Promise<number> {
  const defaultTargets = Object.entries(DEFAULT_METRICS_PORTS)
    .filter(([name]) => name.startsWith('consume'))
    .map(([, port]) => `${settings.metrics.host}:${port}`);
  const program = new Command('status')
    .description('the stages, their lag and records/s, the last jobs and stale assets')
    .option('--json', 'one JSON document instead of the screen')
    .option(
      '--targets <list>',
      "host:port of the consumers' metrics servers, comma-separated",
      defaultTargets.join(','),
    )
    .option('--jobs <n>', 'how many of the last jobs to show', integerOption(1, 100), 5);
  if (!parseOptions(program, argv)) return 0;
  const opts = program.opts<{ json?: boolean; targets: string; jobs: number }>();
  const targets = opts.targets
    .split(',')
    .map((target) => target.trim())
    .filter((target) => target !== '');
  for (const target of targets) {
    if (!/^[\w.-]+:\d{1,5}$/.test(target)) {
      invalid(`--targets must be host:port items, e.g. 127.0.0.1:9470 (got "${target}")`);
    }
  }
  const logger = stderrLogger('status', settings);

  let stages = null;
  if (settings.kafka.brokers !== undefined) {
    const topics = topicNames(settings.kafka.topicPrefix);
    const admin = createKafka(settings, logger).admin();
    await admin.connect();
    try {
      stages = await readStageStatus({
        admin,
        stages: STAGES.map(({ stage, input }) => ({
          stage,
          group: consumerGroupId(settings.kafka.topicPrefix, stage),
          topic: topics[input],
        })),
        targets,
        sampleMs: 1_000,
      });
    } finally {
      await admin.disconnect();
    }
  }

  const { database, catalog } = await openCatalog(settings, logger);
  try {
    const now = new Date();
    const [jobs, freshness] = await Promise.all([
      readRecentJobs(database.db, opts.jobs),
      checkFreshness({ db: database.db, catalog, now }),
    ]).catch((error: unknown) => {
      throw databaseFailure(error);
    });
    const report = {
      at: now.toISOString(),
      stages,
      jobs,
      staleAssets: freshness.filter((row) => row.status === 'STALE').map((row) => row.assetId),
      assets: catalog.length,
    };
    await writeStdout(
      opts.json ? JSON.stringify(statusDocument(report), null, 2) : statusScreen(report),
    );
    return 0;
  } finally {
    await database.close().catch(() => undefined);
  }
}

await runCommand('status', main);
