import { AppError } from '../../src/errors.js';

/**
 * The AppError `attempt` throws. Any other error is rethrown, and no error at all fails the
 * test saying that `what` (the arguments, the settings) should have been refused.
 */
export function refusalOf(attempt: () => unknown, what: string): AppError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`expected ${what} to be refused`);
}
