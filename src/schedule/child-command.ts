import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository root, from this module's place (src/schedule, or .run/schedule in a build). */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The commands the scheduler runs, by their entry point under `src/cli/` (or `dist/cli/`). */
export type CliName = 'produce' | 'healthcheck';

export interface ChildCommand {
  pid: number | undefined;
  /** The exit code; a child killed by a signal counts as 1, one that could not start as 127. */
  exited: Promise<number>;
  /** Sends the signal to the child and whatever it started. */
  terminate(signal?: NodeJS.Signals): void;
}

export interface ChildCommandOptions {
  /** Every line the child prints on stdout or stderr, without its newline, as it comes. */
  onLine: (line: string, stream: 'stdout' | 'stderr') => void;
  env?: NodeJS.ProcessEnv;
}

/**
 * How to start a CLI entry point the way this process itself was started: under tsx from the
 * TypeScript sources (`node --import tsx src/cli/x.ts`), or plain node from a build in dist/.
 */
export function cliInvocation(name: CliName): { command: string; args: string[] } {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(
    new URL(`../cli/${name}.${fromSources ? 'ts' : 'js'}`, import.meta.url),
  );
  return {
    command: process.execPath,
    args: fromSources ? ['--import', 'tsx', entry] : [entry],
  };
}

/**
 * Runs a CLI as a child process in the repository root. On POSIX it leads its own process
 * group, so a Ctrl-C in the scheduler's terminal does not reach it (the scheduler decides when
 * a job stops) and `terminate` reaches anything it started.
 */
export function startCliChild(
  name: CliName,
  args: readonly string[],
  options: ChildCommandOptions,
): ChildCommand {
  const invocation = cliInvocation(name);
  const posix = process.platform !== 'win32';
  const child = spawn(invocation.command, [...invocation.args, ...args], {
    cwd: REPO_ROOT,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: posix,
    windowsHide: true,
  });
  for (const stream of ['stdout', 'stderr'] as const) {
    createInterface({ input: child[stream], crlfDelay: Number.POSITIVE_INFINITY }).on(
      'line',
      (line) => options.onLine(line, stream),
    );
  }
  const exited = new Promise<number>((resolve) => {
    child.once('error', (error) => {
      options.onLine(`cannot start ${name}: ${error.message}`, 'stderr');
      resolve(127);
    });
    child.once('close', (code) => resolve(code ?? 1));
  });
  return {
    pid: child.pid,
    exited,
    terminate(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      try {
        if (posix) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // Already gone.
      }
    },
  };
}
