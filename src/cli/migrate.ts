import { Command, InvalidArgumentError } from 'commander';
import { migrate } from '../db/migrate.js';
import { requireDatabaseUrl } from './require-database.js';
import { type CommandContext, invalidArgument, runCommand } from './run-command.js';

function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) {
    throw new InvalidArgumentError('must be a positive integer');
  }
  return count;
}

async function main({ settings, logger, argv }: CommandContext): Promise<number> {
  const program = new Command('migrate')
    .description('apply (up) or revert (down) the database migrations')
    .argument('[direction]', 'up or down', 'up')
    .option(
      '--count <n>',
      'how many migrations (default: all pending for up, 1 for down)',
      parseCount,
    )
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    invalidArgument(
      `${(error as Error).message.replace(/^error: /, '')}; see npm run migrate -- --help`,
    );
  }
  const [direction] = program.processedArgs as [string];
  if (direction !== 'up' && direction !== 'down') {
    invalidArgument(`direction must be up or down (got "${direction}")`);
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
