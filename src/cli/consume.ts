import { Command } from 'commander';
import { brokerUnreachable, createKafka } from '../bus/kafka-client.js';
import { createKafkaPublisher } from '../bus/kafka-publisher.js';
import {
  type BatchHandler,
  createStageRunner,
  type StageRunner,
} from '../bus/kafka-stage-runner.js';
import { createRegistryCodec } from '../bus/registry-codec.js';
import { createSchemaRegistry } from '../bus/schema-registry.js';
import { consumerGroupId } from '../consumers/consumer-groups.js';
import { createStages } from '../consumers/create-stages.js';
import { fromIngestJobEvent } from '../contracts/events.js';
import { type ConsumedTopic, topicNames } from '../contracts/topics.js';
import { closeDatabase, createDatabase } from '../db/database.js';
import { isAppError } from '../errors.js';
import { systemClock } from '../ports/clock.js';
import { invalid, parseOptions } from './cli-options.js';
import { requireDatabaseUrl } from './require-database.js';
import { type CommandContext, runCommand } from './run-command.js';
import { shutdownSignal } from './shutdown.js';

const STAGES = ['validator', 'sink', 'tracker', 'anomalies'] as const;
type Stage = (typeof STAGES)[number];

/**
 * `npm run consume -- <validator|sink|tracker|anomalies|all>`: always-on consumers in their consumer groups, until
 * SIGINT or SIGTERM, when each finishes its batch, commits and disconnects.
 */
async function main({ settings, logger, argv }: CommandContext): Promise<number> {
  const program = new Command('consume').argument(
    '<stage>',
    `${[...STAGES, 'all'].join(', ')}; e.g. npm run consume -- validator`,
  );
  if (!parseOptions(program, argv)) return 0;
  const [stageArg] = program.args;
  if (stageArg !== 'all' && !(STAGES as readonly string[]).includes(stageArg ?? '')) {
    invalid(`unknown stage "${stageArg}"; valid stages: ${[...STAGES, 'all'].join(', ')}`);
  }
  const stages: Stage[] = stageArg === 'all' ? [...STAGES] : [stageArg as Stage];

  const topics = topicNames(settings.kafka.topicPrefix);
  const kafka = createKafka(settings, logger);
  const codec = createRegistryCodec(createSchemaRegistry(settings), topics);
  const publisher = createKafkaPublisher(kafka, codec, topics);
  const db = createDatabase(requireDatabaseUrl(settings), {
    applicationName: 'market-collector.consume',
  });
  const runners: StageRunner[] = [];
  const timers: NodeJS.Timeout[] = [];

  const { validator, sink, tracker, anomalies } = createStages({
    settings,
    db,
    publisher,
    clock: systemClock,
    logger,
  });
  const runnerFor = <K extends ConsumedTopic>(
    stage: Stage,
    input: K,
    handle: BatchHandler<K>,
    partitionsConsumedConcurrently = 1,
  ) =>
    createStageRunner({
      kafka,
      codec,
      topics,
      logger: logger.child({ component: stage }),
      groupId: consumerGroupId(settings.kafka.topicPrefix, stage),
      input,
      handle,
      partitionsConsumedConcurrently,
    });

  for (const stage of stages) {
    if (stage === 'validator') {
      runners.push(
        runnerFor(
          stage,
          'raw',
          async (events) => {
            await validator.handle(events.map((event) => event.value));
          },
          2,
        ),
      );
    }
    if (stage === 'sink') {
      runners.push(
        runnerFor(stage, 'validated', async (events, context) => {
          await sink.handle(
            events.map((event) => event.value),
            context.heartbeat,
          );
        }),
      );
    }
    if (stage === 'anomalies') {
      runners.push(
        runnerFor(stage, 'flagged', async (events) => {
          await anomalies.handle(events.map((event) => event.value));
        }),
      );
    }
    if (stage === 'tracker') {
      runners.push(
        runnerFor(stage, 'jobs', async (events) => {
          await tracker.handle(events.map((event) => fromIngestJobEvent(event.value)));
        }),
      );
      const every = Math.min(60_000, Math.max(1_000, settings.tracker.stallAfterMs / 4));
      timers.push(
        setInterval(() => {
          tracker
            .checkStalled()
            .catch((error: unknown) => logger.warn({ err: error }, 'stall check failed'));
        }, every),
      );
    }
  }

  const stopped = shutdownSignal(logger);
  try {
    await publisher.connect();
    await codec.prepare(['validated', 'flagged', 'jobs']);
    for (const runner of runners) await runner.start();
  } catch (error) {
    for (const timer of timers) clearInterval(timer);
    await Promise.allSettled(runners.map((runner) => runner.stop()));
    await publisher.disconnect().catch(() => undefined);
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
  await closeDatabase(db);
  logger.info('stopped');
  return 0;
}

await runCommand('consumer', main);
