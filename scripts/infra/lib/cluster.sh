# shellcheck shell=bash
# A three-node Kafka cluster (KRaft, each node broker + controller) next to the single broker:
# its own ports, data folders, logs and pid files, so both run at once. Internal topics have
# replication factor 3 and min ISR 2, like a production cluster. Sourced by scripts/infra/lib.sh
# after lib/kafka.sh (it reuses the broker jars and the config template).
#
#   node N (1..3): client port CLUSTER_BASE_PORT+N-1 (19092..19094),
#                  controller port CLUSTER_CONTROLLER_BASE_PORT+N-1 (19192..19194),
#                  data $INFRA_DIR/data/cluster/node-N, logs $INFRA_DIR/logs/cluster/node-N

CLUSTER_NODES="${CLUSTER_NODES:-3}"
CLUSTER_BASE_PORT="${CLUSTER_BASE_PORT:-19092}"
CLUSTER_CONTROLLER_BASE_PORT="${CLUSTER_CONTROLLER_BASE_PORT:-19192}"
# Three JVMs share 2 cores with PostgreSQL and the registry: a small heap each.
CLUSTER_HEAP_OPTS="${CLUSTER_HEAP_OPTS:--Xms128m -Xmx256m}"
CLUSTER_DATA_DIR="${CLUSTER_DATA_DIR:-$INFRA_DIR/data/cluster}"
CLUSTER_LOG_DIR="$LOG_DIR/cluster"
CLUSTER_REPLICATION_FACTOR=3
CLUSTER_MIN_ISR=2

cluster_port() { echo $((CLUSTER_BASE_PORT + $1 - 1)); }
cluster_controller_port() { echo $((CLUSTER_CONTROLLER_BASE_PORT + $1 - 1)); }
cluster_node_name() { echo "cluster-kafka-$1"; }
cluster_node_tag() { echo "-Dinfra.service=$(cluster_node_name "$1")@$INFRA_DIR"; }
cluster_node_running() { running "$(cluster_node_name "$1")" "$(cluster_node_tag "$1") "; }
cluster_node_config() { echo "$KAFKA_HOME/config/cluster-node-$1.properties"; }
cluster_node_ready() { kafka_ready_at "$(cluster_port "$1")" "$CLUSTER_LOG_DIR/node-$1"; }

# The settings the project's commands need for this cluster (KAFKA_BROKERS with every node).
cluster_brokers() {
  local n list=""
  for ((n = 1; n <= CLUSTER_NODES; n++)); do list="$list,$KAFKA_ADVERTISED_HOST:$(cluster_port "$n")"; done
  echo "${list#,}"
}

cluster_voters() {
  local n list=""
  for ((n = 1; n <= CLUSTER_NODES; n++)); do list="$list,$n@$KAFKA_HOST:$(cluster_controller_port "$n")"; done
  echo "${list#,}"
}

# Every node of a cluster is formatted with the same cluster id, kept beside the data.
cluster_id() {
  local f="$CLUSTER_DATA_DIR/cluster.id"
  if [[ ! -s "$f" ]]; then
    mkdir -p "$CLUSTER_DATA_DIR"
    kafka_random_cluster_id >"$f"
  fi
  cat "$f"
}

# cluster_node_launch N: start node N detached unless it runs.
cluster_node_launch() {
  local n="$1" name port config data
  name="$(cluster_node_name "$n")"
  port="$(cluster_port "$n")"
  cluster_node_running "$n" && return 0
  if port_open "$KAFKA_HOST" "$port"; then
    die "$name: $KAFKA_HOST:$port already answers but is not ours; set CLUSTER_BASE_PORT"
  fi
  config="$(cluster_node_config "$n")"
  data="$CLUSTER_DATA_DIR/node-$n"
  kafka_render_config "$config" "$port" "$(cluster_controller_port "$n")" "$data" "$n" \
    "$(cluster_voters)" "$CLUSTER_REPLICATION_FACTOR" "$CLUSTER_MIN_ISR"
  # Fail over quickly, so a stage pauses well under 10 s: a node that stops heartbeating is
  # fenced after 3 s (default 9 s) and its partitions and consumer groups move; when the dead
  # node was also the KRaft leader, the others elect a new one after 1 s without an answer
  # (default 2 s), and that one then waits the 3 s before fencing. Heartbeats every 500 ms
  # leave a loaded machine's pauses six beats before a live node is fenced.
  printf '%s\n' 'broker.heartbeat.interval.ms=500' 'broker.session.timeout.ms=3000' \
    'controller.quorum.fetch.timeout.ms=1000' >>"$config"
  kafka_format_dir "$name" "$config" "$data" "$(cluster_id)"
  local pid
  pid="$(kafka_spawn "$name" "$(cluster_node_tag "$n")" "$config" "$CLUSTER_LOG_DIR/node-$n" "$CLUSTER_HEAP_OPTS")"
  log "$name: starting $KAFKA_VERSION (pid $pid) on port $port"
}

