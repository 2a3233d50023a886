import pino from 'pino';
import pretty from 'pino-pretty';
import type { Settings } from '../config/settings.js';
import { createLogger, type Logger } from '../logging/logger.js';

/**
 * The logger of a command whose stdout is its result (a table, a JSON document, a report): log
 * lines go to stderr, so `--json` output stays one clean document, and at the default level
 * only warnings and errors are written (LOG_LEVEL=debug shows everything).
 */
export function stderrLogger(component: string, settings: Settings): Logger {
  const { level, format } = settings.log;
  return createLogger({
    component,
    level: level === 'info' ? 'warn' : level,
    format,
    destination:
      format === 'pretty'
        ? pretty({
            destination: 2,
            colorize: process.stderr.isTTY === true,
            translateTime: 'SYS:standard',
          })
        : pino.destination({ dest: 2, sync: true }),
  });
}
