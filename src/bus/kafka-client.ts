import { readFileSync } from 'node:fs';
import { Kafka, type KafkaConfig, logLevel as KafkaLogLevel, type SASLOptions } from 'kafkajs';
import type { Settings } from '../config/settings.js';
import { AppError, errorMessage } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import { KAFKA_RETRY_BUDGETS } from './consumer-timeouts.js';

const PINO_LEVEL: Record<KafkaLogLevel, 'error' | 'warn' | 'info' | 'debug'> = {
  [KafkaLogLevel.NOTHING]: 'debug',
  [KafkaLogLevel.ERROR]: 'error',
  [KafkaLogLevel.WARN]: 'warn',
  [KafkaLogLevel.INFO]: 'info',
  [KafkaLogLevel.DEBUG]: 'debug',
};

/** kafkajs logs through the process's pino logger, one level down so its chatter stays quiet. */
function kafkaLogCreator(logger: Logger): KafkaConfig['logCreator'] {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      const pinoLevel = PINO_LEVEL[level];
      kafkaLogger[pinoLevel === 'info' ? 'debug' : pinoLevel](extra, message);
    };
}

function saslOptions(settings: Settings['kafka']): SASLOptions | undefined {
  const sasl = settings.sasl;
  if (sasl === undefined) return undefined;
  return {
    mechanism: sasl.mechanism,
    username: sasl.username,
    password: sasl.password,
  } as SASLOptions;
}

/** The kafkajs client for the configured cluster; requires KAFKA_BROKERS. */
export function createKafka(settings: Settings, logger: Logger): Kafka {
  const { kafka } = settings;
  if (kafka.brokers === undefined) {
    throw new AppError(
      'CONFIG_INVALID',
      'KAFKA_BROKERS is not set; set it to host:port of a broker, e.g. localhost:9092 (see .env.example)',
    );
  }
  const ssl =
    kafka.sslCaFile === undefined
      ? kafka.ssl
      : { rejectUnauthorized: true, ca: [readFileSync(kafka.sslCaFile, 'utf8')] };
  const sasl = saslOptions(kafka);
  return new Kafka({
    clientId: kafka.clientId,
    brokers: kafka.brokers,
    ssl,
    ...(sasl === undefined ? {} : { sasl }),
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: KAFKA_RETRY_BUDGETS.client,
    logLevel: KafkaLogLevel.WARN,
    logCreator: kafkaLogCreator(logger),
  });
}

/** Turns a failure to reach the cluster into the one-line error a CLI reports. */
export function brokerUnreachable(settings: Settings, error: unknown): AppError {
  const brokers = settings.kafka.brokers?.join(',') ?? '(none)';
  return new AppError(
    'BROKER_UNREACHABLE',
    `cannot reach Kafka at ${brokers} (${errorMessage(error)}); start it (npm run infra:up) or fix KAFKA_BROKERS`,
    { cause: error },
  );
}
