import { randomUUID } from 'node:crypto';
import { Command, Option } from 'commander';
import { ensureClusterReady } from '../bus/ensure-cluster-ready.js';
import { brokerUnreachable } from '../bus/kafka-client.js';
import { readCatalog } from '../catalog/read-catalog.js';
import { closeDatabase } from '../db/database.js';
import { databaseFailure } from '../db/open-database.js';
import { AppError, invalid, isAppError } from '../errors.js';
import { createStages } from '../pipeline/create-stages.js';
import { systemClock } from '../ports/clock.js';
import type { Publisher } from '../ports/publisher.js';
import { type ReplayStage, replay } from '../replay/replay.js';
import { instantOption, parseOptions, selectAssets } from './cli-options.js';
import { kafkaWiring } from './kafka-wiring.js';
import { createProgress } from './progress.js';
import { type CommandContext, runCommand } from './run-command.js';

/**
 * `npm run replay -- --from <time> [--to <time>] [--stage validator|sink|all] [--assets ids]`:
 * re-runs stages over a time range of the log, recorded as its own job_run named `replay`.
 */
async function main({ settings, logger, argv }: CommandContext): Promise<number> {
  const program = new Command('replay')
    .requiredOption(
      '--from <time>',
      'first message time, YYYY-MM-DD or ISO time (by message timestamp)',
    )
    .option('--to <time>', 'last message time (default: the end of the log now)')
    .addOption(
      new Option('--stage <stage>', 'what to re-run')
        .choices(['validator', 'sink', 'all'])
        .default('all'),
    )
    .option('--assets <ids>', 'comma-separated asset ids (default: all)');
  if (!parseOptions(program, argv)) return 0;
  const opts = program.opts<{ from: string; to?: string; stage: ReplayStage; assets?: string }>();
  const fromMs = instantOption('--from', opts.from).getTime();
  const toMs = opts.to === undefined ? undefined : instantOption('--to', opts.to).getTime();
  if (toMs !== undefined && toMs < fromMs) invalid(`--to ${opts.to} is before --from ${opts.from}`);
  if (settings.kafka.brokers === undefined) {
    throw new AppError(
      'CONFIG_INVALID',
      'replay reads the Kafka log: set KAFKA_BROKERS (e.g. localhost:9092)',
    );
  }

  const { topics, kafka, codec, publisher, db } = kafkaWiring(settings, logger, 'replay');
  let assets: string[] | undefined;
  try {
    // The asset table is the catalog: ids are checked against it, not a file.
    assets =
      opts.assets === undefined
        ? undefined
        : selectAssets(opts.assets, await readCatalog(db, settings.catalogFile)).map(
            (asset) => asset.id,
          );
  } catch (error) {
    await closeDatabase(db);
    throw isAppError(error) ? error : databaseFailure(error);
  }
  try {
    await ensureClusterReady(settings, logger);
    await publisher.connect();
  } catch (error) {
    await closeDatabase(db);
    throw isAppError(error) ? error : brokerUnreachable(settings, error);
  }
  try {
    await codec.prepare(['validated', 'flagged', 'jobs']);
    const stagesOver = (output: Publisher) =>
      createStages({ settings, db, publisher: output, clock: systemClock, logger });
    const live = stagesOver(publisher);
    // With --stage all the sink runs here: the validated units go to it, not to the topic.
    const withoutValidated: Publisher = {
      publish: (topic, records) =>
        topic === 'validated' ? Promise.resolve() : publisher.publish(topic, records),
    };
    const jobId = randomUUID();
    const params = {
      from: new Date(fromMs).toISOString(),
      to: toMs === undefined ? null : new Date(toMs).toISOString(),
      stage: opts.stage,
      assets: assets ?? null,
    };
    logger.info(
      { jobId, ...params },
      `replay ${jobId} started: stage ${opts.stage} over ${params.from}..${params.to ?? 'now'}`,
    );
    let progress: ReturnType<typeof createProgress> | undefined;
    let shown = 0;
    const summary = await replay(
      {
        jobId,
        range: { fromMs, toMs },
        stage: opts.stage,
        assets: assets === undefined ? undefined : new Set(assets),
        params,
      },
      {
        kafka,
        codec,
        topics,
        groupPrefix: settings.kafka.topicPrefix,
        publisher,
        validator: live.validator,
        validatorForAll: stagesOver(withoutValidated).validator,
        sink: live.sink,
        clock: systemClock,
        newId: randomUUID,
        logger,
        onProgress: (done, total) => {
          progress ??= createProgress(total, 'replayed units', logger);
          for (; shown < done; shown++) progress.tick();
        },
      },
    );
    progress?.stop();
    logger.info(
      summary,
      `replay ${jobId} done: ${summary.units} unit(s) from ${summary.messages} message(s); recorded as job_run 'replay' by the tracker`,
    );
    return 0;
  } catch (error) {
    throw isAppError(error) ? error : brokerUnreachable(settings, error);
  } finally {
    await publisher.disconnect().catch(() => undefined);
    await closeDatabase(db);
  }
}

await runCommand('replay', main);
