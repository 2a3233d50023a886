import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** scripts/infra/versions.sh: the one file that pins the infrastructure's versions. */
export const VERSIONS_FILE = fileURLToPath(
  new URL('../../scripts/infra/versions.sh', import.meta.url),
);

export interface InfraVersions {
  kafka: string;
  apicurio: string;
  postgres: string;
}

/**
 * Reads the pinned versions. The file holds plain `NAME="value"` lines, so that bash sources it,
 * docker compose takes it as an env file, and this reads it, all to the same values.
 */
export function readInfraVersions(file = VERSIONS_FILE): InfraVersions {
  const values = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)="([^"$`]*)"\s*$/.exec(line);
    if (match !== null) values.set(match[1] as string, match[2] as string);
  }
  const need = (name: string) => {
    const value = values.get(name);
    if (value === undefined) throw new Error(`${file} does not pin ${name}="..."`);
    return value;
  };
  return {
    kafka: need('KAFKA_VERSION'),
    apicurio: need('APICURIO_VERSION'),
    postgres: need('POSTGRES_VERSION'),
  };
}
