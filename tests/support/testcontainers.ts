import { freePort } from './free-port.js';
import { readInfraVersions } from './infra-versions.js';
import type { ServiceEndpoints } from './service-endpoints.js';

export interface StartedContainers {
  endpoints: Omit<ServiceEndpoints, 'reasons' | 'origin'>;
  stop: () => Promise<void>;
}

/** The official images, at the versions scripts/infra and docker-compose.yml run. */
export function containerImages(versions = readInfraVersions()) {
  return {
    kafka: `apache/kafka:${versions.kafka}`,
    registry: `apicurio/apicurio-registry:${versions.apicurio}`,
    postgres: `postgres:${versions.postgres}`,
  };
}

/**
 * The single-node KRaft settings of docker-compose.yml's `kafka` service. Clients must be told
 * the host port, so the broker listens on a host port chosen before the start and bound 1:1.
 */
export function kafkaEnvironment(hostPort: number): Record<string, string> {
  return {
    CLUSTER_ID: 'iYshc0mbS1ytSyNVRG00Tw',
    KAFKA_NODE_ID: '1',
    KAFKA_PROCESS_ROLES: 'broker,controller',
    KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
    KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
    KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${hostPort},CONTROLLER://0.0.0.0:9093`,
    KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${hostPort}`,
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    KAFKA_INTER_BROKER_LISTENER_NAME: 'PLAINTEXT',
    KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    KAFKA_NUM_PARTITIONS: '3',
    KAFKA_DEFAULT_REPLICATION_FACTOR: '1',
    KAFKA_MIN_INSYNC_REPLICAS: '1',
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
    KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
    KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    KAFKA_HEAP_OPTS: '-Xms256m -Xmx512m',
  };
}

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
  const images = containerImages();
  const kafkaPort = await freePort();
  const [postgres, kafka, registry] = await Promise.all([
    new PostgreSqlContainer(images.postgres).start(),
    new tc.GenericContainer(images.kafka)
      .withEnvironment(kafkaEnvironment(kafkaPort))
      .withExposedPorts({ container: kafkaPort, host: kafkaPort })
      .withWaitStrategy(tc.Wait.forLogMessage(/Kafka Server started/))
      .start(),
    new tc.GenericContainer(images.registry)
      .withExposedPorts(8080)
      .withWaitStrategy(tc.Wait.forHttp('/apis/ccompat/v7/subjects', 8080))
      .start(),
  ]);
  return {
    endpoints: {
      kafkaBrokers: [`localhost:${kafkaPort}`],
      schemaRegistryUrl: `http://${registry.getHost()}:${registry.getMappedPort(8080)}/apis/ccompat/v7`,
      postgresAdminUrl: postgres.getConnectionUri(),
    },
    stop: async () => {
      await Promise.all([postgres.stop(), kafka.stop(), registry.stop()]);
    },
  };
}
