import { describe, expect, it } from 'vitest';
import { isConnectionError } from '../../src/connection-errors.js';
import { AppError } from '../../src/errors.js';
import { isRetryable } from '../../src/pipeline/retryable.js';

describe('isConnectionError', () => {
  it.each([
    [
      'a refused socket',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    [
      'a server shutting down (57P01)',
      Object.assign(new Error('terminating connection'), { code: '57P01' }),
    ],
    [
      'a connection exception class 08',
      Object.assign(new Error('connection failure'), { code: '08006' }),
    ],
    ['a dropped socket mid-query', new Error('Connection terminated unexpectedly')],
    [
      'a ROLLBACK on a dead client',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    [
      'the cause of a wrapper',
      new Error('batch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }),
    ],
  ])('recognizes %s', (_name, error) => {
    expect(isConnectionError(error)).toBe(true);
    expect(isRetryable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a syntax error', Object.assign(new Error('syntax error'), { code: '42601' })],
    ['a plain bug', new TypeError('x is undefined')],
  ])('does not take %s for an outage', (_name, error) => {
    expect(isConnectionError(error)).toBe(false);
    expect(isRetryable(error)).toBe(false);
  });

  it('an AppError carries its own retryable flag', () => {
    expect(isRetryable(new AppError('CONTRACT_VIOLATION', 'bad'))).toBe(false);
    expect(isRetryable(new AppError('REGISTRY_UNREACHABLE', 'down'))).toBe(true);
  });
});
