#!/usr/bin/env bash
# Print the state of each local service. Exit code 0 if all three answer, 1 otherwise.
# `--brokers 3` (or INFRA_BROKERS=3): the three-node cluster instead of the single broker.
set -euo pipefail
# shellcheck source=scripts/infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_brokers_option "$@"
postgres_status
if [[ "$INFRA_BROKERS" == 3 ]]; then
  kafka_up=0
  cluster_status || kafka_up=1
else
  kafka_status
  kafka_up=0
  port_open "$KAFKA_HOST" "$KAFKA_PORT" || kafka_up=1
fi
registry_status
pg_ready && ((kafka_up == 0)) && registry_ready
