import type { Settings } from '../../src/config/settings.js';

/**
 * What a CLI child needs to work on a test's own bus and database: the brokers, registry and
 * topic prefix of `settings`, and `databaseUrl`. Logging at info whatever a developer's .env
 * says, since the tests wait on and read the children's log lines.
 */
export function cliEnv({
  settings,
  databaseUrl,
}: {
  settings: Settings;
  databaseUrl: string;
}): Record<string, string> {
  return {
    KAFKA_BROKERS: settings.kafka.brokers?.join(',') ?? '',
    SCHEMA_REGISTRY_URL: settings.schemaRegistry.url,
    KAFKA_TOPIC_PREFIX: settings.kafka.topicPrefix,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'info',
  };
}

/** Naver, Yahoo and Upbit all pointed at one local server standing in for them. */
export function sourcesAt(baseUrl: string): Record<string, string> {
  return { NAVER_BASE_URL: baseUrl, YAHOO_BASE_URL: baseUrl, UPBIT_BASE_URL: baseUrl };
}
