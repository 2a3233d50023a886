import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { expectUnreachableDatabaseExit, UNREACHABLE_DATABASE_URL } from './unreachable-database.js';

describe('a command with a bad setting', () => {
  it.each([
    ['LOG_LEVEL', 'loud'],
    ['KAFKA_BROKERS', 'localhost:notaport'],
    ['DATABASE_URL', 'nonsense'],
  ])('%s=%s stops with exit code 2 and one line naming the variable', async (variable, value) => {
    const result = await runCli('src/cli/migrate.ts', [], { [variable]: value });
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${variable} must be`);
    expect(result.stdout).toBe('');
  });

  it('a bad argument is exit code 2 with how to fix it', async () => {
    const result = await runCli('src/cli/migrate.ts', ['sideways'], {
      DATABASE_URL: UNREACHABLE_DATABASE_URL,
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('migrate: direction must be up or down (got "sideways")');
  });

  it('an unreachable database is exit code 1 with one line saying what to do', async () => {
    await expectUnreachableDatabaseExit(
      'src/cli/migrate.ts',
      /cannot reach PostgreSQL .*npm run infra:up.*DATABASE_URL/,
    );
  });
});
