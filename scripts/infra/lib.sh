# shellcheck shell=bash
# Shared functions for the local infrastructure: Kafka (KRaft, from Maven Central jars),
# Apicurio Registry (Confluent-compatible API) and the machine's PostgreSQL.
# Sourced by up.sh, down.sh, status.sh and the per-service helpers (kafka.sh, registry.sh,
# postgres.sh); it defines functions and settings only and starts nothing by itself.
#
# Everything downloaded or written lives under $INFRA_DIR (default <repo>/.cache/infra, git-ignored):
#   kafka-<ver>/libs     broker jars            apicurio-<ver>/   registry app
#   data/kafka           broker log dirs        downloads/        registry tarball
#   logs/                server logs            run/              pid files + state

# ---------------------------------------------------------------------------------------------
# Settings (all overridable from the environment)
# ---------------------------------------------------------------------------------------------
INFRA_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$INFRA_SCRIPTS_DIR/../.." && pwd)"
# shellcheck source=scripts/infra/versions.sh
source "$INFRA_SCRIPTS_DIR/versions.sh"

INFRA_DIR="$(realpath -m "${INFRA_DIR:-$REPO_ROOT/.cache/infra}")" # absolute: pid checks match on it
RUN_DIR="$INFRA_DIR/run"
LOG_DIR="$INFRA_DIR/logs"
DOWNLOAD_DIR="$INFRA_DIR/downloads"

KAFKA_HOST="${KAFKA_HOST:-127.0.0.1}"
KAFKA_ADVERTISED_HOST="${KAFKA_ADVERTISED_HOST:-localhost}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
KAFKA_HOME="$INFRA_DIR/kafka-$KAFKA_VERSION"
# The data dir does not carry the version, so a version bump keeps topics and offsets.
KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$INFRA_DIR/data/kafka}"

REGISTRY_HOST="${REGISTRY_HOST:-127.0.0.1}"
REGISTRY_PORT="${REGISTRY_PORT:-8081}"
# Quarkus serves health/metrics on a separate management port (its default 9000 is too common).
REGISTRY_MGMT_PORT="${REGISTRY_MGMT_PORT:-9081}"
REGISTRY_HEAP_OPTS="${REGISTRY_HEAP_OPTS:--Xms128m -Xmx384m}"
REGISTRY_HOME="$INFRA_DIR/apicurio-$APICURIO_VERSION"
REGISTRY_DB="${REGISTRY_DB:-schema_registry}"
REGISTRY_URL="http://localhost:$REGISTRY_PORT/apis/ccompat/v7"

PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-5432}"
PG_USER="${PG_USER:-postgres}"
PG_PASSWORD="${PG_PASSWORD:-postgres}" # ignored by the machine's trust auth, used by compose
PG_DB="${PG_DB:-market}"
# Marker: present only while PostgreSQL runs because up.sh started it (down.sh then stops it).
PG_OWNED_MARKER="$RUN_DIR/postgres.started-by-infra"

START_TIMEOUT="${START_TIMEOUT:-120}" # seconds, per service
STOP_TIMEOUT="${STOP_TIMEOUT:-20}"    # seconds before SIGTERM turns into SIGKILL

# ---------------------------------------------------------------------------------------------
# Generic helpers
# ---------------------------------------------------------------------------------------------
log() { printf '[infra] %s\n' "$*"; }
warn() { printf '[infra] WARNING: %s\n' "$*" >&2; }
die() {
  printf '[infra] ERROR: %s\n' "$*" >&2
  exit 1
}

ensure_dirs() { mkdir -p "$RUN_DIR" "$LOG_DIR" "$DOWNLOAD_DIR"; }

