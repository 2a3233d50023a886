import { bootstrapBus } from '../bus/bootstrap.js';
import { type CommandContext, runCommand } from './run-command.js';

/** `npm run bootstrap`: topics and schemas, idempotent. */
async function main({ settings, logger }: CommandContext): Promise<number> {
  const { createdTopics, schemaIds } = await bootstrapBus(settings, logger);
  logger.info(
    { createdTopics, schemaIds },
    createdTopics.length === 0
      ? 'topics already present; schemas registered'
      : `created ${createdTopics.length} topic(s); schemas registered`,
  );
  return 0;
}

await runCommand('bootstrap', main);
