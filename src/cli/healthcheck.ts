import { createAlerter } from '../alerts/create-alerter.js';
import { openCatalog } from '../catalog/open-catalog.js';
import { databaseFailure } from '../db/open-database.js';
import { checkFreshness } from '../healthcheck/freshness.js';
import { freshnessDocument, freshnessTable, staleAlert } from '../healthcheck/freshness-output.js';
import { stderrLogger } from '../terminal/stderr-logger.js';
import { writeStdout } from '../terminal/stdout.js';
import { parseHealthcheckArgs } from './healthcheck-options.js';
import { type CommandContext, runCommand } from './run-command.js';

/**
 * `npm run healthcheck [-- --json] [--source name]`: for every active asset of the catalog (the asset
 * table, CATALOG_FILE imported into it), the latest stored date against the latest session its calendar says it
 * should have (the trading day before today in the market's zone). Prints a table (or one JSON document); with
 * ALERT_WEBHOOK_URL set, sends one alert naming the stale assets. Exit 0 when all are fresh, 1
 * when any is stale (or the database cannot be read), 2 for bad arguments.
 */
async function main({ settings, argv }: CommandContext): Promise<number> {
  const args = parseHealthcheckArgs(argv, () => new Date());
  if (args === undefined) return 0;
  const logger = stderrLogger('healthcheck', settings);
  const { database, catalog } = await openCatalog(settings, logger);
  try {
    const rows = await checkFreshness({
      db: database.db,
      catalog,
      now: args.now,
      ...(args.source === undefined ? {} : { source: args.source }),
    }).catch((error: unknown) => {
      throw databaseFailure(error);
    });
    const stale = rows.filter((row) => row.status === 'STALE');
    const alert = staleAlert(rows, args.now);
    const alerted = alert === undefined ? false : await createAlerter(settings, logger).send(alert);
    const summary =
      stale.length === 0
        ? `all ${rows.length} assets fresh as of ${args.now.toISOString()}`
        : `${stale.length} of ${rows.length} assets STALE as of ${args.now.toISOString()}: ${stale.map((row) => row.assetId).join(', ')}${alerted ? ' (alert sent)' : ''}`;
    await writeStdout(
      args.json
        ? JSON.stringify(freshnessDocument(rows, args), null, 2)
        : `${freshnessTable(rows)}\n\n${summary}`,
    );
    logger.debug({ rows, database: database.location }, 'freshness checked');
    return stale.length === 0 ? 0 : 1;
  } finally {
    await database.close().catch(() => undefined);
  }
}

await runCommand('healthcheck', main);
