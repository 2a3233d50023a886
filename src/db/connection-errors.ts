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
    // pg raises this one without a code when the server drops the socket mid-query.
    if (message === 'Connection terminated unexpectedly') return true;
    if (current instanceof AggregateError) return current.errors.some(isConnectionError);
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
