import kafkajs from 'kafkajs';
import { causeChain, errorMessage } from '../errors.js';

// kafkajs spreads its error classes into module.exports, which Node's ESM named imports miss.
const { KafkaJSProtocolError } = kafkajs;

/** Group errors after which this member must find the coordinator and join again. */
const REJOIN_TYPES = new Set([
  'NOT_COORDINATOR_FOR_GROUP',
  'COORDINATOR_NOT_AVAILABLE',
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
]);

/**
 * Errors of the coordinator's connection: the broker holding the group is gone (unreachable, or
 * already dropped from the cluster's metadata, as kafkajs' commits find it after a failover).
 */
const CONNECTION_ERRORS = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
]);

/** The group's own answer (unknown member, rebalance, moved coordinator) inside an error. */
function groupErrorIn(error: unknown): Error | undefined {
  for (const current of causeChain(error)) {
    const { type } = current as { type?: unknown };
    if (current instanceof Error && typeof type === 'string' && REJOIN_TYPES.has(type))
      return current;
  }
  return undefined;
}

/**
 * True when an error is the group's own answer, as a handler's heartbeat raises it: never a
 * fault of the events being handled.
 */
export function isGroupError(error: unknown): boolean {
  return groupErrorIn(error) !== undefined;
}

/**
 * True when a heartbeat or commit failed because this member lost its group: the coordinator's
 * broker died, moved, or the group is rebalancing. Such a member cannot commit, so retrying the
 * batch's work only keeps it busy against a group it is no longer in.
 */
export function lostMembership(error: unknown): boolean {
  return (
    isGroupError(error) ||
    [...causeChain(error)].some((current) =>
      CONNECTION_ERRORS.has((current as { name?: unknown }).name as string),
    )
  );
}

/**
 * The error to end a batch with once the membership is lost, one kafkajs answers by joining
 * again at once (any other error first goes through its retries and a consumer restart): the
 * group's own error as kafkajs raised it (UNKNOWN_MEMBER_ID makes it join as a new member,
 * a rebalance or a moved coordinator makes it look the coordinator up and rejoin), or, when the
 * coordinator's broker is unreachable, NOT_COORDINATOR_FOR_GROUP. The batch was not committed,
 * so it is delivered again to whichever member gets its partition.
 */
export function rejoinGroup(cause: unknown): Error & { type?: string; retriable?: boolean } {
  const groupError = groupErrorIn(cause);
  if (groupError !== undefined) return groupError;
  const protocolError = Object.assign(
    new Error(`lost the consumer group (${errorMessage(cause)}); rejoining`),
    { type: 'NOT_COORDINATOR_FOR_GROUP', code: 16, retriable: true },
  );
  return new KafkaJSProtocolError(protocolError);
}

/** A batch's view of its membership, from the heartbeats it sends while it works. */
export interface BatchMembership {
  /** Heartbeats; a failure that means the group is lost is remembered, never thrown. */
  heartbeat(): Promise<void>;
  /** Why the group is lost, while the last heartbeat said so. */
  lost(): unknown;
  /**
   * Heartbeats once more and throws `rejoinGroup` if the group is lost: the heartbeat a handler
   * sends between chunks, and the check before a commit, whose kafkajs retries would otherwise
   * spend seconds against a coordinator that is gone.
   */
  assertMember(): Promise<void>;
  /**
   * Commits, or throws `rejoinGroup` when the commit fails on a lost group or does not answer
   * within `deadlineMs`. kafkajs sends commits to the coordinator it knew when it last joined:
   * after the group moved without a rejoin (the new coordinator accepts the old generation's
   * heartbeats), every commit went to the dead broker until its retries ran out (~4 s) and the
   * consumer restarted. A rejoin finds the new coordinator at once; a commit still retrying in
   * the background is harmless (the batch is done), and one that fails means redelivery.
   */
  commit(send: () => Promise<void>, deadlineMs: number): Promise<void>;
}

export function batchMembership(payload: { heartbeat(): Promise<void> }): BatchMembership {
  let lost: unknown;
  const heartbeat = () =>
    payload.heartbeat().then(
      () => {
        lost = undefined;
      },
      (error: unknown) => {
        if (lostMembership(error)) lost = error;
      },
    );
  return {
    heartbeat,
    lost: () => lost,
    async assertMember() {
      await heartbeat();
      if (lost !== undefined) throw rejoinGroup(lost);
    },
    async commit(send, deadlineMs) {
      let timer: NodeJS.Timeout | undefined;
      const sent = send();
      const overdue = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(rejoinGroup(new Error(`no commit answer within ${deadlineMs} ms`))),
          deadlineMs,
        );
      });
      sent.catch(() => undefined);
      try {
        await Promise.race([sent, overdue]);
      } catch (error) {
        throw lostMembership(error) ? rejoinGroup(error) : error;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
