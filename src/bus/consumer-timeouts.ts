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
