import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PrivatePostgres {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and deletes its data folder. */
  dispose(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))[0]
    : undefined;
  if (version === undefined) throw new Error(`no PostgreSQL server binaries under ${root}`);
  return join(root, version, 'bin');
}

/**
 * A throwaway PostgreSQL cluster of this test's own (initdb in a temporary folder, trust auth,
 * loopback on `port`), so a fault test can stop and start a database without touching the
 * shared one. PostgreSQL refuses to run as root: as root, it runs as the `postgres` user.
 */
export async function startPrivatePostgres(port: number): Promise<PrivatePostgres> {
  const bin = binDir();
  const folder = await mkdtemp(join(tmpdir(), 'mc-private-pg-'));
  const data = join(folder, 'data');
  const asOwner = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  if (asOwner.length > 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const uid = Number(stdout.trim());
    await chown(folder, uid, uid);
  }
  const exec = async (tool: string, args: string[]) => {
    const [command, ...rest] = [...asOwner, join(bin, tool), ...args];
    await run(command as string, rest, { timeout: 60_000 });
  };
  await exec('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync']);
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () =>
    exec('pg_ctl', ['-D', data, '-o', options, '-l', join(folder, 'log'), '-w', 'start']);
  const stop = () => exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async dispose() {
      await stop().catch(() => undefined);
      await rm(folder, { recursive: true, force: true });
    },
  };
}
