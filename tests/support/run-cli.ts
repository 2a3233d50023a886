import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * What every child gets under the test's own environment: PATH and HOME, and no metrics server
 * unless the test asks for one (`--metrics-port` or METRICS_PORT), since test files run in
 * parallel and the default ports would collide.
 */
const BASE_ENV = () => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  METRICS_PORT: '0',
});

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = `${REPO_ROOT}node_modules/.bin/tsx`;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a CLI entry point (e.g. `src/cli/migrate.ts`) as a user would, with only the given
 * environment on top of PATH, so nothing from the developer's shell leaks in.
 */
export function runCli(
  entry: string,
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [entry, ...args], {
      cwd: REPO_ROOT,
      env: { ...BASE_ENV(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunningCli {
  child: ReturnType<typeof spawn>;
  output(): string;
  /** Resolves when a line of output matches, or rejects after the timeout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts a long-running CLI (a consumer) in the background, as `runCli` runs a one-shot one. */
export function startCli(entry: string, args: string[], env: Record<string, string>): RunningCli {
  const child = spawn(TSX, [entry, ...args], {
    cwd: REPO_ROOT,
    env: { ...BASE_ENV(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk;
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  return {
    child,
    output: () => output,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(output)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(
              `no output matching ${pattern} in ${timeoutMs} ms; output:\n${output.slice(-3000)}`,
            ),
          );
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
