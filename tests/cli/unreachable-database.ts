import { expect } from 'vitest';
import { runCli } from '../support/run-cli.js';

/** A PostgreSQL URL on a port nothing listens on. */
export const UNREACHABLE_DATABASE_URL = 'postgres://postgres@127.0.0.1:1/none';

/**
 * Runs the CLI entry point against that URL and expects what a command does when the database
 * cannot be reached: exit code 1 and one stderr line, matching `says`.
 */
export async function expectUnreachableDatabaseExit(entry: string, says: RegExp): Promise<void> {
  const result = await runCli(entry, [], { DATABASE_URL: UNREACHABLE_DATABASE_URL });
  expect(result.code).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(says);
}
