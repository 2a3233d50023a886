import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BenchProcess {
  name: string;
  child: ChildProcess;
  output: () => string;
  /** Highest resident set size seen, in MB (the kernel's VmHWM while it runs). */
  peakRssMb: () => number;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

function vmHwmKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Runs a CLI command the way `npm run <command>` does, without npm: `node scripts/cli.mjs`, one
 * process running built JavaScript, so its RSS and start-up are the command's own.
 */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  profileDir?: string,
): BenchProcess {
  const profile =
    profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}/${name}`];
  const child = spawn(process.execPath, [...profile, 'scripts/cli.mjs', command, ...args], {
    cwd: REPO_ROOT,
    // Several consumers of one stage run side by side here: none serves metrics unless asked to.
    env: { ...process.env, METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let peakKb = 0;
  const sample = () => {
    if (child.pid !== undefined) peakKb = Math.max(peakKb, vmHwmKb(child.pid));
  };
  const sampler = setInterval(sample, 200);
  child.stdout?.on('data', (chunk) => {
    output = (output + chunk).slice(-200_000);
  });
  child.stderr?.on('data', (chunk) => {
    output = (output + chunk).slice(-200_000);
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      clearInterval(sampler);
      resolve(code);
    }),
  );
  return {
    name,
    child,
    output: () => output,
    peakRssMb: () => {
      sample();
      return Math.round(peakKb / 1024);
    },
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(output)) return resolve();
          if (Date.now() > deadline || child.exitCode !== null) {
            return reject(
              new Error(`${name}: no ${pattern} in ${timeoutMs} ms:\n${output.slice(-2000)}`),
            );
          }
          setTimeout(check, 100);
        };
        check();
      });
    },
    async stop() {
      sample();
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
