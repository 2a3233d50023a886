import { isConnectionError } from '../connection-errors.js';
import { isAppError } from '../errors.js';

/**
 * True when trying again later may succeed: a service that is down or restarting (database,
 * broker, registry). False for poison input and bugs, which retrying would only repeat.
 */
export function isRetryable(error: unknown): boolean {
  if (isAppError(error)) return error.retryable;
  if (isConnectionError(error)) return true;
  const kafkaError = error as { retriable?: unknown; name?: unknown } | null;
  if (kafkaError?.retriable === true) return true;
  return (
    typeof kafkaError?.name === 'string' &&
    /^KafkaJS(Connection|RequestTimeout|NumberOfRetriesExceeded|BrokerNotFound)/.test(
      kafkaError.name,
    )
  );
}
