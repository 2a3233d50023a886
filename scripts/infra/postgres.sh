#!/usr/bin/env bash
# Start/stop the machine's PostgreSQL cluster (stop = pg_ctlcluster -m fast, kill = -m immediate, crash-like),
# e.g. for fault-injection tests: bash scripts/infra/postgres.sh stop|kill|start|restart|status
set -euo pipefail
# shellcheck source=scripts/infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

service_cli postgres "$@"
