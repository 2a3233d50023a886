import type { Consumer } from 'kafkajs';

export interface GroupMembership {
  /** Undefined while the consumer is a member of its group; otherwise what it is doing. */
  problem(): string | undefined;
}

/**
 * Follows a kafkajs consumer's instrumentation events: ready from GROUP_JOIN until the next
 * REBALANCING, CRASH, STOP or DISCONNECT. `onChange` gets 1 or 0 for the stage_up gauge.
 */
export function followGroupMembership(
  consumer: Consumer,
  onChange: (up: 0 | 1) => void = () => {},
): GroupMembership {
  let problem: string | undefined = 'not joined its consumer group yet';
  const set = (next: string | undefined) => {
    problem = next;
    onChange(next === undefined ? 1 : 0);
  };
  const { GROUP_JOIN, REBALANCING, CRASH, STOP, DISCONNECT } = consumer.events;
  consumer.on(GROUP_JOIN, () => set(undefined));
  consumer.on(REBALANCING, () => set('rebalancing'));
  consumer.on(CRASH, (event) =>
    set(`consumer crashed (${event.payload.error.message}); restarting: ${event.payload.restart}`),
  );
  consumer.on(STOP, () => set('stopped'));
  consumer.on(DISCONNECT, () => set('disconnected from the broker'));
  onChange(0);
  return { problem: () => problem };
}
