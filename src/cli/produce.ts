import { randomUUID } from 'node:crypto';
import { brokerUnreachable } from '../bus/kafka-client.js';
import { todayIn } from '../calendar/iso-date.js';
import { isAppError } from '../errors.js';
import { systemClock } from '../ports/clock.js';
import { openKafkaTransport } from '../producers/job-transport.js';
import { createFetcher, PublishFailedError } from '../stages/fetch/fetcher.js';
import { planUnits } from '../stages/fetch/plan-units.js';
import { createSources } from '../stages/fetch/sources/create-sources.js';
import { type ProduceArgs, parseProduceArgs } from './produce-options.js';
import { createProgress } from './progress.js';
import { type CommandContext, runCommand } from './run-command.js';

/** The most unit ids a log line lists (a job has at most MAX_UNITS_PER_JOB units). */
const LOGGED_UNIT_IDS = 1000;

/** The latest trading date anywhere in the catalog is Seoul's: it is the first to start a day. */
const LATEST_MARKET_ZONE = 'Asia/Seoul';

/**
 * `npm run produce -- --start --end ...`: plans the job's units, publishes JobStarted, then each
 * unit's raw event and UnitFetched or UnitFetchFailed. Without KAFKA_BROKERS every stage runs in
 * this process and the command returns once the job has its final status. Exit 0 once the job
 * is published (fetch failures are the job's outcome), 2 for bad arguments, 1 when Kafka, the
 * registry or the database fails.
 */
async function main({ settings, logger, argv }: CommandContext): Promise<number> {
  const today = todayIn(LATEST_MARKET_ZONE, new Date());
  // Bad dates or options stop the command before anything is opened; undefined: --help shown.
  if (parseProduceArgs(argv, { today, catalog: 'later' }) === undefined) return 0;
  const embedded = settings.kafka.brokers === undefined;
  logger.info(
    { mode: embedded ? 'embedded' : 'kafka' },
    embedded
      ? 'embedded mode (KAFKA_BROKERS is not set): every stage runs in this process'
      : `kafka mode: publishing to ${settings.kafka.brokers?.join(',')}`,
  );
  // Each mode loads only its own side: start-up time is most of a daily job's wall time.
  const transport = embedded
    ? await (await import('../embedded/embedded-transport.js')).openEmbeddedTransport(
        settings,
        logger,
      )
    : await openKafkaTransport(settings, logger);
  try {
    const args = parseProduceArgs(argv, {
      today,
      catalog: await transport.readCatalog(),
    }) as ProduceArgs;
    const units = planUnits({
      assets: args.assets,
      start: args.start,
      end: args.end,
      chunkDays: args.chunkDays,
      ...(args.source === undefined ? {} : { source: args.source }),
    });
    const jobId = randomUUID();
    logger.info(
      { jobId, jobName: args.jobName, assets: args.assets.length, units: units.length },
      `job ${jobId} started: ${args.assets.length} asset(s), ${units.length} unit(s), ${args.start}..${args.end}`,
    );
    const progress = createProgress(units.length, 'units', logger);
    const fetcher = createFetcher({
      sources: createSources(settings, logger, {
        csvPath: args.csvPath,
        csvWindow: { start: args.start, end: args.end },
      }),
      publisher: transport.publisher,
      clock: systemClock,
      newId: randomUUID,
      logger,
      concurrency: args.concurrency,
      unitDeadlineMs: settings.fetch.unitDeadlineMs,
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
    const outcome = await transport.finish(jobId);
    if (outcome !== undefined) {
      logger.info(
        { jobId, ...outcome },
        `job ${jobId} ${outcome.status}: ${outcome.rowsWritten} row(s) written to price_daily, ${outcome.barsRejected} bar(s) rejected, ${outcome.unitsFailed} unit(s) failed (${transport.describe()})`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof PublishFailedError) {
      // The ids, for re-running exactly what was not sent, but never an unbounded list: past
      // LOGGED_UNIT_IDS a list is cut (the counts stay whole) so the line stays readable.
      const { unitsSent, unitsNotSent } = error;
      logger.error(
        {
          unitsSentCount: unitsSent.length,
          unitsNotSentCount: unitsNotSent.length,
          unitsSent: unitsSent.slice(0, LOGGED_UNIT_IDS),
          unitsNotSent: unitsNotSent.slice(0, LOGGED_UNIT_IDS),
          listsCut: Math.max(unitsSent.length, unitsNotSent.length) > LOGGED_UNIT_IDS,
          err: error,
        },
        'publishing stopped; the units not sent can be fetched again with the same command',
      );
    }
    if (isAppError(error) || transport.mode === 'embedded') throw error;
    throw brokerUnreachable(settings, error);
  } finally {
    await transport.close().catch(() => undefined);
  }
}

await runCommand('producer', main);
