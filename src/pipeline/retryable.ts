import { isConnectionError } from '../connection-errors.js';
import { causeChain, isAppError } from '../errors.js';

/** kafkajs errors that mean a broker could not be reached or answered in time. */
const KAFKA_OUTAGE = /^KafkaJS(Connection|RequestTimeout|NumberOfRetriesExceeded|BrokerNotFound)/;

/**
 * True when trying again later may succeed: a service that is down or restarting (database,
 * broker, registry). False for poison input and bugs, which retrying would only repeat.
 *
 * The causes are read too: kafkajs wraps an outage in a `KafkaJSNonRetriableError` once its
 * own retries give up (two of three brokers down for minutes), and taking that wrapper at its
 * word sent good events to the dead-letter topics.
 */
export function isRetryable(error: unknown): boolean {
  for (const current of causeChain(error)) {
    if (isAppError(current)) return current.retryable;
    if (isConnectionError(current)) return true;
    const { retriable, name } = current as { retriable?: unknown; name?: unknown };
    if (retriable === true) return true;
    if (typeof name === 'string' && KAFKA_OUTAGE.test(name)) return true;
  }
  return false;
}
