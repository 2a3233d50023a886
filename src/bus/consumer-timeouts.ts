/**
 * Consumer group timeouts of every stage, chosen so that a stage is consuming again within
 * 10 s of a broker coming back, instead of ~30 s.
 *
 * After a broker restart (or the loss of the group coordinator's broker) kafkajs restarts the
 * consumer, which joins as a new member; the coordinator then waits for the old member until its
 * session times out. That wait was the 30 s `sessionTimeout`. 6 s is the broker's smallest
 * allowed session (`group.min.session.timeout.ms`), heartbeats every second keep a live member
 * well inside it, and a rebalance waits at most 10 s for members to finish their batch (a batch
 * is at most ~4 MB, written in well under a second; handlers heartbeat while they wait out an
 * outage). A clean shutdown leaves the group at once (`consumer.disconnect()` sends LeaveGroup),
 * so a stopped stage costs no session wait at all.
 */
export const CONSUMER_GROUP_TIMEOUTS = {
  sessionTimeout: 6_000,
  heartbeatInterval: 1_000,
  rebalanceTimeout: 10_000,
} as const;

/**
 * kafkajs retry schedules. Both keep their attempts at most 1 s apart: during a failover a
 * client must find the new leader or group coordinator within a second of its election, where
 * kafkajs' doubling backoff left the 5th attempt ~5 s after the 4th (a stage paused 11 s for a
 * 5 s failover). `client`, every consumer, admin and lookup call: ~9 s in all; `publish`, the
 * producers riding out an election: ~35 s in all.
 */
export const KAFKA_RETRY_BUDGETS = {
  client: { initialRetryTime: 300, maxRetryTime: 1_000, retries: 10 },
  publish: { initialRetryTime: 300, maxRetryTime: 1_000, retries: 35 },
} as const;

/**
 * How old a consumer's cluster metadata may be before its next fetch refreshes it (kafkajs
 * default 5 min). kafkajs refreshes a consumer's metadata on "not leader" answers but not when
 * the leader's broker is unreachable: a consumer whose partition leader was killed kept fetching
 * from the dead broker after the partition had moved, until its retries ran out and it restarted
 * (~13 s paused for a 6 s failover). Refreshing at most once a second costs one small request.
 */
export const CONSUMER_METADATA_MAX_AGE_MS = 1_000;

/**
 * How long a batch waits for its offset commit before it rejoins the group (see
 * `BatchMembership.commit`). A commit is a single small request answered in milliseconds; one
 * that takes seconds is being retried against a coordinator that is gone.
 */
export const COMMIT_DEADLINE_MS = 2_000;
