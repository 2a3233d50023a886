#!/usr/bin/env bash
# Stop what up.sh started (npm run infra:down). PostgreSQL is stopped only if up.sh had to start
# it; a machine-managed PostgreSQL keeps running. Safe to run when nothing is up.
# `--brokers 3` (or INFRA_BROKERS=3) stops the three-node cluster instead of the single broker.
set -euo pipefail
# shellcheck source=scripts/infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_brokers_option "$@"
# Registry first (it is a Kafka/PostgreSQL client, not the other way round).
registry_stop TERM
if [[ "$INFRA_BROKERS" == 3 ]]; then cluster_stop TERM; else kafka_stop TERM; fi
if [[ -e "$PG_OWNED_MARKER" ]]; then
  postgres_stop fast
  rm -f "$PG_OWNED_MARKER"
else
  log "postgres: left running (not started by infra:up)"
fi