# wait_until takes a function without arguments: the node it checks is set here.
CLUSTER_WAIT_NODE=""
cluster_wait_node_ready() { cluster_node_ready "$CLUSTER_WAIT_NODE"; }

cluster_node_wait() {
  local n="$1" name pid
  name="$(cluster_node_name "$n")"
  pid="$(pid_of "$name")"
  [[ -n "$pid" ]] || die "$name: not running"
  CLUSTER_WAIT_NODE="$n"
  wait_until "$name" "$START_TIMEOUT" "$pid" cluster_wait_node_ready \
    "$CLUSTER_LOG_DIR/node-$n/kafka.out" "$CLUSTER_LOG_DIR/node-$n/kafka-server.log"
}

# cluster_start [N]: every node (launched together: a quorum needs a majority to elect), or one.
cluster_start() {
  ensure_dirs
  kafka_fetch
  local n
  local -a nodes
  if [[ -n "${1:-}" ]]; then nodes=("$1"); else mapfile -t nodes < <(seq 1 "$CLUSTER_NODES"); fi
  for n in "${nodes[@]}"; do cluster_node_launch "$n"; done
  for n in "${nodes[@]}"; do cluster_node_wait "$n" || exit 1; done
  cluster_status
}

# cluster_stop [SIGNAL] [N]: graceful (controlled shutdown) by default; KILL is a crash.
cluster_stop() {
  local sig="${1:-TERM}" n
  local -a nodes
  if [[ -n "${2:-}" ]]; then nodes=("$2"); else mapfile -t nodes < <(seq 1 "$CLUSTER_NODES"); fi
  for n in "${nodes[@]}"; do
    stop_service "$(cluster_node_name "$n")" "$(cluster_node_tag "$n") " "$sig"
  done
}

cluster_reset() {
  cluster_stop TERM
  rm -rf "$CLUSTER_DATA_DIR"
  log "cluster: data wiped ($CLUSTER_DATA_DIR)"
}

cluster_status() {
  local n up=0
  for ((n = 1; n <= CLUSTER_NODES; n++)); do
    if cluster_node_running "$n"; then
      up=$((up + 1))
      echo "$(cluster_node_name "$n"): up (pid $(pid_of "$(cluster_node_name "$n")"), node $n) on $KAFKA_HOST:$(cluster_port "$n"), controller $KAFKA_HOST:$(cluster_controller_port "$n")"
    else
      echo "$(cluster_node_name "$n"): DOWN"
    fi
  done
  echo "cluster: $up of $CLUSTER_NODES nodes up; KAFKA_BROKERS=$(cluster_brokers) KAFKA_REPLICATION_FACTOR=$CLUSTER_REPLICATION_FACTOR KAFKA_MIN_INSYNC_REPLICAS=$CLUSTER_MIN_ISR"
  ((up == CLUSTER_NODES))
}

# cluster_cli COMMAND [N]: the dispatcher of cluster.sh.
cluster_cli() {
  local cmd="${1:-status}" node="${2:-}"
  if [[ -n "$node" ]] && ! [[ "$node" =~ ^[0-9]+$ && "$node" -ge 1 && "$node" -le "$CLUSTER_NODES" ]]; then
    echo "cluster.sh: node must be 1..$CLUSTER_NODES, not '$node'" >&2
    exit 2
  fi
  case "$cmd" in
  start) cluster_start "$node" ;;
  stop) cluster_stop TERM "$node" ;;
  kill) cluster_stop KILL "$node" ;;
  restart)
    cluster_stop TERM "$node"
    cluster_start "$node"
    ;;
  status) cluster_status ;;
  env)
    echo "KAFKA_BROKERS=$(cluster_brokers)"
    echo "KAFKA_REPLICATION_FACTOR=$CLUSTER_REPLICATION_FACTOR"
    echo "KAFKA_MIN_INSYNC_REPLICAS=$CLUSTER_MIN_ISR"
    ;;
  reset) cluster_reset ;;
  *)
    echo "usage: $(basename "$0") start|stop|kill|restart [NODE] | status | env | reset" >&2
    exit 2
    ;;
  esac
}
