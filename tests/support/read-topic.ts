import type { Kafka, KafkaMessage } from 'kafkajs';
import { uniqueName } from './integration.js';

/**
 * Reads a topic from the beginning with a throwaway consumer group until `done` says the
 * messages suffice, or fails after `timeoutMs` saying how many arrived.
 */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  done: (messages: KafkaMessage[]) => boolean,
  timeoutMs = 30_000,
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 200 });
  await consumer.connect();
  const messages: KafkaMessage[] = [];
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `read ${messages.length} message(s) of ${topic} in ${timeoutMs} ms; expected more`,
            ),
          ),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          messages.push(message);
          if (done(messages)) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    return messages;
  } finally {
    await consumer.disconnect();
  }
}
