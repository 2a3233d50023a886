import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningCli } from '../../support/run-cli.js';
import {
  type ServiceCommand,
  type ServiceName,
  serviceControl,
} from '../../support/service-control.js';
import { waitUntil } from './wait-until.js';

/** SIGTERM, and SIGKILL for whatever is still alive 20 s later. */
export async function stopOrKill(cli: RunningCli): Promise<void> {
  const exited = cli.stop('SIGTERM');
  const late = await Promise.race([exited.then(() => false), sleep(20_000).then(() => true)]);
  if (late) await killHard(cli);
}

/** The pids of the process's children (Linux /proc). */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((part) => part !== '')
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * Kills a CLI the way a crash would: SIGKILL to the node process that runs the command. `tsx`
 * runs it as a child of its own wrapper process, which only relays catchable signals; killing
 * the wrapper alone would leave the consumer running as an orphan. Resolves with the pids
 * killed once they are gone.
 */
export async function killHard(cli: RunningCli): Promise<number[]> {
  const killed: number[] = [];
  const wrapper = cli.child.pid;
  if (wrapper !== undefined) {
    for (const pid of childPids(wrapper)) {
      let command = '';
      try {
        command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue; // gone already
      }
      if (command.includes('src/cli/')) {
        process.kill(pid, 'SIGKILL');
        killed.push(pid);
      }
    }
  }
  await cli.stop('SIGKILL');
  await waitUntil('the killed process to be gone', async () => killed.every(isGone), {
    timeoutMs: 10_000,
  });
  return killed;
}

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

/**
 * Stops, kills or starts a shared service through whichever way runs the infrastructure
 * (scripts/infra or docker compose, see service-control.ts); start waits until it answers.
 */
export function infra(service: ServiceName, command: ServiceCommand): Promise<string> {
  return serviceControl().run(service, command);
}
