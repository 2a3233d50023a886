#!/usr/bin/env bash
# Start/stop the Kafka broker alone (stop = graceful controlled shutdown, kill = SIGKILL crash),
# e.g. for fault-injection tests: bash scripts/infra/kafka.sh stop|kill|start|restart|status|reset
set -euo pipefail
# shellcheck source=scripts/infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

service_cli kafka "$@"
