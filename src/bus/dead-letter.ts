import type { IHeaders, KafkaMessage } from 'kafkajs';
import { isAppError } from '../errors.js';
import type { SendingProducer } from './idempotent-producer.js';

export interface DeadLetter {
  topic: string;
  partition: number;
  message: KafkaMessage;
  error: unknown;
}

/**
 * Sends messages a consumer cannot use to `<topic>.dlq`, byte for byte, with why and where
 * from in headers:
 *
 *   dlq.error            the error message
 *   dlq.error.code       DECODE_FAILED, CONTRACT_VIOLATION, ... (or UNEXPECTED)
 *   dlq.origin.topic     the topic it was read from
 *   dlq.origin.partition the partition
 *   dlq.origin.offset    the offset
 *   dlq.origin.timestamp the original message timestamp
 *   dlq.failed.at        when it was dead-lettered (ISO 8601)
 *
 * The original headers are kept. Resolves once the DLQ has acknowledged (acks from all ISRs).
 */
export async function sendToDeadLetter(
  producer: Pick<SendingProducer, 'send'>,
  dlqTopic: string,
  letters: DeadLetter[],
  now: () => number,
): Promise<void> {
  if (letters.length === 0) return;
  await producer.send({
    topic: dlqTopic,
    messages: letters.map(({ topic, partition, message, error }) => {
      const headers: IHeaders = {
        ...message.headers,
        'dlq.error': error instanceof Error ? error.message : String(error),
        'dlq.error.code': isAppError(error) ? error.code : 'UNEXPECTED',
        'dlq.origin.topic': topic,
        'dlq.origin.partition': String(partition),
        'dlq.origin.offset': message.offset,
        'dlq.origin.timestamp': message.timestamp,
        'dlq.failed.at': new Date(now()).toISOString(),
      };
      return { key: message.key, value: message.value, headers };
    }),
  });
}
