import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { createAlerter } from '../alerts/create-alerter.js';
import { brokerUnreachable, createKafka } from '../bus/kafka-client.js';
import { createKafkaPublisher } from '../bus/kafka-publisher.js';
import { createStageRunner, type StageRunner } from '../bus/kafka-stage-runner.js';
import { createRegistryCodec } from '../bus/registry-codec.js';
import { createSchemaRegistry } from '../bus/schema-registry.js';
import { consumerGroupId } from '../consumers/consumer-groups.js';
import { createSink } from '../consumers/sink.js';
import { createTracker } from '../consumers/tracker.js';
import { createValidator } from '../consumers/validator.js';
import { fromIngestJobEvent } from '../contracts/events.js';
import { topicNames } from '../contracts/topics.js';
import { closeDatabase, createDatabase } from '../db/database.js';
import { latestCloseBefore } from '../db/latest-close.js';
import { isAppError } from '../errors.js';
import { systemClock } from '../ports/clock.js';
import { invalid, parseOptions } from './cli-options.js';
import { requireDatabaseUrl } from './require-database.js';
import { type CommandContext, runCommand } from './run-command.js';
import { shutdownSignal } from './shutdown.js';

const STAGES = ['validator', 'sink', 'tracker'] as const;
type Stage = (typeof STAGES)[number];

/**
 * `npm run consume -- <validator|sink|tracker|all>`: always-on consumers in their consumer groups, until
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

  for (const stage of stages) {
    const stageLogger = logger.child({ component: stage });
    if (stage === 'validator') {
      const validator = createValidator({
        publisher,
        clock: systemClock,
        newId: randomUUID,
        latestCloseBefore: (assetId, source, date) => latestCloseBefore(db, assetId, source, date),
        spikeThreshold: settings.validation.spikeThreshold,
        logger: stageLogger,
      });
      runners.push(
        createStageRunner({
          kafka,
          codec,
          topics,
          logger: stageLogger,
          groupId: consumerGroupId(settings.kafka.topicPrefix, 'validator'),
          input: 'raw',
          partitionsConsumedConcurrently: 2,
          handle: async (events) => {
            await validator.handle(events.map((event) => event.value));
          },
        }),
      );
    }
    if (stage === 'sink') {
      const sink = createSink({
        db,
        publisher,
        clock: systemClock,
        newId: randomUUID,
        logger: stageLogger,
        chunkRows: settings.sink.chunkRows,
      });
      runners.push(
        createStageRunner({
          kafka,
          codec,
          topics,
          logger: stageLogger,
          groupId: consumerGroupId(settings.kafka.topicPrefix, 'sink'),
          input: 'validated',
          handle: async (events, context) => {
            await sink.handle(
              events.map((event) => event.value),
              context.heartbeat,
            );
          },
        }),
      );
    }
    if (stage === 'tracker') {
      const tracker = createTracker({
        db,
        alerter: createAlerter(settings, stageLogger),
        clock: systemClock,
        logger: stageLogger,
        stallAfterMs: settings.tracker.stallAfterMs,
      });
      runners.push(
        createStageRunner({
          kafka,
          codec,
          topics,
          logger: stageLogger,
          groupId: consumerGroupId(settings.kafka.topicPrefix, 'tracker'),
          input: 'jobs',
          handle: async (events) => {
            await tracker.handle(events.map((event) => fromIngestJobEvent(event.value)));
          },
        }),
      );
      const every = Math.min(60_000, Math.max(1_000, settings.tracker.stallAfterMs / 4));
      timers.push(
        setInterval(() => {
          tracker
            .checkStalled()
            .catch((error: unknown) => stageLogger.warn({ err: error }, 'stall check failed'));
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
