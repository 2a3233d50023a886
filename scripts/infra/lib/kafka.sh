# shellcheck shell=bash
# Kafka: one KRaft node (broker + controller in one JVM) run from its Maven Central jars.
# Sourced by scripts/infra/lib.sh after lib/common.sh; lib/cluster.sh reuses its fetch and
# start helpers for the three-node cluster.

KAFKA_HOST="${KAFKA_HOST:-127.0.0.1}"
KAFKA_ADVERTISED_HOST="${KAFKA_ADVERTISED_HOST:-localhost}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
KAFKA_HOME="$INFRA_DIR/kafka-$KAFKA_VERSION"
# The data dir does not carry the version, so a version bump keeps topics and offsets.
KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$INFRA_DIR/data/kafka}"

# A JVM flag that tags our broker: pid checks and orphan lookups match on it (the trailing space
# is the argument boundary), independently of the Kafka version.
KAFKA_TAG="-Dinfra.service=kafka@$INFRA_DIR"
KAFKA_NEEDLE="$KAFKA_TAG "

kafka_running() { running kafka "$KAFKA_NEEDLE"; }

# Fetch the broker jars once with Maven (checksums verified: -C fails on a mismatch).
kafka_fetch() {
  [[ -e "$KAFKA_HOME/libs/.complete" ]] && return 0
  log "kafka: fetching org.apache.kafka:kafka_2.13:$KAFKA_VERSION and its dependencies with mvn"
  local tmp="$KAFKA_HOME/libs.tmp"
  rm -rf "$tmp"
  mkdir -p "$KAFKA_HOME"
  mvn_quiet dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" ||
    die "kafka: mvn could not fetch the broker jars"
  [[ -e "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ]] || die "kafka: kafka_2.13-$KAFKA_VERSION.jar missing after mvn"
  touch "$tmp/.complete"
  rm -rf "$KAFKA_HOME/libs"
  mv "$tmp" "$KAFKA_HOME/libs"
}

# kafka_render_config OUT PORT CONTROLLER_PORT DATA_DIR NODE_ID VOTERS RF MIN_ISR: writes
# infra/kafka/server.properties with one node's ports, data dir, quorum and replication settings
# (on every start, so overrides apply). The single broker and each cluster node use it.
kafka_render_config() {
  local out="$1" port="$2" cport="$3" data="$4" node="$5" voters="$6" rf="$7" min_isr="$8"
  mkdir -p "$(dirname "$out")" "$data"
  sed -e "s|{{KAFKA_HOST}}|$KAFKA_HOST|g" \
    -e "s|{{KAFKA_ADVERTISED_HOST}}|$KAFKA_ADVERTISED_HOST|g" \
    -e "s|{{KAFKA_PORT}}|$port|g" \
    -e "s|{{KAFKA_CONTROLLER_PORT}}|$cport|g" \
    -e "s|{{KAFKA_DATA_DIR}}|$data|g" \
    -e "s|{{NODE_ID}}|$node|g" \
    -e "s|{{QUORUM_VOTERS}}|$voters|g" \
    -e "s|{{REPLICATION_FACTOR}}|$rf|g" \
    -e "s|{{MIN_ISR}}|$min_isr|g" \
    "$REPO_ROOT/infra/kafka/server.properties" >"$out"
}

kafka_configure() {
  kafka_render_config "$KAFKA_HOME/config/server.properties" "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" \
    "$KAFKA_DATA_DIR" 1 "1@$KAFKA_HOST:$KAFKA_CONTROLLER_PORT" 1 1
}

# Run a Kafka tool class (StorageTool). No log4j config: log4j2's default prints errors only,
# and the caller captures the output.
kafka_java() { java -cp "$KAFKA_HOME/libs/*" "$@"; }

kafka_random_cluster_id() { kafka_java kafka.tools.StorageTool random-uuid | tail -n 1; }

# kafka_format_dir NAME CONFIG DATA_DIR CLUSTER_ID: format a node's KRaft storage only once (an
# existing meta.properties means data to keep).
kafka_format_dir() {
  local name="$1" config="$2" data="$3" cluster_id="$4"
  [[ -e "$data/meta.properties" ]] && return 0
  log "$name: formatting new storage in $data (cluster id $cluster_id)"
  kafka_java kafka.tools.StorageTool format --ignore-formatted \
    -t "$cluster_id" -c "$config" >>"$LOG_DIR/kafka-format.log" 2>&1 || {
    show_log_tail "$LOG_DIR/kafka-format.log"
    die "$name: storage format failed"
  }
}

kafka_format() {
  [[ -e "$KAFKA_DATA_DIR/meta.properties" ]] && return 0
  kafka_format_dir kafka "$KAFKA_HOME/config/server.properties" "$KAFKA_DATA_DIR" "$(kafka_random_cluster_id)"
}

# kafka_ready_at PORT LOG_DIR: the node logged "Kafka Server started" in this run's log and its
# port accepts. (The listener socket is bound before the broker serves requests.)
kafka_ready_at() {
  port_open "$KAFKA_HOST" "$1" && grep -q 'Kafka Server started' "$2/kafka-server.log" 2>/dev/null
}

kafka_ready() { kafka_ready_at "$KAFKA_PORT" "$LOG_DIR"; }

# kafka_spawn NAME TAG CONFIG LOG_DIR HEAP_OPTS: start one node detached, its log4j log and
# stdout in LOG_DIR; prints the pid.
kafka_spawn() {
  local name="$1" tag="$2" config="$3" logs="$4" heap="$5"
  mkdir -p "$logs"
  rotate "$logs/kafka.out"
  rotate "$logs/kafka-server.log"
  # setsid + nohup: own session, immune to the terminal's SIGHUP; survives this script's exit.
  # shellcheck disable=SC2086 # heap is a list of JVM flags
  setsid nohup java "$tag" $heap -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    -Dkafka.logs.dir="$logs" \
    -Dlog4j2.configurationFile="$REPO_ROOT/infra/kafka/log4j2.properties" \
    -cp "$KAFKA_HOME/libs/*" kafka.Kafka "$config" \
    >"$logs/kafka.out" 2>&1 </dev/null &
  adopt_pid "$name" "$tag " $!
}

# kafka_launch: start the broker detached if it is not up. Sets KAFKA_LAUNCHED_PID when it started one.
KAFKA_LAUNCHED_PID=""
kafka_launch() {
  KAFKA_LAUNCHED_PID=""
  should_launch kafka "$KAFKA_HOST" "$KAFKA_PORT" || return 0
  kafka_fetch
  kafka_configure
  kafka_format
  KAFKA_LAUNCHED_PID="$(kafka_spawn kafka "$KAFKA_TAG" "$KAFKA_HOME/config/server.properties" "$LOG_DIR" "$KAFKA_HEAP_OPTS")"
  log "kafka: starting $KAFKA_VERSION (pid $KAFKA_LAUNCHED_PID)"
}

kafka_wait() {
  local pid
  pid="$(pid_of kafka)"
  if [[ -z "$pid" ]]; then
    # Not ours: only check that something answers.
    port_open "$KAFKA_HOST" "$KAFKA_PORT" || die "kafka: not running"
    return 0
  fi
  if [[ -z "$KAFKA_LAUNCHED_PID" ]] && port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    return 0 # was already up before this run
  fi
  wait_until kafka "$START_TIMEOUT" "$pid" kafka_ready "$LOG_DIR/kafka.out" "$LOG_DIR/kafka-server.log"
}

kafka_start() { start_service kafka; }

# kafka_stop [SIGNAL]: graceful (controlled shutdown) by default; KILL simulates a crash.
kafka_stop() { stop_service kafka "$KAFKA_NEEDLE" "${1:-TERM}"; }

# kafka_reset: wipe the broker's data (topics, offsets, cluster id) and start a fresh cluster.
# Schema ids in the registry stay; messages referencing them are gone with the data.
kafka_reset() { reset_service kafka kafka_wipe_data; }

kafka_wipe_data() {
  rm -rf "$KAFKA_DATA_DIR"
  log "kafka: data wiped ($KAFKA_DATA_DIR)"
}

kafka_status() {
  if kafka_running; then
    echo "kafka: up (pid $(pid_of kafka), $KAFKA_VERSION KRaft) on $KAFKA_HOST:$KAFKA_PORT, advertised $KAFKA_ADVERTISED_HOST:$KAFKA_PORT, controller $KAFKA_HOST:$KAFKA_CONTROLLER_PORT"
  elif port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    echo "kafka: something not started by infra:up answers on $KAFKA_HOST:$KAFKA_PORT"
  else
    echo "kafka: DOWN"
  fi
}
