# shellcheck shell=bash disable=SC2034 # the variables are used by lib.sh
# Single place where the local infrastructure versions are pinned.
# Sourced by scripts/infra/lib.sh. docker-compose.yml and infra/kafka/pom.xml repeat these
# numbers as defaults: keep them in sync when bumping.

# Apache Kafka broker (KRaft), fetched from Maven Central as org.apache.kafka:kafka_2.13.
# 4.4.0 was verified against kafkajs 2.2.4 (admin, idempotent + transactional producer,
# consumer group); see infra/README.md.
KAFKA_VERSION="4.4.0"
# Logging backend for the broker (it logs through slf4j; the official distribution uses log4j2).
KAFKA_SLF4J_VERSION="2.0.17"
KAFKA_LOG4J_VERSION="2.24.3"

# Apicurio Registry (Quarkus app; needs Java 21+), Confluent-compatible API at /apis/ccompat/v7.
APICURIO_VERSION="3.3.3"
# Fetched with mvn: io/apicurio/apicurio-registry-app/<ver>/apicurio-registry-app-<ver>-all.tar.gz
APICURIO_ARTIFACT="io.apicurio:apicurio-registry-app:${APICURIO_VERSION}:tar.gz:all"
APICURIO_MIN_JAVA=21
