import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killLeftovers, startNpmScript, timeToExit } from '../support/npm-script.js';
import { REPO_ROOT } from '../support/run-cli.js';

const logDir = mkdtempSync(join(tmpdir(), 'schedule-stop-'));
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

describe('npm run schedule, stopped by whoever started it', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'exits cleanly within 10 s of %s to the npm process',
    async (signal) => {
      const schedule = startNpmScript('schedule', ['--log-dir', logDir], { LOG_LEVEL: 'info' });
      let nodePid: number | undefined;
      try {
        nodePid = (await schedule.waitForLog(/^scheduler started/, 60_000)).pid as number;
        process.kill(schedule.npm.pid as number, signal);
        expect(await timeToExit(nodePid, 10_000), schedule.output()).toBeDefined();
        expect(schedule.output()).toMatch(/"msg":"scheduler stopped"/);
      } finally {
        killLeftovers(schedule.npm.pid, nodePid);
      }
    },
    90_000,
  );

  it('stops when its launcher is killed with SIGKILL and passes nothing on', async () => {
    // A shell that waits for node (`; true` keeps it from exec-ing node), as npm's `sh -c` or a
    // tsx wrapper does; killing it leaves node re-parented, which the scheduler watches for.
    const launcher = spawn(
      'sh',
      ['-c', `node --import tsx src/cli/schedule.ts --log-dir ${logDir}; true`],
      {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    let output = '';
    launcher.stdout.on('data', (chunk) => {
      output += chunk;
    });
    let nodePid: number | undefined;
    try {
      const deadline = Date.now() + 60_000;
      while (nodePid === undefined && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        nodePid = Number(/"pid":(\d+).*"msg":"scheduler started/.exec(output)?.[1]) || undefined;
      }
      expect(nodePid, output).toBeDefined();
      launcher.kill('SIGKILL');
      expect(await timeToExit(nodePid as number, 10_000), output).toBeDefined();
      // Its stdout was the dead shell's pipe, still read here: the stop was the clean one.
      expect(output).toMatch(/"signal":"parent-exit"/);
      expect(output).toMatch(/"msg":"scheduler stopped"/);
    } finally {
      killLeftovers(launcher.pid, nodePid);
    }
  }, 90_000);
});
