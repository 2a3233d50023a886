import type { Admin } from 'kafkajs';

export interface PartitionLag {
  group: string;
  topic: string;
  partition: number;
  /** High watermark minus the committed offset; the whole partition when nothing is committed. */
  lag: number;
}

/**
 * The lag of a consumer group on a topic, from the admin API: for each partition, the high
 * watermark (next offset to be written) minus the group's committed offset (next to be read).
 * A partition the group never committed counts from its low watermark (the group starts from
 * the beginning), so a new group's backlog shows before its first commit.
 */
export async function readConsumerLag(
  admin: Admin,
  group: string,
  topic: string,
): Promise<PartitionLag[]> {
  const [watermarks, committed] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId: group, topics: [topic] }),
  ]);
  const committedOf = new Map(
    (committed.find((entry) => entry.topic === topic)?.partitions ?? []).map(
      (entry) => [entry.partition, BigInt(entry.offset)] as const,
    ),
  );
  return watermarks
    .map(({ partition, high, low }) => {
      const done = committedOf.get(partition) ?? -1n;
      const from = done < 0n ? BigInt(low) : done;
      const lag = BigInt(high) - from;
      return { group, topic, partition, lag: Number(lag < 0n ? 0n : lag) };
    })
    .sort((a, b) => a.partition - b.partition);
}
