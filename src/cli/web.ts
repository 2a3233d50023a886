import { closeDatabase, createDatabase } from '../db/database.js';
import { databaseFailure, openOperationsDatabase } from '../db/open-database.js';
import { invalid } from '../errors.js';
import { serveWeb } from '../web/serve-web.js';
import { type CommandContext, runCommand } from './run-command.js';
import { shutdownSignal } from './shutdown.js';

/**
 * `npm run web`: the read-only pages and JSON API on WEB_HOST:WEB_PORT (127.0.0.1:8080) over
 * DATABASE_URL (a read-only pool), or over the embedded PGlite of `npm run demo` when unset.
 * Runs until SIGINT/SIGTERM.
 */
async function main({ settings, logger, argv }: CommandContext): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log('usage: npm run web   (settings: WEB_HOST, WEB_PORT, WEB_TOKEN, DATABASE_URL)');
    return 0;
  }
  if (argv.length > 0)
    invalid(
      `npm run web takes no arguments (got ${argv.join(' ')}); set WEB_HOST/WEB_PORT instead`,
    );
  const until = shutdownSignal(logger);
  if (settings.databaseUrl !== undefined) {
    const db = createDatabase(settings.databaseUrl, {
      max: 4,
      applicationName: 'market-collector-web',
      readOnly: true,
    });
    try {
      await db
        .one('SELECT 1 FROM price_daily LIMIT 0 UNION ALL SELECT 1')
        .catch((error: unknown) => {
          throw databaseFailure(error);
        });
      await serveWeb({
        db,
        logger,
        web: settings.web,
        onListening: (url) => console.log(`web: serving ${url} (Ctrl-C stops)`),
        until,
      });
    } finally {
      await closeDatabase(db).catch(() => undefined);
    }
    return 0;
  }
  const database = await openOperationsDatabase(settings, logger).catch((error: unknown) => {
    throw databaseFailure(error);
  });
  try {
    console.log(`web: reading ${database.location}`);
    await serveWeb({
      db: database.db,
      logger,
      web: settings.web,
      onListening: (url) => console.log(`web: serving ${url} (Ctrl-C stops)`),
      until,
    });
  } finally {
    await database.close().catch(() => undefined);
  }
  return 0;
}

await runCommand('web', main);
