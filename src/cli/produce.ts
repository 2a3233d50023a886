import { randomUUID } from 'node:crypto';
import { brokerUnreachable, createKafka } from '../bus/kafka-client.js';
import { createKafkaPublisher } from '../bus/kafka-publisher.js';
import { createRegistryCodec } from '../bus/registry-codec.js';
import { createSchemaRegistry } from '../bus/schema-registry.js';
import { todayIn } from '../calendar/iso-date.js';
import { topicNames } from '../contracts/topics.js';
import { AppError, isAppError } from '../errors.js';
import { systemClock } from '../ports/clock.js';
import { createFetcher, PublishFailedError } from '../producers/fetcher.js';
import { planUnits } from '../producers/plan-units.js';
import { parseProduceArgs } from '../producers/produce-args.js';
import { createSources } from '../sources/create-sources.js';
import { createProgress } from './progress.js';
import { type CommandContext, runCommand } from './run-command.js';

/** The latest trading date anywhere in the catalog is Seoul's: it is the first to start a day. */
const LATEST_MARKET_ZONE = 'Asia/Seoul';

/**
 * `npm run produce -- --start --end ...`: plans the job's units, publishes JobStarted, then each
 * unit's raw event and UnitFetched or UnitFetchFailed. Exit 0 once the job is published (fetch
 * failures are the job's outcome), 2 for bad arguments, 1 when Kafka or the registry fails.
 */
async function main({ settings, logger, argv }: CommandContext): Promise<number> {
  const args = parseProduceArgs(argv, { today: todayIn(LATEST_MARKET_ZONE, new Date()) });
  if (settings.kafka.brokers === undefined) {
    throw new AppError(
      'CONFIG_INVALID',
      'KAFKA_BROKERS is not set; set it to the broker (e.g. localhost:9092 after npm run infra:up)',
    );
  }
  const topics = topicNames(settings.kafka.topicPrefix);
  const kafka = createKafka(settings, logger);
  const codec = createRegistryCodec(createSchemaRegistry(settings), topics);
  const publisher = createKafkaPublisher(kafka, codec, topics);
  try {
    await publisher.connect();
  } catch (error) {
    throw brokerUnreachable(settings, error);
  }
  try {
    await codec.prepare(['raw', 'jobs']);
    const units = planUnits({
      assets: args.assets,
      start: args.start,
      end: args.end,
      chunkDays: args.chunkDays,
      ...(args.source === undefined ? {} : { source: args.source }),
    });
    const jobId = randomUUID();
    logger.info(
      {
        jobId,
        jobName: args.jobName,
        assets: args.assets.length,
        units: units.length,
        mode: 'kafka',
      },
      `job ${jobId} started: ${args.assets.length} asset(s), ${units.length} unit(s), ${args.start}..${args.end}`,
    );
    const progress = createProgress(units.length, 'units', logger);
    const fetcher = createFetcher({
      sources: createSources(settings, logger, { csvPath: args.csvPath }),
      publisher,
      clock: systemClock,
      newId: randomUUID,
      logger,
      concurrency: args.concurrency,
      onUnitDone: (outcome) => progress.tick(outcome.unit.asset.id),
    });
    const summary = await fetcher
      .run({
        jobId,
        jobName: args.jobName,
        params: {
          start: args.start,
          end: args.end,
          assets: args.assets.map((asset) => asset.id),
          source: args.source ?? null,
          chunkDays: args.chunkDays,
        },
        units,
      })
      .finally(() => progress.stop());
    logger.info(
      summary,
      `job ${jobId} published: ${summary.assetsOk.length} asset(s) ok, ${summary.assetsFailed.length} failed${summary.assetsFailed.length > 0 ? ` (${summary.assetsFailed.join(', ')})` : ''}, ${summary.units} unit(s), ${summary.bars} bar(s) in ${(summary.elapsedMs / 1000).toFixed(1)} s`,
    );
    return 0;
  } catch (error) {
    if (error instanceof PublishFailedError) {
      logger.error(
        { unitsSent: error.unitsSent, unitsNotSent: error.unitsNotSent, err: error },
        'publishing stopped; the units not sent can be fetched again with the same command',
      );
    }
    if (isAppError(error)) throw error;
    throw brokerUnreachable(settings, error);
  } finally {
    await publisher.disconnect().catch(() => undefined);
  }
}

await runCommand('producer', main);
