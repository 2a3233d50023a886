import { Command } from 'commander';
import { requireDatabaseUrl } from '../config/require-database.js';
import { migrate } from '../db/migrate.js';
import { invalid } from '../errors.js';
import { integerOption, parseOptions } from './cli-options.js';
import { type CommandContext, runCommand } from './run-command.js';

async function main({ settings, logger, argv }: CommandContext): Promise<number> {
  const program = new Command('migrate')
    .description('apply (up) or revert (down) the database migrations')
    .argument('[direction]', 'up or down', 'up')
    .option(
      '--count <n>',
      'how many migrations (default: all pending for up, 1 for down)',
      integerOption(1, 1000),
    );
  if (!parseOptions(program, argv)) return 0;
  const [direction] = program.processedArgs as [string];
  if (direction !== 'up' && direction !== 'down') {
    invalid(`direction must be up or down (got "${direction}")`);
  }
  const { count } = program.opts<{ count?: number }>();
  const ran = await migrate({
    databaseUrl: requireDatabaseUrl(settings),
    direction,
    logger,
    ...(count === undefined ? {} : { count }),
  });
  logger.info(
    { direction, migrations: ran },
    ran.length === 0
      ? 'database already up to date'
      : `ran ${ran.length} migration(s) ${direction}`,
  );
  return 0;
}

await runCommand('migrate', main);
