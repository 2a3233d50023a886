import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { isRetryable } from '../../src/pipeline/retryable.js';

const { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSProtocolError } = kafkajs;
const protocolError = (type: string, retriable: boolean) =>
  new KafkaJSProtocolError(Object.assign(new Error(type), { type, code: 0, retriable }));

const refused = () => new KafkaJSConnectionError('connect ECONNREFUSED');
/** What an outer kafkajs retrier throws when an inner one gave up: the first failure as cause. */
const gaveUpOn = (failure: Error) =>
  Object.assign(new KafkaJSNonRetriableError(failure), { cause: failure });

describe('whether a failed batch is retried or its events dead-lettered', () => {
  it.each([
    ['a broker that refuses connections', refused()],
    ['a retriable broker answer', protocolError('NOT_ENOUGH_REPLICAS', true)],
    ['an outage kafkajs gave up on and wrapped as non-retriable', gaveUpOn(refused())],
    ['a database that is down', new AppError('DATABASE_UNREACHABLE', 'PostgreSQL is down')],
  ])('retries %s', (_, error) => {
    expect(isRetryable(error)).toBe(true);
  });

  it.each([
    ['an event that does not decode', new AppError('DECODE_FAILED', 'not Avro')],
    ['a message the broker refuses for its size', protocolError('MESSAGE_TOO_LARGE', false)],
    [
      'a refusal kafkajs wrapped as non-retriable',
      gaveUpOn(protocolError('MESSAGE_TOO_LARGE', false)),
    ],
    ['a bug', new TypeError('undefined is not a function')],
  ])('dead-letters %s', (_, error) => {
    expect(isRetryable(error)).toBe(false);
  });
});
