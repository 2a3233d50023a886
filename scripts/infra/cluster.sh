#!/usr/bin/env bash
# The three-node Kafka cluster (ports 19092-19094), next to the single broker on 9092:
#   bash scripts/infra/cluster.sh start|stop|kill|restart [NODE]   all nodes, or node 1..3
#   bash scripts/infra/cluster.sh status|env|reset
# stop = graceful controlled shutdown, kill = SIGKILL (a crash); env prints the settings the
# project's commands need for the cluster; reset wipes its data.
set -euo pipefail
# shellcheck source=scripts/infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cluster_cli "$@"
