import { config as loadDotenv } from 'dotenv';
import { loadSettings, type Settings } from '../config/settings.js';
import { errorMessage, isAppError } from '../errors.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { redactCredentials } from '../logging/redact-credentials.js';

export interface CommandContext {
  settings: Settings;
  logger: Logger;
  argv: string[];
}

/** A command returns its exit code; thrown errors become one line on stderr and a code. */
export type Command = (context: CommandContext) => Promise<number>;

/**
 * The one place a CLI turns failures into output and exit codes: a person sees one line saying
 * what was wrong and how to fix it; the stack trace only at debug level.
 */
export async function runCommand(component: string, command: Command): Promise<never> {
  let logger: Logger | undefined;
  let code: number;
  try {
    loadDotenv({ quiet: true });
    const settings = loadSettings(process.env);
    logger = createLogger({ component, ...settings.log });
    code = await command({ settings, logger, argv: process.argv.slice(2) });
  } catch (error) {
    code = isAppError(error) ? error.exitCode : 1;
    const prefix = isAppError(error) ? '' : 'unexpected failure: ';
    console.error(redactCredentials(`${component}: ${prefix}${errorMessage(error)}`));
    logger?.debug({ err: error }, 'command failed');
  }
  logger?.flush();
  process.exit(code);
}
