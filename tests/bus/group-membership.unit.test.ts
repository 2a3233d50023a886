import {
  KafkaJSBrokerNotFound,
  KafkaJSConnectionError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  batchMembership,
  isGroupError,
  lostMembership,
  rejoinGroup,
} from '../../src/bus/group-membership.js';

// kafkajs' typings omit the message its errors take.
const brokerGone = () =>
  new (KafkaJSBrokerNotFound as unknown as new (message: string) => Error)(
    'Broker 2 not found in the cached metadata',
  );
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
    [
      "a commit's coordinator left the cluster's metadata",
      new KafkaJSNumberOfRetriesExceeded(brokerGone(), {
        retryCount: 5,
        retryTime: 1000,
      } as never),
    ],
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

describe('a batch committing its offsets', () => {
  const member = batchMembership({ heartbeat: async () => undefined });
  const never = () => new Promise<void>(() => undefined);

  it('commits when the coordinator answers', async () => {
    let sent = 0;
    await member.commit(async () => {
      sent++;
    }, 1_000);
    expect(sent).toBe(1);
  });

  it('rejoins when the commit does not answer within its deadline', async () => {
    const error = await member.commit(never, 20).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'NOT_COORDINATOR_FOR_GROUP', retriable: true });
    expect((error as Error).message).toBe(
      'lost the consumer group (no commit answer within 20 ms); rejoining',
    );
  });

  it('rejoins when the commit went to a coordinator that left the cluster', async () => {
    const gone = brokerGone();
    await expect(member.commit(() => Promise.reject(gone), 1_000)).rejects.toMatchObject({
      type: 'NOT_COORDINATOR_FOR_GROUP',
    });
  });

  it("passes on the group's own answer and any other failure as they are", async () => {
    const rebalance = protocolError('REBALANCE_IN_PROGRESS');
    await expect(member.commit(() => Promise.reject(rebalance), 1_000)).rejects.toBe(rebalance);
    const full = protocolError('NOT_ENOUGH_REPLICAS');
    await expect(member.commit(() => Promise.reject(full), 1_000)).rejects.toBe(full);
  });
});

describe("a handler's heartbeat", () => {
  it('ends the batch with a rejoin once the heartbeat finds the group lost', async () => {
    let fail = false;
    const member = batchMembership({
      heartbeat: async () => {
        if (fail) throw new KafkaJSConnectionError('connect ECONNREFUSED 127.0.0.1:19093');
      },
    });
    await member.assertMember();
    fail = true;
    await expect(member.assertMember()).rejects.toMatchObject({
      type: 'NOT_COORDINATOR_FOR_GROUP',
    });
    expect(member.lost()).toBeInstanceOf(KafkaJSConnectionError);
  });
});
