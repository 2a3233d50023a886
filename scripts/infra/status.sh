#!/usr/bin/env bash
# Print the state of each local service. Exit code 0 if all three answer, 1 otherwise.
set -euo pipefail
# shellcheck source=scripts/infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

postgres_status
kafka_status
registry_status
pg_ready && port_open "$KAFKA_HOST" "$KAFKA_PORT" && registry_ready
