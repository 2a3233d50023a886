# shellcheck shell=bash
# Settings and helpers every service file uses: where things live, logging, pid files and
# process checks, waiting for readiness, Maven and Java lookups, the per-service CLI dispatcher.
# Sourced by scripts/infra/lib.sh; defines functions and settings only and starts nothing.
#
# Everything downloaded or written lives under $INFRA_DIR (default <repo>/.cache/infra, git-ignored):
#   kafka-<ver>/libs     broker jars            apicurio-<ver>/   registry app
#   data/kafka           broker log dirs        downloads/        registry tarball
#   data/cluster/node-N  cluster node log dirs  logs/             server logs
#   run/                 pid files + state

INFRA_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "$INFRA_SCRIPTS_DIR/../.." && pwd)"
# shellcheck source=scripts/infra/versions.sh
source "$INFRA_SCRIPTS_DIR/versions.sh"

INFRA_DIR="$(realpath -m "${INFRA_DIR:-$REPO_ROOT/.cache/infra}")" # absolute: pid checks match on it
RUN_DIR="$INFRA_DIR/run"
LOG_DIR="$INFRA_DIR/logs"
DOWNLOAD_DIR="$INFRA_DIR/downloads"

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
  # shellcheck disable=SC2016 # $1 and $2 are expanded by the inner bash, not here
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
  { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "$needle"
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
  # shellcheck disable=SC2013 # /proc/<pid>/cmdline paths contain no spaces
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

# should_launch NAME HOST PORT: true when service NAME is to be started here; false when our
# process already runs, or when something else answers on HOST:PORT (that one is left alone).
should_launch() {
  local name="$1" host="$2" port="$3"
  ensure_dirs
  "${name}_running" && return 1
  if port_open "$host" "$port"; then
    warn "$name: $host:$port already answers but is not ours (docker compose?); leaving it alone"
    return 1
  fi
}

# start_service NAME: NAME_launch, then NAME_wait (exits the script if it never gets ready), then
# NAME_status.
start_service() {
  "${1}_launch"
  "${1}_wait" || exit 1
  "${1}_status"
}

# reset_service NAME WIPE_FN: stop NAME, run WIPE_FN to wipe its stored state, and start it again
# only if it was running before, so a reset never brings up a service that was down.
reset_service() {
  local name="$1" wipe="$2" was_running=""
  "${name}_running" && was_running=1
  "${name}_stop" TERM
  "$wipe"
  if [[ -n "$was_running" ]]; then "${name}_start"; fi
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


# parse_brokers_option ARGS...: sets INFRA_BROKERS from `--brokers 1|3` (default: the
# INFRA_BROKERS environment variable, else 1). 1 = the single broker on 9092, 3 = the cluster.
parse_brokers_option() {
  INFRA_BROKERS="${INFRA_BROKERS:-1}"
  while (($# > 0)); do
    case "$1" in
    --brokers)
      INFRA_BROKERS="${2:-}"
      shift 2 || true
      ;;
    --brokers=*)
      INFRA_BROKERS="${1#--brokers=}"
      shift
      ;;
    *)
      echo "$(basename "$0"): unknown argument '$1'; use --brokers 1 or --brokers 3" >&2
      exit 2
      ;;
    esac
  done
  if [[ "$INFRA_BROKERS" != 1 && "$INFRA_BROKERS" != 3 ]]; then
    echo "$(basename "$0"): --brokers must be 1 (single broker) or 3 (cluster), not '$INFRA_BROKERS'" >&2
    exit 2
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
