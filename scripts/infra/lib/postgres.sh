# shellcheck shell=bash
# PostgreSQL: the machine's own cluster, started with pg_ctlcluster if it is down.
# Sourced by scripts/infra/lib.sh after lib/common.sh.

PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-5432}"
PG_USER="${PG_USER:-postgres}"
PG_PASSWORD="${PG_PASSWORD:-postgres}" # ignored by the machine's trust auth, used by compose
PG_DB="${PG_DB:-market}"
# Marker: present only while PostgreSQL runs because up.sh started it (down.sh then stops it).
PG_OWNED_MARKER="$RUN_DIR/postgres.started-by-infra"

export PGPASSWORD="${PGPASSWORD:-$PG_PASSWORD}"

pg_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2 >/dev/null 2>&1; }

# The Debian cluster version (e.g. 15): the one directory under /etc/postgresql.
pg_cluster_version() {
  local v
  v="$(find /etc/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)"
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
