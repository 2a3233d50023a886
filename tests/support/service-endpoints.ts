import { Socket } from 'node:net';

/** Where the integration tests find Kafka, the schema registry and PostgreSQL. */
export interface ServiceEndpoints {
  kafkaBrokers: string[] | undefined;
  schemaRegistryUrl: string | undefined;
  /** A URL to a database on the server from which per-file databases are created. */
  postgresAdminUrl: string | undefined;
  /** Why a missing service is missing, for the skip message. */
  reasons: string[];
  /** How the services were found: settings, local defaults or testcontainers. */
  origin: string;
  /** Replication of the topics tests create (default 1 replica; the 3-node cluster: 3 and 2). */
  replication?: { factor: number; minInsync: number };
}

declare module 'vitest' {
  export interface ProvidedContext {
    services: ServiceEndpoints;
  }
}

export const LOCAL_DEFAULTS = {
  kafkaBrokers: ['localhost:9092'],
  schemaRegistryUrl: 'http://localhost:8081/apis/ccompat/v7',
  postgresAdminUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
};

export function tcpAnswers(hostPort: string, timeoutMs = 1_500): Promise<boolean> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port), host ?? 'localhost', () => done(true));
  });
}

export async function httpAnswers(url: string, timeoutMs = 3_000): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return response.ok;
  } catch {
    return false;
  }
}

export function postgresHostPort(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname || '127.0.0.1'}:${parsed.port || '5432'}`;
}
