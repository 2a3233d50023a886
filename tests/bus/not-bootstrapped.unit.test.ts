import { createRequire } from 'node:module';
import { KafkaJSAggregateError, KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  isForbiddenStatus,
  kafkaAuthorizationFailure,
} from '../../src/bus/authorization-failure.js';
import { busNotBootstrapped } from '../../src/bus/not-bootstrapped.js';
import { AppError } from '../../src/errors.js';

// kafkajs' own table of broker error codes, so the errors below are the ones it throws.
const { createErrorFromCode } = createRequire(import.meta.url)('kafkajs/src/protocol/error.js') as {
  createErrorFromCode: (code: number) => ConstructorParameters<typeof KafkaJSProtocolError>[0];
};

// Exported at run time but missing from kafkajs' type declarations.
const { KafkaJSCreateTopicError: TopicError } = createRequire(import.meta.url)('kafkajs') as {
  KafkaJSCreateTopicError: new (e: unknown, topic: string) => Error;
};

describe('kafkaAuthorizationFailure', () => {
  it('finds a CreateTopics refusal inside the aggregate kafkajs throws', () => {
    const refused = new KafkaJSAggregateError('Topic creation errors', [
      new TopicError(createErrorFromCode(29), 'p.ohlcv.raw'),
      new TopicError(createErrorFromCode(29), 'p.ohlcv.raw.dlq'),
    ] as never);
    expect(kafkaAuthorizationFailure(refused)).toBe('TOPIC_AUTHORIZATION_FAILED');
  });

  it('finds a cluster-level refusal under the retrier wrapping it as a cause', () => {
    const cause = new KafkaJSProtocolError(createErrorFromCode(31));
    const wrapped = Object.assign(new Error('retries exceeded'), { cause });
    expect(kafkaAuthorizationFailure(wrapped)).toBe('CLUSTER_AUTHORIZATION_FAILED');
  });

  it('leaves every other failure alone', () => {
    expect(kafkaAuthorizationFailure(new KafkaJSProtocolError(createErrorFromCode(36)))).toBe(
      undefined,
    );
    expect(kafkaAuthorizationFailure(new Error('connect ECONNREFUSED'))).toBe(undefined);
    expect(kafkaAuthorizationFailure('TOPIC_AUTHORIZATION_FAILED')).toBe(undefined);
  });

  it('counts 401 and 403 as a registry refusal, not 404 or 409', () => {
    expect([401, 403, 404, 409, undefined].map(isForbiddenStatus)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('busNotBootstrapped', () => {
  it('is one line naming the missing topics, the refusal and npm run bootstrap; exit 2', () => {
    const error = busNotBootstrapped(
      { topics: ['p.ohlcv.raw', 'p.ohlcv.raw.dlq'] },
      'TOPIC_AUTHORIZATION_FAILED',
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('BUS_NOT_BOOTSTRAPPED');
    expect(error.exitCode).toBe(2);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      'missing topics p.ohlcv.raw, p.ohlcv.raw.dlq and creating them was refused (TOPIC_AUTHORIZATION_FAILED); run npm run bootstrap as a user allowed to create topics and register schemas, then start this command again',
    );
    expect(error.message).not.toContain('\n');
  });

  it('names topics and schemas together when both are missing', () => {
    const { message } = busNotBootstrapped(
      { topics: ['p.ingest.jobs'], subjects: ['p.ingest.jobs-value'] },
      'HTTP 403',
    );
    expect(message).toMatch(/^missing topics p\.ingest\.jobs and schemas p\.ingest\.jobs-value /);
  });
});
