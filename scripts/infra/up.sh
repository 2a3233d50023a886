#!/usr/bin/env bash
# Start the local infrastructure (npm run infra:up): PostgreSQL, Kafka, Apicurio Registry.
# `npm run infra:up -- --brokers 3` (or INFRA_BROKERS=3) runs the three-node Kafka cluster on
# ports 19092-19094 instead of the single broker on 9092 (see lib/cluster.sh).
# Downloads what is missing into $INFRA_DIR (default .cache/infra) the first time; idempotent:
# services that are already up are left alone, so a second run returns at once.
set -euo pipefail
# shellcheck source=scripts/infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_brokers_option "$@"
started_at=$SECONDS
ensure_dirs

# PostgreSQL first: the registry keeps its storage there.
postgres_up

if [[ "$INFRA_BROKERS" == 3 ]]; then
  registry_launch
  cluster_start >/dev/null
  registry_wait || exit 1
  postgres_status
  cluster_status || true
  registry_status
  log "the cluster's settings (add them to .env): $(cluster_cli env | tr '\n' ' ')"
else
  # Launch both JVMs before waiting on either: they boot in parallel (2 cores).
  kafka_launch
  registry_launch
  kafka_wait || exit 1
  registry_wait || exit 1
  postgres_status
  kafka_status
  registry_status
fi
log "ready in $((SECONDS - started_at))s (logs: $LOG_DIR, stop with: npm run infra:down -- --brokers $INFRA_BROKERS)"
