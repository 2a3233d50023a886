import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';

export interface LogRange {
  /** Inclusive, epoch ms of the broker's message timestamp. */
  fromMs: number;
  /** Inclusive; undefined reads up to the end of the log as it is when reading starts. */
  toMs: number | undefined;
}

export interface RangeMessage {
  partition: number;
  message: KafkaMessage;
}

/**
 * Reads the messages of a topic whose timestamps fall in the range, in batches, with a
 * throwaway consumer group of its own (deleted afterwards), so the live groups' committed
 * offsets never move. The range is turned into offsets per partition first, so reading stops at
 * the end the log had when it began, whatever is appended meanwhile.
 */
export async function readLogRange(
  kafka: Kafka,
  topic: string,
  range: LogRange,
  groupPrefix: string,
  onBatch: (messages: RangeMessage[]) => Promise<void>,
): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `${groupPrefix}market-collector.replay.${randomUUID()}`;
  try {
    const starts = await admin.fetchTopicOffsetsByTimestamp(topic, range.fromMs);
    const ends =
      range.toMs === undefined
        ? await admin.fetchTopicOffsets(topic)
        : await admin.fetchTopicOffsetsByTimestamp(topic, range.toMs + 1);
    const endOf = new Map(ends.map((entry) => [entry.partition, BigInt(entry.offset)]));
    const startOf = new Map(starts.map((entry) => [entry.partition, BigInt(entry.offset)]));
    const pending = new Map(
      starts
        .map((entry) => [entry.partition, BigInt(entry.offset)] as const)
        .filter(([partition, start]) => start < (endOf.get(partition) ?? 0n)),
    );
    if (pending.size === 0) return 0;

    let read = 0;
    const consumer = kafka.consumer({
      groupId,
      maxWaitTimeInMs: 200,
      maxBytesPerPartition: 4 * 1024 * 1024,
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch, heartbeat }) => {
              const end = endOf.get(batch.partition) ?? 0n;
              const start = startOf.get(batch.partition) ?? 0n;
              if (!pending.has(batch.partition)) return;
              // Before the seek takes effect a fetch may start at the beginning: skip that part.
              const inRange = batch.messages.filter((message) => {
                const offset = BigInt(message.offset);
                return offset >= start && offset < end;
              });
              try {
                if (inRange.length > 0) {
                  await onBatch(
                    inRange.map((message) => ({ partition: batch.partition, message })),
                  );
                  read += inRange.length;
                }
                await heartbeat();
                const last = BigInt(batch.messages.at(-1)?.offset ?? '-1');
                if (last + 1n >= end) {
                  pending.delete(batch.partition);
                  if (pending.size === 0) resolve();
                }
              } catch (error) {
                reject(error);
                throw error;
              }
            },
          })
          .then(() => {
            for (const [partition, start] of pending) {
              consumer.seek({ topic, partition, offset: start.toString() });
            }
          }, reject);
      });
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return read;
  } finally {
    await admin.disconnect();
  }
}
