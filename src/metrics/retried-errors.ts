import { isConnectionError } from '../connection-errors.js';
import { isAppError } from '../errors.js';
import type { CollectorMetrics } from './collector-metrics.js';

/**
 * Counts a failure a stage is about to retry as a database or a broker error, by a code from a
 * closed set: the SQLSTATE or socket code for PostgreSQL, the kafkajs error type (or our own
 * error code, e.g. REGISTRY_UNREACHABLE) for the bus. Messages are never labels.
 */
export function countRetriedError(metrics: CollectorMetrics, stage: string, error: unknown): void {
  if (isConnectionError(error)) {
    metrics.databaseErrors.inc({ stage, code: codeOf(error) ?? 'CONNECTION' });
    return;
  }
  if (isAppError(error)) {
    const counter =
      error.code === 'DATABASE_UNREACHABLE' ? metrics.databaseErrors : metrics.brokerErrors;
    counter.inc({ stage, code: error.code });
    return;
  }
  const { name } = (error ?? {}) as { name?: unknown };
  const type = typeof name === 'string' && /^KafkaJS\w+$/.test(name) ? name : 'UNEXPECTED';
  metrics.brokerErrors.inc({ stage, code: type });
}

/** The first string `code` along the cause chain (pg puts SQLSTATE or ECONNREFUSED there). */
function codeOf(error: unknown): string | undefined {
  for (let current: unknown = error; typeof current === 'object' && current !== null; ) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && /^[A-Z0-9_]{1,32}$/.test(code)) return code;
    if (current instanceof AggregateError) return codeOf(current.errors[0]);
    current = cause;
  }
  return undefined;
}
