/**
 * The closed set of failures this system knows how to talk about. Each error carries a code, a
 * `retryable` flag decided where it is thrown, and the exit code a CLI should end with.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: { retryable: false, exitCode: 2 },
  ARGUMENT_INVALID: { retryable: false, exitCode: 2 },
  UNKNOWN_ASSET: { retryable: false, exitCode: 2 },
  SOURCE_UNKNOWN_SYMBOL: { retryable: false, exitCode: 1 },
  SOURCE_RATE_LIMITED: { retryable: true, exitCode: 1 },
  SOURCE_BAD_RESPONSE: { retryable: true, exitCode: 1 },
  SOURCE_TIMEOUT: { retryable: true, exitCode: 1 },
  SOURCE_HTTP: { retryable: true, exitCode: 1 },
  BROKER_UNREACHABLE: { retryable: true, exitCode: 1 },
  REGISTRY_UNREACHABLE: { retryable: true, exitCode: 1 },
  REGISTRY_REFUSED: { retryable: false, exitCode: 1 },
  // Topics or schemas are missing and this identity may not create them: waiting will not help,
  // a person has to run `npm run bootstrap` with more rights, so it is a setup error like config.
  BUS_NOT_BOOTSTRAPPED: { retryable: false, exitCode: 2 },
  DATABASE_UNREACHABLE: { retryable: true, exitCode: 1 },
  DATABASE_IN_USE: { retryable: true, exitCode: 1 },
  DECODE_FAILED: { retryable: false, exitCode: 1 },
  CONTRACT_VIOLATION: { retryable: false, exitCode: 1 },
  MIGRATION_FAILED: { retryable: false, exitCode: 1 },
} as const satisfies Record<string, { retryable: boolean; exitCode: number }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface AppErrorOptions {
  cause?: unknown;
  /** Overrides the code's default when the thrower knows better (e.g. an HTTP 400 is final). */
  retryable?: boolean;
  /** How many times the failed operation was tried (source calls: 1 when it was not retried). */
  attempts?: number;
  /** How long the other side asked us to wait before trying again (HTTP Retry-After). */
  retryAfterMs?: number;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly attempts: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
    this.attempts = options.attempts;
    this.retryAfterMs = options.retryAfterMs;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exitCode;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** An error and the errors it wraps, outermost first, following `cause`. */
export function* causeChain(error: unknown): Generator<object> {
  for (let current: unknown = error; typeof current === 'object' && current !== null; ) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/** A message for any thrown value, without assuming it is an Error. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Throws the ARGUMENT_INVALID error a CLI reports on one line with exit code 2. */
export function invalid(message: string): never {
  throw new AppError('ARGUMENT_INVALID', message);
}
