# shellcheck shell=bash disable=SC2034 # the variables are used by lib/*.sh
# The one place where the local infrastructure's versions are pinned. Plain NAME="value" lines
# only (no expansions): the same file is
#   - sourced by scripts/infra/lib/common.sh (scripts/infra, npm run infra:up),
#   - the env file of docker-compose.yml (docker compose --env-file scripts/infra/versions.sh),
#   - parsed by tests/support/infra-versions.ts (testcontainers) and bench/run-bench.ts.
# infra/kafka/pom.xml's defaults are overridden from here (-Dkafka.version=...).

# Apache Kafka (KRaft): Maven Central org.apache.kafka:kafka_2.13 for scripts/infra, the official
# apache/kafka image for compose and testcontainers. 4.4.0 was verified against kafkajs 2.2.4
# (admin, idempotent + transactional producer, consumer group); see infra/README.md.
KAFKA_VERSION="4.4.0"
# Logging backend for the broker from Maven (it logs through slf4j; the distribution uses log4j2).
KAFKA_SLF4J_VERSION="2.0.17"
KAFKA_LOG4J_VERSION="2.24.3"

# Apicurio Registry (Quarkus app; needs Java 21+), Confluent-compatible API at /apis/ccompat/v7.
APICURIO_VERSION="3.3.3"
APICURIO_MIN_JAVA="21"

# PostgreSQL major version of the postgres image (scripts/infra uses the machine's cluster).
POSTGRES_VERSION="15"
