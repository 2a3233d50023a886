import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Settings } from '../config/settings.js';
import { redactCredentials } from './redact-credentials.js';

export type { Logger } from 'pino';

/** Paths that may carry secrets; pino replaces their values before a line is written. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  '*.*.password',
  '*.*.*.password',
  'sasl',
  '*.sasl',
  '*.*.sasl',
  'webhookUrl',
  '*.webhookUrl',
  'alertWebhookUrl',
  '*.alertWebhookUrl',
  'databaseUrl',
  '*.databaseUrl',
  'connectionString',
  '*.connectionString',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
];

export interface LoggerOptions {
  /** The process's component, written as the logger `name` on every line. */
  component: string;
  level: Settings['log']['level'];
  format: Settings['log']['format'];
  /** Where lines go; stdout unless a test captures them. */
  destination?: DestinationStream;
}

/**
 * The root logger of a process. Every line carries time, name (the component), level and msg;
 * errors go under `err`. Stages take `logger.child({ component })` for their own name.
 */
export function createLogger(options: LoggerOptions): Logger {
  const destination =
    options.destination ??
    (options.format === 'pretty'
      ? pretty({ colorize: process.stdout.isTTY === true, translateTime: 'SYS:standard' })
      : pino.destination({ dest: 1, sync: false }));
  return pino(
    {
      name: options.component,
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
      // Paths cannot reach a URL quoted inside a message or an error's cause chain; every
      // written line loses its URLs' user:password@ whatever field holds them.
      hooks: { streamWrite: redactCredentials },
    },
    destination,
  );
}
