import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO_ROOT } from './run-cli.js';

const run = promisify(execFile);

export type ServiceName = 'postgres' | 'kafka' | 'registry';
/** stop: graceful; kill: SIGKILL, a crash; start: resolves once the service answers again. */
export type ServiceCommand = 'start' | 'stop' | 'kill' | 'status';

/**
 * How fault tests stop, kill and start a service, whichever of the ways to run the
 * infrastructure is in use. The tests only ever name a service and a command.
 */
export interface ServiceControl {
  readonly name: string;
  run(service: ServiceName, command: ServiceCommand): Promise<string>;
}

async function command(file: string, args: string[]): Promise<string> {
  const { stdout, stderr } = await run(file, args, { cwd: REPO_ROOT, timeout: 180_000 });
  return `${stdout}${stderr}`;
}

/** `scripts/infra/<service>.sh <command>` (npm run infra:up); start waits until it answers. */
export const scriptsControl: ServiceControl = {
  name: 'scripts/infra',
  run: (service, verb) => command('bash', [`scripts/infra/${service}.sh`, verb]),
};

const COMPOSE = ['compose', '--env-file', 'scripts/infra/versions.sh'];

/** `docker compose` on docker-compose.yml; start waits for the service's healthcheck. */
export const composeControl: ServiceControl = {
  name: 'docker compose',
  run(service, verb) {
    const args: Record<ServiceCommand, string[]> = {
      start: ['up', '-d', '--wait', service],
      stop: ['stop', service],
      kill: ['kill', '-s', 'SIGKILL', service],
      status: ['ps', service],
    };
    return command('docker', [...COMPOSE, ...args[verb]]);
  },
};

/**
 * The control for the running setup: INFRA_CONTROL=compose for a docker compose stack, else
 * scripts/infra. (Containers started by testcontainers are not faulted: the fault suite needs
 * services it may stop, which CI provides with scripts/infra.)
 */
export function serviceControl(choice = process.env.INFRA_CONTROL): ServiceControl {
  if (choice === undefined || choice === '' || choice === 'scripts') return scriptsControl;
  if (choice === 'compose') return composeControl;
  throw new Error(`INFRA_CONTROL=${choice} is not known; use scripts (default) or compose`);
}
