import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/settings.js';
import { refusalOf } from './refusal.js';

const configError = (env: Record<string, string>) =>
  refusalOf(() => loadSettings(env), 'the settings');

describe('loadSettings', () => {
  it('gives the documented defaults for an empty environment', () => {
    const settings = loadSettings({});
    expect(settings.databaseUrl).toBeUndefined();
    expect(settings.kafka.brokers).toBeUndefined();
    expect(settings.kafka.clientId).toBe('market-collector');
    expect(settings.log).toEqual({ level: 'info', format: 'json' });
    expect(settings.fetch).toEqual({
      timeoutMs: 10_000,
      maxRetries: 3,
      baseDelayMs: 1_000,
      maxResponseBytes: 32 * 1024 * 1024,
      unitDeadlineMs: 300_000,
    });
    expect(settings.alertWebhookUrl).toBeUndefined();
    expect(settings.sources.upbitBaseUrl).toBe('https://api.upbit.com');
    expect(settings.schemaRegistry.url).toBe('http://localhost:8081/apis/ccompat/v7');
  });

  it('parses given values and treats empty strings as unset', () => {
    const settings = loadSettings({
      KAFKA_BROKERS: 'localhost:9092, broker-2.internal:19092',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/market',
      FETCH_MAX_RETRIES: '5',
      ALERT_WEBHOOK_URL: '',
      NAVER_BASE_URL: 'http://127.0.0.1:4010/',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'svc',
      KAFKA_SASL_PASSWORD: 's3cret',
    });
    expect(settings.kafka.brokers).toEqual(['localhost:9092', 'broker-2.internal:19092']);
    expect(settings.fetch.maxRetries).toBe(5);
    expect(settings.alertWebhookUrl).toBeUndefined();
    expect(settings.sources.naverBaseUrl).toBe('http://127.0.0.1:4010');
    expect(settings.kafka.sasl).toEqual({
      mechanism: 'scram-sha-512',
      username: 'svc',
      password: 's3cret',
    });
  });

  it.each([
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of fatal, error, warn, info/],
    [
      'KAFKA_BROKERS',
      'localhost:notaport',
      /KAFKA_BROKERS must be a comma-separated list of host:port/,
    ],
    ['DATABASE_URL', 'nonsense', /DATABASE_URL must be a PostgreSQL URL/],
    ['LOG_FORMAT', 'xml', /LOG_FORMAT must be json or pretty/],
    ['FETCH_TIMEOUT_MS', '-5', /FETCH_TIMEOUT_MS must be an integer between 100 and 600000/],
    ['UPBIT_BASE_URL', 'api.upbit.com', /UPBIT_BASE_URL must be an http\(s\) URL/],
  ])('refuses %s=%s with a message naming the variable', (variable, value, expected) => {
    const error = configError({ [variable]: value });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(expected);
    expect(error.message).not.toContain('\n');
  });

  it('names every bad variable in one message', () => {
    const error = configError({ LOG_LEVEL: 'loud', FETCH_MAX_RETRIES: 'many', KAFKA_BROKERS: ':' });
    expect(error.message).toMatch(/LOG_LEVEL/);
    expect(error.message).toMatch(/FETCH_MAX_RETRIES/);
    expect(error.message).toMatch(/KAFKA_BROKERS/);
  });

  it('never echoes a secret value back', () => {
    const error = configError({
      DATABASE_URL: 'mysql://admin:hunter2@db/market',
      ALERT_WEBHOOK_URL: 'discord-token-abc',
    });
    expect(error.message).toMatch(/DATABASE_URL/);
    expect(error.message).toMatch(/ALERT_WEBHOOK_URL/);
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('discord-token-abc');
  });

  it('refuses user:password@ in any URL setting without echoing the value', () => {
    for (const variable of ['YAHOO_BASE_URL', 'SCHEMA_REGISTRY_URL', 'ALERT_WEBHOOK_URL']) {
      const attempt = () => loadSettings({ [variable]: 'https://user:SeCrEt123@example.com/x' });
      expect(attempt).toThrow(new RegExp(`${variable} must be a URL without user:password@`));
      expect(messageOf(attempt)).not.toContain('SeCrEt123');
    }
    expect(messageOf(() => loadSettings({ SCHEMA_REGISTRY_URL: 'http://u:SeCrEt123@' }))).toMatch(
      /^invalid configuration: SCHEMA_REGISTRY_URL must be an http\(s\) URL such as [^@]*$/,
    );
    expect(
      messageOf(() => loadSettings({ SCHEMA_REGISTRY_URL: 'http://u:SeCrEt123@localhost:8081' })),
    ).toMatch(/put credentials in SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD/);
  });

  it('requires credentials with a SASL mechanism', () => {
    const error = configError({ KAFKA_SASL_MECHANISM: 'plain' });
    expect(error.message).toMatch(/KAFKA_SASL_USERNAME must be required when KAFKA_SASL_MECHANISM/);
    expect(error.message).toMatch(/KAFKA_SASL_PASSWORD/);
  });
});

function messageOf(attempt: () => unknown): string {
  try {
    attempt();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a throw');
}
