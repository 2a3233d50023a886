# shellcheck shell=bash
# Apicurio Registry: Quarkus fast-jar from Maven Central, SQL storage in PostgreSQL.
# Sourced by scripts/infra/lib.sh after lib/common.sh and lib/postgres.sh.

REGISTRY_HOST="${REGISTRY_HOST:-127.0.0.1}"
REGISTRY_PORT="${REGISTRY_PORT:-8081}"
# Quarkus serves health/metrics on a separate management port (its default 9000 is too common).
REGISTRY_MGMT_PORT="${REGISTRY_MGMT_PORT:-9081}"
REGISTRY_HEAP_OPTS="${REGISTRY_HEAP_OPTS:--Xms128m -Xmx384m}"
REGISTRY_HOME="$INFRA_DIR/apicurio-$APICURIO_VERSION"
REGISTRY_DB="${REGISTRY_DB:-schema_registry}"
REGISTRY_URL="http://localhost:$REGISTRY_PORT/apis/ccompat/v7"
# Fetched with mvn: io/apicurio/apicurio-registry-app/<ver>/apicurio-registry-app-<ver>-all.tar.gz
APICURIO_ARTIFACT="io.apicurio:apicurio-registry-app:${APICURIO_VERSION}:tar.gz:all"

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
  REGISTRY_LAUNCHED_PID=""
  should_launch registry "$REGISTRY_HOST" "$REGISTRY_PORT" || return 0
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

registry_start() { start_service registry; }

registry_stop() { stop_service registry "$REGISTRY_NEEDLE" "${1:-TERM}"; }

# registry_reset: drop and recreate the registry's database (all subjects and schema ids).
# Only sensible together with kafka_reset: existing messages carry the old ids.
registry_reset() { reset_service registry registry_recreate_database; }

registry_recreate_database() {
  pg_ready || die "registry: PostgreSQL must be up to reset $REGISTRY_DB"
  dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --if-exists --force "$REGISTRY_DB"
  log "registry: dropped database $REGISTRY_DB"
  createdb_if_missing "$REGISTRY_DB"
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
