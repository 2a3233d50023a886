# shellcheck shell=bash
# The local infrastructure's functions: Kafka (KRaft, from Maven Central jars), Apicurio
# Registry (Confluent-compatible API) and the machine's PostgreSQL.
# Sourced by up.sh, down.sh, status.sh and the per-service helpers (kafka.sh,
# cluster.sh, registry.sh, postgres.sh); it defines functions and settings only and starts nothing by itself.
# One file per service under lib/, in dependency order.
_infra_lib="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib"
# shellcheck source=scripts/infra/lib/common.sh
source "$_infra_lib/common.sh"
# shellcheck source=scripts/infra/lib/postgres.sh
source "$_infra_lib/postgres.sh"
# shellcheck source=scripts/infra/lib/kafka.sh
source "$_infra_lib/kafka.sh"
# shellcheck source=scripts/infra/lib/cluster.sh
source "$_infra_lib/cluster.sh"
# shellcheck source=scripts/infra/lib/registry.sh
source "$_infra_lib/registry.sh"
unset _infra_lib
