import type { ServiceEndpoints } from './service-endpoints.js';

export interface StartedContainers {
  endpoints: Omit<ServiceEndpoints, 'reasons' | 'origin'>;
  stop: () => Promise<void>;
}

// The testcontainers Kafka module drives Confluent's image; its KRaft mode needs 7.x.
const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.9.0';
const REGISTRY_IMAGE = 'apicurio/apicurio-registry:3.3.3';
const POSTGRES_IMAGE = 'postgres:15';

/**
 * Starts Kafka, Apicurio and PostgreSQL in containers when a Docker engine answers; returns
 * undefined without one (as on machines that run the services from `npm run infra:up`).
 */
export async function startContainers(): Promise<StartedContainers | undefined> {
  const tc = await import('testcontainers');
  try {
    await tc.getContainerRuntimeClient();
  } catch {
    return undefined;
  }
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const [postgres, kafka, registry] = await Promise.all([
    new PostgreSqlContainer(POSTGRES_IMAGE).start(),
    new KafkaContainer(KAFKA_IMAGE).withKraft().start(),
    new tc.GenericContainer(REGISTRY_IMAGE)
      .withExposedPorts(8080)
      .withWaitStrategy(tc.Wait.forHttp('/apis/ccompat/v7/subjects', 8080))
      .start(),
  ]);
  return {
    endpoints: {
      kafkaBrokers: [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`],
      schemaRegistryUrl: `http://${registry.getHost()}:${registry.getMappedPort(8080)}/apis/ccompat/v7`,
      postgresAdminUrl: postgres.getConnectionUri(),
    },
    stop: async () => {
      await Promise.all([postgres.stop(), kafka.stop(), registry.stop()]);
    },
  };
}
