#!/usr/bin/env bash
# Start/stop the Apicurio Registry alone (stop = SIGTERM, kill = SIGKILL),
# e.g. for fault-injection tests: bash scripts/infra/registry.sh stop|kill|start|restart|status|reset
set -euo pipefail
# shellcheck source=scripts/infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

service_cli registry "$@"