# port_open HOST PORT: true if a TCP connect succeeds within 2 s (bash /dev/tcp, no nc needed).
port_open() {
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# pid_of NAME: prints the pid recorded in run/NAME.pid (nothing if no file).
pid_of() {
  local f="$RUN_DIR/$1.pid"
  [[ -s "$f" ]] && tr -dc '0-9' <"$f"
  return 0
}

# proc_matches PID NEEDLE: the pid is alive AND its command line contains NEEDLE. The second
# check guards against a stale pid file whose number was reused by an unrelated process.
proc_matches() {
  local pid="$1" needle="$2"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$needle"
}

# running NAME NEEDLE: our process for service NAME is alive. Drops a stale pid file, and
# re-adopts our process if its pid file was lost (found by its command line, see orphan_pids).
running() {
  local name="$1" needle="$2" pid
  pid="$(pid_of "$name")"
  if [[ -n "$pid" ]] && proc_matches "$pid" "$needle"; then return 0; fi
  rm -f "$RUN_DIR/$name.pid"
  pid="$(orphan_pids "$needle" | head -n 1)"
  [[ -n "$pid" ]] || return 1
  mkdir -p "$RUN_DIR"
  echo "$pid" >"$RUN_DIR/$name.pid"
  return 0
}

# orphan_pids NEEDLE: processes whose command line contains NEEDLE (our -Dinfra.service=...@$INFRA_DIR
# tag, so this never matches anything we did not start), e.g. after a lost pid file.
orphan_pids() {
  local needle="$1" f p
  # One grep over all command lines (NUL-separated there, hence no trailing space), then an exact
  # re-check of each hit (which also drops grep itself, gone by then).
  for f in $(grep -alF -- "${needle% }" /proc/[0-9]*/cmdline 2>/dev/null); do
    p="${f#/proc/}"
    p="${p%/cmdline}"
    [[ "$p" == "$$" || "$p" == "${BASHPID:-}" ]] && continue
    proc_matches "$p" "$needle" && echo "$p"
  done
  return 0
}

# alive PID: the process exists and is not a zombie (an exited server that pid 1, its parent
# once up.sh has exited, has not reaped yet counts as gone).
alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" || return 1
  [[ "$state" != "Z" ]]
}

