import {
  KafkaJSConnectionError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isGroupError, lostMembership, rejoinGroup } from '../../src/bus/group-membership.js';

const protocolError = (type: string) =>
  new KafkaJSProtocolError(Object.assign(new Error(type), { type, code: 0 }));

describe('a member that lost its consumer group', () => {
  it.each([
    ['the coordinator refused the connection', new KafkaJSConnectionError('connect ECONNREFUSED')],
    [
      'retries against the coordinator ran out',
      new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection timeout'), {
        retryCount: 5,
        retryTime: 300,
      } as never),
    ],
    ['the broker is no longer the coordinator', protocolError('NOT_COORDINATOR_FOR_GROUP')],
    ['the group is rebalancing', protocolError('REBALANCE_IN_PROGRESS')],
    ['the coordinator forgot the member', protocolError('UNKNOWN_MEMBER_ID')],
  ])('is told apart when %s', (_, error) => {
    expect(lostMembership(error)).toBe(true);
  });

  it.each([
    ['a full partition', protocolError('NOT_ENOUGH_REPLICAS')],
    [
      'a database outage',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    ],
    ['nothing thrown', undefined],
  ])('is not confused with %s', (_, error) => {
    expect(lostMembership(error)).toBe(false);
  });

  it('ends the batch with the error kafkajs answers by looking up the coordinator and rejoining', () => {
    const error = rejoinGroup(new KafkaJSConnectionError('connect ECONNREFUSED 127.0.0.1:19093'));
    expect(error).toBeInstanceOf(KafkaJSProtocolError);
    expect(error.type).toBe('NOT_COORDINATOR_FOR_GROUP');
    expect(error.retriable).toBe(true);
    expect(error.message).toBe(
      'lost the consumer group (connect ECONNREFUSED 127.0.0.1:19093); rejoining',
    );
  });
});

describe('rejoining after a group error', () => {
  it.each(['UNKNOWN_MEMBER_ID', 'REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION'])(
    'ends the batch with kafkajs own %s, which it answers itself',
    (type) => {
      const error = protocolError(type);
      expect(rejoinGroup(error)).toBe(error);
    },
  );
});

describe('a group error raised by a handler', () => {
  it.each([
    ['the coordinator forgot the member', protocolError('UNKNOWN_MEMBER_ID'), true],
    ['a rebalance', protocolError('REBALANCE_IN_PROGRESS'), true],
    [
      'a broker connection refused (retried in place, not rejoined)',
      new KafkaJSConnectionError('connect ECONNREFUSED'),
      false,
    ],
    ['a full partition', protocolError('NOT_ENOUGH_REPLICAS'), false],
  ])('is told apart from the events’ fault: %s', (_, error, isGroup) => {
    expect(isGroupError(error)).toBe(isGroup);
  });
});
