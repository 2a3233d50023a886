import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readInfraVersions, VERSIONS_FILE } from '../support/infra-versions.js';
import { REPO_ROOT } from '../support/run-cli.js';
import { containerImages } from '../support/testcontainers.js';

const read = (path: string) => readFileSync(`${REPO_ROOT}${path}`, 'utf8');

/** What bash gets from sourcing the file, as scripts/infra does. */
function sourcedByBash(...names: string[]): string[] {
  const script = `source "$1"; ${names.map((n) => `echo "$${n}"`).join('; ')}`;
  return execFileSync('bash', ['-c', script, '_', VERSIONS_FILE], { encoding: 'utf8' })
    .trim()
    .split('\n');
}

describe('one set of infrastructure versions for scripts/infra, compose and testcontainers', () => {
  const versions = readInfraVersions();

  it('reads the same values from versions.sh as bash does', () => {
    expect(sourcedByBash('KAFKA_VERSION', 'APICURIO_VERSION', 'POSTGRES_VERSION')).toEqual([
      versions.kafka,
      versions.apicurio,
      versions.postgres,
    ]);
    expect(versions.kafka).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('docker-compose.yml takes every image tag from the env file, none written out', () => {
    const images = [...read('docker-compose.yml').matchAll(/^\s*image:\s*(.+?)\s*$/gm)].map(
      (m) => m[1],
    );
    expect(images.length).toBeGreaterThanOrEqual(3);
    for (const image of images) expect(image).toMatch(/:\$\{[A-Z_]+_VERSION:\?[^}]+\}$/);
    const tags = images.map((image) => image?.replace(/:\$\{([A-Z_]+):\?[^}]+\}$/, ':$1'));
    expect(tags).toContain('apache/kafka:KAFKA_VERSION');
    expect(tags).toContain('apicurio/apicurio-registry:APICURIO_VERSION');
    expect(tags).toContain('postgres:POSTGRES_VERSION');
  });

  it('testcontainers runs the official Apache Kafka image at the pinned version', () => {
    expect(containerImages()).toEqual({
      kafka: `apache/kafka:${versions.kafka}`,
      registry: `apicurio/apicurio-registry:${versions.apicurio}`,
      postgres: `postgres:${versions.postgres}`,
    });
    expect(read('tests/support/testcontainers.ts')).not.toMatch(/cp-kafka|confluentinc/);
  });

  it("the Maven pom's default Kafka version is the pinned one", () => {
    expect(/<kafka\.version>([^<]+)<\/kafka\.version>/.exec(read('infra/kafka/pom.xml'))?.[1]).toBe(
      versions.kafka,
    );
  });

  it('refuses a versions file that does not pin a version', () => {
    expect(() => readInfraVersions(`${REPO_ROOT}package.json`)).toThrow(
      /does not pin KAFKA_VERSION/,
    );
  });
});
