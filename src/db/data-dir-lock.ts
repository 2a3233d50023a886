import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { AppError } from '../errors.js';

export interface DataDirLock {
  /** Removes the lock file if it is still this process's. Safe to call twice. */
  release(): void;
}

const LOCK_FILE = 'market-collector.pid';

function readHolder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process runs with that pid: signal 0 checks without sending anything. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the embedded database folder for this process: a pid file created with O_EXCL, so two
 * commands cannot both open PGlite's files and socket. A pid file whose process is gone (a
 * SIGKILL, a crash) is stale and is replaced; one whose process lives refuses with
 * `DATABASE_IN_USE` naming it.
 */
export function lockDataDir(directory: string): DataDirLock {
  const path = `${directory}/${LOCK_FILE}`;
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      if (holder !== undefined && isAlive(holder)) {
        throw new AppError(
          'DATABASE_IN_USE',
          `the embedded database in ${directory} is in use by process ${holder}; wait for that command to finish or stop it (kill ${holder}), or set EMBEDDED_DATA_DIR to another folder`,
        );
      }
      // Stale: move it aside first, so of two commands clearing it at once only one succeeds.
      try {
        renameSync(path, `${path}.stale-${process.pid}`);
        unlinkSync(`${path}.stale-${process.pid}`);
      } catch {
        // Another command cleared it first; try again.
      }
      continue;
    }
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.off('exit', release);
      if (readHolder(path) === process.pid) unlinkSync(path);
    };
    // A command that exits without stopping the database still frees the folder.
    process.once('exit', release);
    return { release };
  }
  throw new AppError(
    'DATABASE_IN_USE',
    `cannot take the lock ${path}: other commands keep replacing it; run one command at a time on ${directory}`,
  );
}
