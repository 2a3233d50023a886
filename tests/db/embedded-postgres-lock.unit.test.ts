import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../src/db/data-dir-lock.js';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { REPO_ROOT, runCli } from '../support/run-cli.js';

const SOCKET = '.s.PGSQL.5432';
const PID_FILE = 'market-collector.pid';
const folders: string[] = [];

function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pglite-lock-'));
  folders.push(dir);
  return dir;
}

async function selectOne(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
    return rows[0]?.one ?? 0;
  } finally {
    await client.end();
  }
}

/** The pid of a process that has exited: nothing runs under it any more (until reused). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid ?? 0;
}

afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('the embedded database folder lock', () => {
  it('starts after a command on the same folder was killed with SIGKILL', async () => {
    const dataDir = newDataDir();
    // The demo as a user starts it (one node process, tsx as a loader), killed once it serves.
    const demo = spawn(process.execPath, ['--import', 'tsx', 'src/cli/demo.ts'], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        EMBEDDED_DATA_DIR: dataDir,
      },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => demo.once('exit', resolve));
    const deadline = Date.now() + 240_000;
    while (!existsSync(join(dataDir, SOCKET)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    demo.kill('SIGKILL');
    await exited;
    // What the killed command leaves behind: its socket file and its pid file.
    expect(existsSync(join(dataDir, SOCKET))).toBe(true);
    expect(readFileSync(join(dataDir, PID_FILE), 'utf8').trim()).toBe(String(demo.pid));

    const embedded = await startEmbeddedPostgres(dataDir);
    try {
      expect(await selectOne(embedded.url)).toBe(1);
      expect(readFileSync(join(dataDir, PID_FILE), 'utf8').trim()).toBe(String(process.pid));
    } finally {
      await embedded.stop();
    }
    expect(existsSync(join(dataDir, PID_FILE))).toBe(false);
  }, 300_000);

  it('refuses a second command with one line naming the holder, and leaves the first working', async () => {
    const dataDir = newDataDir();
    const embedded = await startEmbeddedPostgres(dataDir);
    try {
      const second = await runCli('src/cli/demo.ts', [], { EMBEDDED_DATA_DIR: dataDir }, 60_000);
      expect(second.code).toBe(1);
      expect(second.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          new RegExp(`^demo: the embedded database in \\S+ is in use by process ${process.pid};`),
        ),
      ]);
      expect(second.stdout).not.toMatch(/rows in price_daily/);
      expect(await selectOne(embedded.url)).toBe(1);
    } finally {
      await embedded.stop();
    }
  }, 120_000);

  it('replaces a pid file whose process is gone and refuses one whose process lives', async () => {
    const dataDir = newDataDir();
    const pidFile = join(dataDir, PID_FILE);
    writeFileSync(pidFile, `${await deadPid()}\n`);
    const lock = lockDataDir(dataDir);
    expect(readFileSync(pidFile, 'utf8')).toBe(`${process.pid}\n`);
    expect(() => lockDataDir(dataDir)).toThrow(`in use by process ${process.pid}`);
    lock.release();
    expect(existsSync(pidFile)).toBe(false);

    // Held by another live process (this test runner's parent will do): refused, untouched.
    writeFileSync(pidFile, `${process.ppid}\n`);
    expect(() => lockDataDir(dataDir)).toThrow(`in use by process ${process.ppid}`);
    expect(readFileSync(pidFile, 'utf8')).toBe(`${process.ppid}\n`);
  });
});
