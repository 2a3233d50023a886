#!/usr/bin/env bash
# Start the local infrastructure (npm run infra:up): PostgreSQL, Kafka, Apicurio Registry.
# Downloads what is missing into $INFRA_DIR (default .cache/infra) the first time; idempotent:
# services that are already up are left alone, so a second run returns at once.
set -euo pipefail
# shellcheck source=scripts/infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

started_at=$SECONDS
ensure_dirs

# PostgreSQL first: the registry keeps its storage there.
postgres_up

# Launch both JVMs before waiting on either: they boot in parallel (2 cores).
kafka_launch
registry_launch
kafka_wait || exit 1
registry_wait || exit 1

postgres_status
kafka_status
registry_status
log "ready in $((SECONDS - started_at))s (logs: $LOG_DIR, stop with: npm run infra:down)"