# stop_pid NAME PID [SIGNAL]: SIGTERM (or SIGNAL), wait up to STOP_TIMEOUT, then SIGKILL.
stop_pid() {
  local name="$1" pid="$2" sig="${3:-TERM}" waited=0
  kill -s "$sig" "$pid" 2>/dev/null || return 0
  while alive "$pid"; do
    if ((waited >= STOP_TIMEOUT * 10)); then
      warn "$name (pid $pid) still alive after ${STOP_TIMEOUT}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

# stop_service NAME NEEDLE [SIGNAL]: stop our process (pid file, plus any orphan of ours).
stop_service() {
  local name="$1" needle="$2" sig="${3:-TERM}" pid stopped=""
  pid="$(pid_of "$name")"
  if [[ -n "$pid" ]] && proc_matches "$pid" "$needle"; then
    stop_pid "$name" "$pid" "$sig"
    stopped="$pid"
  fi
  for pid in $(orphan_pids "$needle"); do
    warn "$name: stopping pid $pid that was running without a pid file"
    stop_pid "$name" "$pid" "$sig"
    stopped="$stopped $pid"
  done
  rm -f "$RUN_DIR/$name.pid"
  if [[ -n "$stopped" ]]; then log "$name: stopped (pid ${stopped# })"; else log "$name: not running"; fi
}

# adopt_pid NAME NEEDLE PID: record the pid of the server we just launched. $! is normally the
# java process itself (setsid/nohup exec into it); if setsid had to fork, find the real one.
adopt_pid() {
  local name="$1" needle="$2" pid="$3" found
  sleep 0.3
  if ! proc_matches "$pid" "$needle"; then
    found="$(orphan_pids "$needle" | head -n 1)"
    [[ -n "$found" ]] && pid="$found"
  fi
  echo "$pid" >"$RUN_DIR/$name.pid"
  echo "$pid"
}

# show_log_tail FILE...: the last 40 lines of each existing file, for failed starts.
show_log_tail() {
  local f
  for f in "$@"; do
    [[ -s "$f" ]] || continue
    printf '[infra] ----- last 40 lines of %s -----\n' "$f" >&2
    tail -n 40 "$f" >&2
    # The root cause is often far above the tail (shutdown noise follows a fatal error).
    if grep -qE '(ERROR|FATAL)' "$f"; then
      printf '[infra] ----- first errors in %s -----\n' "$f" >&2
      grep -m 5 -E '(ERROR|FATAL)' "$f" | cut -c1-400 >&2
    fi
  done
}

# rotate FILE: keep the previous run's log as FILE.prev so each start begins a fresh file.
rotate() { [[ -e "$1" ]] && mv -f "$1" "$1.prev"; return 0; }

# mvn_quiet GOAL ARGS...: Maven on infra/kafka/pom.xml (pinned plugin + versions), batch mode,
# strict checksums; output goes to logs/fetch.log and is shown only on failure.
mvn_quiet() {
  command -v mvn >/dev/null 2>&1 || die "mvn is required to fetch the servers from Maven Central"
  mvn -B -C -f "$REPO_ROOT/infra/kafka/pom.xml" \
    -Dkafka.version="$KAFKA_VERSION" \
    -Dslf4j.version="$KAFKA_SLF4J_VERSION" \
    -Dlog4j.version="$KAFKA_LOG4J_VERSION" \
    "$@" >"$LOG_DIR/fetch.log" 2>&1 || {
    show_log_tail "$LOG_DIR/fetch.log"
    return 1
  }
}

# java_major JAVA_BIN: prints the feature version (17, 21, 25...) of a java binary.
java_major() {
  "$1" -version 2>&1 | sed -nE '1s/.*version "([0-9]+)(\.[^"]*)?".*/\1/p'
}

# find_java MIN: prints a java binary of at least version MIN. Looks at $REGISTRY_JAVA_HOME,
# $JAVA_HOME, the java on PATH, then every JDK under /usr/lib/jvm (e.g. the Temurin 25 these
# machines carry next to the default OpenJDK 17).
find_java() {
  local min="$1" cand major
  local -a cands=()
  [[ -n "${REGISTRY_JAVA_HOME:-}" ]] && cands+=("$REGISTRY_JAVA_HOME/bin/java")
  [[ -n "${JAVA_HOME:-}" ]] && cands+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && cands+=("$(command -v java)")
  for cand in /usr/lib/jvm/*/bin/java; do [[ -x "$cand" ]] && cands+=("$cand"); done
  for cand in "${cands[@]}"; do
    [[ -x "$cand" ]] || continue
    major="$(java_major "$cand")"
    if [[ -n "$major" ]] && ((major >= min)); then
      echo "$cand"
      return 0
    fi
  done
  return 1
}

# wait_until NAME TIMEOUT PID CHECK_FN LOGFILES...: polls CHECK_FN every 0.5 s until it succeeds.
# Fails early if PID dies, and prints the log tails on failure.
wait_until() {
  local name="$1" timeout="$2" pid="$3" check="$4" deadline
  shift 4
  deadline=$((SECONDS + timeout))
  until "$check"; do
    if [[ -n "$pid" ]] && ! alive "$pid"; then
      printf '[infra] ERROR: %s exited during startup (pid %s)\n' "$name" "$pid" >&2
      show_log_tail "$@"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      printf '[infra] ERROR: %s not ready after %ss\n' "$name" "$timeout" >&2
      show_log_tail "$@"
      return 1
    fi
    sleep 0.5
  done
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL (the machine's own cluster, started with pg_ctlcluster if it is down)
# ---------------------------------------------------------------------------------------------
export PGPASSWORD="${PGPASSWORD:-$PG_PASSWORD}"

pg_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2 >/dev/null 2>&1; }

# The Debian cluster version (e.g. 15): the one directory under /etc/postgresql.
pg_cluster_version() {
  local v
  v="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$v" ]] || die "postgres: no cluster under /etc/postgresql; is PostgreSQL installed?"
  echo "$v"
}

pg_ctl_cluster() { pg_ctlcluster --skip-systemctl-redirect "$(pg_cluster_version)" main "$@"; }

# postgres_start [--own]: start the cluster if it is down. With --own (used by up.sh) remember
# that we started it, so that down.sh stops it again; otherwise ownership is left as it was.
postgres_start() {
  ensure_dirs
  if pg_ready; then
    log "postgres: already up on $PG_HOST:$PG_PORT"
    return 0
  fi
  log "postgres: down, starting cluster $(pg_cluster_version)/main"
  pg_ctl_cluster start || {
    show_log_tail "/var/log/postgresql/postgresql-$(pg_cluster_version)-main.log"
    die "postgres: pg_ctlcluster start failed"
  }
  [[ "${1:-}" == "--own" ]] && touch "$PG_OWNED_MARKER"
  postgres_wait
}

postgres_wait() {
  wait_until postgres "$START_TIMEOUT" "" pg_ready \
    "/var/log/postgresql/postgresql-$(pg_cluster_version)-main.log" || exit 1
}

# postgres_stop [fast|immediate]: stop the cluster (used by fault-injection tests and by
# down.sh when up.sh had started it). 'immediate' is a crash-like stop (recovery on next start).
postgres_stop() {
  local mode="${1:-fast}"
  if ! pg_ready; then
    log "postgres: not running"
    return 0
  fi
  pg_ctl_cluster stop -m "$mode"
  log "postgres: stopped (-m $mode)"
}

# createdb_if_missing NAME
createdb_if_missing() {
  local db="$1"
  if [[ "$(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -Atc \
    "select 1 from pg_database where datname = '$db'")" == "1" ]]; then
    return 0
  fi
  createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db"
  log "postgres: created database $db"
}

postgres_up() {
  postgres_start --own
  createdb_if_missing "$PG_DB"
  createdb_if_missing "$REGISTRY_DB"
}

postgres_status() {
  local owner="machine service"
  [[ -e "$PG_OWNED_MARKER" ]] && owner="started by infra:up"
  if pg_ready; then
    echo "postgres: up on $PG_HOST:$PG_PORT ($owner), databases: $PG_DB, $REGISTRY_DB"
  else
    echo "postgres: DOWN ($PG_HOST:$PG_PORT)"
  fi
}

# ---------------------------------------------------------------------------------------------
# Kafka (KRaft, combined broker + controller, run from its Maven Central jars)
# ---------------------------------------------------------------------------------------------
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

# Render infra/kafka/server.properties with the current ports/dirs (on every start).
kafka_configure() {
  mkdir -p "$KAFKA_HOME/config" "$KAFKA_DATA_DIR"
  sed -e "s|{{KAFKA_HOST}}|$KAFKA_HOST|g" \
    -e "s|{{KAFKA_ADVERTISED_HOST}}|$KAFKA_ADVERTISED_HOST|g" \
    -e "s|{{KAFKA_PORT}}|$KAFKA_PORT|g" \
    -e "s|{{KAFKA_CONTROLLER_PORT}}|$KAFKA_CONTROLLER_PORT|g" \
    -e "s|{{KAFKA_DATA_DIR}}|$KAFKA_DATA_DIR|g" \
    "$REPO_ROOT/infra/kafka/server.properties" >"$KAFKA_HOME/config/server.properties"
}

# Run a Kafka tool class (StorageTool). No log4j config: log4j2's default prints errors only,
# and the caller captures the output.
kafka_java() { java -cp "$KAFKA_HOME/libs/*" "$@"; }

# Format the KRaft storage only once: an existing meta.properties means data to keep.
kafka_format() {
  [[ -e "$KAFKA_DATA_DIR/meta.properties" ]] && return 0
  local cluster_id
  cluster_id="$(kafka_java kafka.tools.StorageTool random-uuid | tail -n 1)"
  log "kafka: formatting new storage in $KAFKA_DATA_DIR (cluster id $cluster_id)"
  kafka_java kafka.tools.StorageTool format --ignore-formatted \
    -t "$cluster_id" -c "$KAFKA_HOME/config/server.properties" >>"$LOG_DIR/kafka-format.log" 2>&1 || {
    show_log_tail "$LOG_DIR/kafka-format.log"
    die "kafka: storage format failed"
  }
}

# Ready = our broker logged "Kafka Server started" in this run's log and the port accepts.
# (The listener socket is bound before the broker serves requests, so the port alone is not enough.)
kafka_ready() {
  port_open "$KAFKA_HOST" "$KAFKA_PORT" &&
    grep -q 'Kafka Server started' "$LOG_DIR/kafka-server.log" 2>/dev/null
}

# kafka_launch: start the broker detached if it is not up. Sets KAFKA_LAUNCHED_PID when it started one.
KAFKA_LAUNCHED_PID=""
kafka_launch() {
  ensure_dirs
  KAFKA_LAUNCHED_PID=""
  if kafka_running; then return 0; fi
  if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    warn "kafka: $KAFKA_HOST:$KAFKA_PORT already answers but is not ours (docker compose?); leaving it alone"
    return 0
  fi
  kafka_fetch
  kafka_configure
  kafka_format
  rotate "$LOG_DIR/kafka.out"
  rotate "$LOG_DIR/kafka-server.log"
  # setsid + nohup: own session, immune to the terminal's SIGHUP; survives this script's exit.
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is a list of JVM flags
  setsid nohup java "$KAFKA_TAG" $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    -Dkafka.logs.dir="$LOG_DIR" \
    -Dlog4j2.configurationFile="$REPO_ROOT/infra/kafka/log4j2.properties" \
    -cp "$KAFKA_HOME/libs/*" kafka.Kafka "$KAFKA_HOME/config/server.properties" \
    >"$LOG_DIR/kafka.out" 2>&1 </dev/null &
  KAFKA_LAUNCHED_PID="$(adopt_pid kafka "$KAFKA_NEEDLE" $!)"
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

kafka_start() {
  kafka_launch
  kafka_wait || exit 1
  kafka_status
}

# kafka_stop [SIGNAL]: graceful (controlled shutdown) by default; KILL simulates a crash.
kafka_stop() { stop_service kafka "$KAFKA_NEEDLE" "${1:-TERM}"; }

# kafka_reset: wipe the broker's data (topics, offsets, cluster id) and start a fresh cluster.
# Schema ids in the registry stay; messages referencing them are gone with the data.
kafka_reset() {
  local was_running=""
  kafka_running && was_running=1
  kafka_stop TERM
  rm -rf "$KAFKA_DATA_DIR"
  log "kafka: data wiped ($KAFKA_DATA_DIR)"
  if [[ -n "$was_running" ]]; then kafka_start; fi
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

# ---------------------------------------------------------------------------------------------
# Apicurio Registry (Quarkus fast-jar from Maven Central, SQL storage in PostgreSQL)
# ---------------------------------------------------------------------------------------------
REGISTRY_TAG="-Dinfra.service=registry@$INFRA_DIR" # see KAFKA_TAG
REGISTRY_NEEDLE="$REGISTRY_TAG "

registry_running() { running registry "$REGISTRY_NEEDLE"; }

# Fetch the app tarball once with Maven (cached in ~/.m2 across clones; -C verifies Maven
# Central's checksums), then unpack it.
registry_fetch() {
  [[ -e "$REGISTRY_HOME/.complete" ]] && return 0
  ensure_dirs
  local tgz="$DOWNLOAD_DIR/apicurio-registry-app-$APICURIO_VERSION-all.tar.gz"
  if [[ ! -s "$tgz" ]]; then
    log "registry: fetching $APICURIO_ARTIFACT (~160 MB) with mvn"
    mvn_quiet dependency:copy -Dartifact="$APICURIO_ARTIFACT" -Dmdep.overWriteReleases=true \
      -DoutputDirectory="$DOWNLOAD_DIR" || die "registry: mvn could not fetch $APICURIO_ARTIFACT"
    [[ -s "$tgz" ]] || die "registry: $tgz missing after mvn"
  fi
  log "registry: unpacking $(basename "$tgz")"
  local tmp="$REGISTRY_HOME.tmp"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  tar -xzf "$tgz" -C "$tmp" || {
    rm -f "$tgz" # a damaged download: fetch again next time
    die "registry: cannot unpack $tgz"
  }
  [[ -e "$tmp/quarkus-run.jar" ]] || die "registry: quarkus-run.jar not found in $(basename "$tgz")"
  touch "$tmp/.complete"
  rm -rf "$REGISTRY_HOME"
  mv "$tmp" "$REGISTRY_HOME"
}

registry_ready() {
  [[ "$(curl -s -o /dev/null -m 3 -w '%{http_code}' "$REGISTRY_URL/subjects")" == "200" ]]
}

# Configuration, as environment variables (Quarkus maps APICURIO_X_Y to apicurio.x.y).
registry_env() {
  # Storage: SQL on the machine's PostgreSQL, so ids survive restarts (Kafka messages carry them).
  export APICURIO_STORAGE_KIND=sql
  export APICURIO_STORAGE_SQL_KIND=postgresql
  export APICURIO_DATASOURCE_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$REGISTRY_DB"
  export APICURIO_DATASOURCE_USERNAME="$PG_USER"
  export APICURIO_DATASOURCE_PASSWORD="$PG_PASSWORD"
  # The default pool keeps 20 connections open; 2..10 is plenty here and spares max_connections.
  export APICURIO_DATASOURCE_JDBC_INITIAL_SIZE=2
  export APICURIO_DATASOURCE_JDBC_MIN_SIZE=2
  export APICURIO_DATASOURCE_JDBC_MAX_SIZE=10
  # HTTP. Authentication is off by default in Apicurio 3 (anonymous read/write): nothing to set.
  export QUARKUS_HTTP_HOST="$REGISTRY_HOST"
  export QUARKUS_HTTP_PORT="$REGISTRY_PORT"
  export QUARKUS_MANAGEMENT_HOST="$REGISTRY_HOST"
  export QUARKUS_MANAGEMENT_PORT="$REGISTRY_MGMT_PORT"
  # Allow deletes so tests can clean up subjects (off by default in Apicurio 3).
  export APICURIO_REST_DELETION_ARTIFACT_ENABLED=true
  export APICURIO_REST_DELETION_ARTIFACT_VERSION_ENABLED=true
  export APICURIO_REST_DELETION_GROUP_ENABLED=true
  # Keep temp files out of /tmp's shared space; readable log timestamps (the shipped pattern is broken).
  export APICURIO_STORAGE_SNAPSHOT_LOCATION="$INFRA_DIR/tmp"
  export APICURIO_IMPORT_WORK_DIR="$INFRA_DIR/tmp"
  export QUARKUS_LOG_CONSOLE_FORMAT='%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c{3.}] (%t) %s%e%n'
}

REGISTRY_LAUNCHED_PID=""
registry_launch() {
  ensure_dirs
  REGISTRY_LAUNCHED_PID=""
  if registry_running; then return 0; fi
  if port_open "$REGISTRY_HOST" "$REGISTRY_PORT"; then
    warn "registry: $REGISTRY_HOST:$REGISTRY_PORT already answers but is not ours (docker compose?); leaving it alone"
    return 0
  fi
  pg_ready || die "registry: PostgreSQL ($PG_HOST:$PG_PORT) must be up first (its storage lives there)"
  createdb_if_missing "$REGISTRY_DB"
  registry_fetch
  local java_bin
  java_bin="$(find_java "$APICURIO_MIN_JAVA")" ||
    die "registry: Apicurio $APICURIO_VERSION needs Java $APICURIO_MIN_JAVA+; none found (set REGISTRY_JAVA_HOME)"
  mkdir -p "$INFRA_DIR/tmp"
  rotate "$LOG_DIR/registry.log"
  # Run from the app dir: Quarkus reads ./.env and ./config/ from its cwd, and the repo's .env
  # belongs to the application, not to the registry. Subshell: the exports stay local.
  (
    cd "$REGISTRY_HOME" || exit 1
    registry_env
    # shellcheck disable=SC2086 # REGISTRY_HEAP_OPTS is a list of JVM flags
    exec setsid nohup "$java_bin" "$REGISTRY_TAG" $REGISTRY_HEAP_OPTS -Djava.awt.headless=true \
      -jar "$REGISTRY_HOME/quarkus-run.jar" >"$LOG_DIR/registry.log" 2>&1 </dev/null
  ) &
  REGISTRY_LAUNCHED_PID="$(adopt_pid registry "$REGISTRY_NEEDLE" $!)"
  log "registry: starting Apicurio Registry $APICURIO_VERSION with $java_bin (pid $REGISTRY_LAUNCHED_PID)"
}

registry_wait() {
  local pid
  pid="$(pid_of registry)"
  if [[ -z "$pid" ]]; then
    registry_ready || die "registry: not running"
    return 0
  fi
  if [[ -z "$REGISTRY_LAUNCHED_PID" ]] && registry_ready; then
    return 0
  fi
  wait_until registry "$START_TIMEOUT" "$pid" registry_ready "$LOG_DIR/registry.log"
}

registry_start() {
  registry_launch
  registry_wait || exit 1
  registry_status
}

registry_stop() { stop_service registry "$REGISTRY_NEEDLE" "${1:-TERM}"; }

# registry_reset: drop and recreate the registry's database (all subjects and schema ids).
# Only sensible together with kafka_reset: existing messages carry the old ids.
registry_reset() {
  local was_running=""
  registry_running && was_running=1
  registry_stop TERM
  pg_ready || die "registry: PostgreSQL must be up to reset $REGISTRY_DB"
  dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --if-exists --force "$REGISTRY_DB"
  log "registry: dropped database $REGISTRY_DB"
  createdb_if_missing "$REGISTRY_DB"
  if [[ -n "$was_running" ]]; then registry_start; fi
}

registry_status() {
  if registry_running; then
    echo "registry: up (pid $(pid_of registry), Apicurio $APICURIO_VERSION, SQL storage in postgres db $REGISTRY_DB) at $REGISTRY_URL"
  elif registry_ready; then
    echo "registry: something not started by infra:up answers at $REGISTRY_URL"
  else
    echo "registry: DOWN"
  fi
}

# service_cli NAME ARGS...: shared dispatcher for kafka.sh / registry.sh / postgres.sh.
service_cli() {
  local svc="$1" cmd="${2:-status}"
  case "$svc:$cmd" in
  kafka:start | registry:start) "${svc}_start" ;;
  postgres:start) postgres_start && postgres_status ;;
  kafka:stop | registry:stop) "${svc}_stop" ;;
  kafka:kill | registry:kill) "${svc}_stop" KILL ;; # crash-like: no graceful shutdown
  postgres:stop) postgres_stop fast ;;
  postgres:kill) postgres_stop immediate ;;
  kafka:reset | registry:reset) "${svc}_reset" ;;
  *:restart)
    service_cli "$svc" stop
    service_cli "$svc" start
    ;;
  *:status) "${svc}_status" ;;
  *)
    echo "usage: $(basename "$0") start|stop|kill|restart|status (kafka, registry: also reset)" >&2
    exit 2
    ;;
  esac
}
