import { type ChildProcess, spawn } from 'node:child_process';
import { REPO_ROOT } from './run-cli.js';

export interface NpmScript {
  /** The npm process, the one a person or a supervisor starts and signals. */
  npm: ChildProcess;
  output(): string;
  /** Resolves with the first JSON log line whose `msg` matches, or rejects after the timeout. */
  waitForLog(msg: RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/**
 * Starts `npm run <script> -- <args>` the way a person does, in a process group of its own so
 * that a test can clean up whatever it left behind.
 */
export function startNpmScript(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
): NpmScript {
  const npm = spawn('npm', ['run', script, '--', ...args], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      npm_config_update_notifier: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  npm.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  npm.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return {
    npm,
    output: () => output,
    async waitForLog(msg, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (const line of output.split('\n')) {
          if (!line.startsWith('{')) continue;
          const entry = JSON.parse(line) as Record<string, unknown>;
          if (typeof entry.msg === 'string' && msg.test(entry.msg)) return entry;
        }
        if (Date.now() > deadline || npm.exitCode !== null) {
          throw new Error(`no log line matching ${msg}; output:\n${output.slice(-3000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds until `pid` is gone, or undefined if it still runs after `timeoutMs`. */
export async function timeToExit(pid: number, timeoutMs: number): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (!isRunning(pid)) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return isRunning(pid) ? undefined : Date.now() - started;
}

/**
 * Kills what is left of a test's launcher: the process group it leads (it was started
 * detached) and the node process by its pid (re-parented, it may have left that group's reach).
 */
export function killLeftovers(launcherPid: number | undefined, nodePid: number | undefined): void {
  for (const target of [nodePid, launcherPid === undefined ? undefined : -launcherPid]) {
    if (target === undefined) continue;
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
