import { Command } from 'commander';
import { ensureClusterReady } from '../bus/ensure-cluster-ready.js';
import { brokerUnreachable } from '../bus/kafka-client.js';
import type { StageRunner } from '../bus/kafka-stage-runner.js';
import { requireDatabaseUrl } from '../config/require-database.js';
import { createStageConsumers } from '../consumers/stage-consumers.js';
import { closeDatabase, createDatabase } from '../db/database.js';
import { invalid, isAppError } from '../errors.js';
import { databaseAnswers } from '../metrics/database-check.js';
import { refreshJobOutcomeMetrics } from '../metrics/job-outcome-gauges.js';
import { startLagMonitor } from '../metrics/lag-monitor.js';
import {
  DEFAULT_METRICS_PORTS,
  type MetricsProcess,
  metricsAddress,
} from '../metrics/metrics-address.js';
import { startPoller } from '../metrics/poller.js';
import { createProcessObservability } from '../metrics/process-observability.js';
import { createStages } from '../pipeline/create-stages.js';
import { stageBatches } from '../pipeline/stage-batches.js';
import {
  consumerGroupId,
  outputTopics,
  STAGE_NAMES,
  type StageName,
  TOPOLOGY,
} from '../pipeline/topology.js';
import { systemClock } from '../ports/clock.js';
import { integerOption, parseOptions } from './cli-options.js';
import { kafkaWiring } from './kafka-wiring.js';
import { type CommandContext, runCommand } from './run-command.js';
import { shutdownSignal } from './shutdown.js';

const STAGES = STAGE_NAMES;
type Stage = StageName;

/**
 * `npm run consume -- <validator|sink|tracker|anomalies|all> [--metrics-port n]`: always-on consumers in
 * their consumer groups, until SIGINT or SIGTERM, when each finishes its batch, commits and
 * disconnects. Serves /metrics, /healthz and /readyz on its own loopback port meanwhile.
 */
async function main({ settings, logger, argv }: CommandContext): Promise<number> {
  const program = new Command('consume')
    .argument('<stage>', `${[...STAGES, 'all'].join(', ')}; e.g. npm run consume -- validator`)
    .option(
      '--metrics-port <n>',
      `port of /metrics, /healthz and /readyz (0: off; default METRICS_PORT, else ${Object.entries(
        DEFAULT_METRICS_PORTS,
      )
        .filter(([name]) => name.startsWith('consume'))
        .map(([name, port]) => `${port} for ${name.slice('consume '.length)}`)
        .join(', ')})`,
      integerOption(0, 65_535),
    );
  if (!parseOptions(program, argv)) return 0;
  const [stageArg] = program.args;
  if (stageArg !== 'all' && !(STAGES as readonly string[]).includes(stageArg ?? '')) {
    invalid(`unknown stage "${stageArg}"; valid stages: ${[...STAGES, 'all'].join(', ')}`);
  }
  const stages: Stage[] = stageArg === 'all' ? [...STAGES] : [stageArg as Stage];
  const { metricsPort } = program.opts<{ metricsPort?: number }>();

  const { topics, kafka, codec, publisher, db } = kafkaWiring(settings, logger, 'consume');
  const runners: StageRunner[] = [];
  const timers: NodeJS.Timeout[] = [];
  const observability = createProcessObservability(logger);
  const { metrics } = observability;
  // Probes get a pool of their own, so a sink holding every connection is not "database down".
  const probeDb = createDatabase(requireDatabaseUrl(settings), {
    max: 1,
    applicationName: 'market-collector.consume.readyz',
  });
  observability.addReadinessCheck('database', databaseAnswers(probeDb));
  observability.onClose(() => closeDatabase(probeDb));

  const { validator, sink, tracker, anomalies } = createStages({
    settings,
    db,
    publisher,
    clock: systemClock,
    logger,
  });
  const batches = stageBatches({ validator, sink, tracker, anomalies }, { metrics, topics });
  runners.push(
    ...createStageConsumers(stages, batches, {
      kafka,
      codec,
      topics,
      topicPrefix: settings.kafka.topicPrefix,
      logger,
      metrics,
      addReadinessCheck: (name, check) => observability.addReadinessCheck(name, check),
    }),
  );
  if (stages.includes('tracker')) {
    const every = Math.min(60_000, Math.max(1_000, settings.tracker.stallAfterMs / 4));
    timers.push(
      setInterval(() => {
        tracker
          .checkStalled()
          .catch((error: unknown) => logger.warn({ err: error }, 'stall check failed'));
      }, every),
    );
  }

  const stopped = shutdownSignal(logger);
  try {
    // First, so that a port in use stops the command before it joins any group.
    await observability.serve(
      metricsAddress(settings, `consume ${stageArg}` as MetricsProcess, metricsPort),
    );
    await ensureClusterReady(settings, logger);
    const lag = startLagMonitor({
      kafka,
      metrics,
      logger,
      groups: stages.map((stage) => ({
        group: consumerGroupId(settings.kafka.topicPrefix, stage),
        topic: topics[TOPOLOGY[stage].input],
      })),
    });
    observability.onClose(() => lag.stop());
    observability.addReadinessCheck('broker', () => lag.brokerProblem());
    if (stages.includes('tracker')) {
      const outcomes = startPoller(
        'reading job outcomes',
        5_000,
        () => refreshJobOutcomeMetrics(probeDb, metrics),
        logger,
      );
      observability.onClose(() => outcomes.stop());
    }
    await publisher.connect();
    await codec.prepare(outputTopics(stages));
    for (const runner of runners) await runner.start();
  } catch (error) {
    for (const timer of timers) clearInterval(timer);
    await Promise.allSettled(runners.map((runner) => runner.stop()));
    await publisher.disconnect().catch(() => undefined);
    await observability.close();
    await closeDatabase(db);
    throw isAppError(error) ? error : brokerUnreachable(settings, error);
  }
  logger.info(
    { stages, mode: 'kafka' },
    `running ${stages.join(', ')}; stop with Ctrl-C (SIGINT) or SIGTERM`,
  );
  await stopped;
  for (const timer of timers) clearInterval(timer);
  await Promise.allSettled(runners.map((runner) => runner.stop()));
  await publisher.disconnect();
  await observability.close();
  await closeDatabase(db);
  logger.info('stopped');
  return 0;
}

await runCommand('consumer', main);
