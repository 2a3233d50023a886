/** Node socket errors that mean "the server is not there (yet)", not "the query is wrong". */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EPIPE',
]);

/**
 * SQLSTATE classes that mean the server is unavailable or restarting: 08 connection exception,
 * 57P01-57P03 admin/crash shutdown and cannot-connect-now, 53300 too many connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * What pg and pg-pool raise without a code when the server is gone: the socket dropped
 * mid-query; a query (e.g. a transaction's ROLLBACK, whose failure pg-promise reports instead of
 * the first error) on a client whose connection already broke; no connection within
 * `connectionTimeoutMillis`.
 */
const CODELESS_MESSAGES = new Set([
  'Connection terminated unexpectedly',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
]);

/** True when an error from pg means the database is unreachable and the call may be retried. */
export function isConnectionError(error: unknown): boolean {
  for (let current: unknown = error; current !== undefined && current !== null; ) {
    if (typeof current !== 'object') return false;
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08')) {
        return true;
      }
    }
    if (typeof message === 'string' && CODELESS_MESSAGES.has(message)) return true;
    if (current instanceof AggregateError) return current.errors.some(isConnectionError);
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
