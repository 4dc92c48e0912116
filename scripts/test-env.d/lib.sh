# Shared helpers of scripts/test-env: logging, state folders, free ports, processes.
# Sourced, never run. Every server is started in its own session (setsid) so that `down`
# can end it together with its children by process group, and nothing else.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE_DIR="${TEST_ENV_STATE_DIR:-$REPO_ROOT/.test-env}"
RUN_DIR="$STATE_DIR/run"
LOG_DIR="$STATE_DIR/logs"

log() { printf '[test-env %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# A port that nothing listens on, and that no other service of ours has claimed.
port_free() { ! ss -Htln "sport = :$1" 2>/dev/null | grep -q .; }
port_claimed() { cat "$RUN_DIR"/*.port 2>/dev/null | grep -qx "$1"; }

# pick_port NAME [WIDTH]: the port of NAME, kept from the last run while it is still free
# (stable addresses across restarts), else a new one. WIDTH>1 asks for that many
# consecutive free ports (Vault dev mode also binds port+1 for its cluster listener).
# Ports below 32768 stay out of Linux's ephemeral range, where outgoing connections live.
pick_port() {
  local name="$1" width="${2:-1}" f="$RUN_DIR/$1.port" p i ok
  if [ -f "$f" ]; then
    p="$(cat "$f")"; ok=1
    for ((i = 0; i < width; i++)); do port_free $((p + i)) || ok=0; done
    if [ "$ok" = 1 ]; then echo "$p"; return; fi
    log "port $p of $name is taken by another process: choosing a new one"
    rm -f "$f"
  fi
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 12000)); ok=1
    for ((i = 0; i < width; i++)); do
      if ! port_free $((p + i)) || port_claimed $((p + i)); then ok=0; fi
    done
    if [ "$ok" = 1 ]; then echo "$p" >"$f"; echo "$p"; return; fi
  done
  die "no free port found for $name"
}
port_of() { cat "$RUN_DIR/$1.port" 2>/dev/null || true; }

# start_proc NAME EXE [ARGS...]: runs EXE in a new session, output to logs/NAME.log.
# The pid file holds the pid and the process's start time, so that a recycled pid (after
# a reboot or a kill) is never mistaken for our server, even across an exec.
start_proc() {
  local name="$1"; shift
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  printf '\n=== %s start %s\n' "$(date -u +%FT%TZ)" "$*" >>"$LOG_DIR/$name.log"
  # 8>&-: the state lock's descriptor must not live on in the server, or the lock would
  # be held for as long as the server runs.
  setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null 8>&- &
  echo "$! $(proc_start_time $!)" >"$RUN_DIR/$name.pid"
}

# Field 22 of /proc/PID/stat (counted after the command name, which may hold spaces).
proc_start_time() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $20}' || true; }

pid_of() { awk '{print $1}' "$RUN_DIR/$1.pid" 2>/dev/null || true; }

# proc_alive NAME: the recorded pid is running and is still the process we started.
proc_alive() {
  local pid started
  [ -f "$RUN_DIR/$1.pid" ] || return 1
  read -r pid started <"$RUN_DIR/$1.pid"
  [ -n "$pid" ] && [ -n "$started" ] && [ "$(proc_start_time "$pid")" = "$started" ] && pid_running "$pid"
}

# A process that exists and is not a zombie (a killed server whose parent never reaps
# it stays a zombie: dead all the same).
pid_running() {
  local state; state="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $1}' || true)"
  [ -n "$state" ] && [ "$state" != Z ]
}

# stop_proc NAME: TERM to the whole process group, KILL after a grace period.
stop_proc() {
  local name="$1" pid i
  if proc_alive "$name"; then
    pid="$(pid_of "$name")"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 100); do pid_running "$pid" || break; sleep 0.1; done
    if pid_running "$pid"; then
      log "$name (pid $pid) ignored TERM for 10 s: killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$RUN_DIR/$name.pid"
}

# wait_until DESC SECONDS NAME CMD...: polls CMD until it succeeds; gives up when the
# deadline passes or when process NAME (if not "-") has exited, showing its log.
wait_until() {
  local desc="$1" secs="$2" name="$3"; shift 3
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [ "$name" != - ] && ! proc_alive "$name"; then
      log "$name exited while waiting for $desc; last lines of $LOG_DIR/$name.log:"
      tail -n 25 "$LOG_DIR/$name.log" >&2
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "timed out after ${secs}s waiting for $desc; last lines of $LOG_DIR/$name.log:"
      [ "$name" != - ] && tail -n 25 "$LOG_DIR/$name.log" >&2
      return 1
    fi
    sleep 0.25
  done
}

# A random secret for passwords and tokens, kept in the state folder.
secret_file() {
  local f="$STATE_DIR/secrets/$1"
  if [ ! -s "$f" ]; then
    mkdir -p "$STATE_DIR/secrets"; chmod 700 "$STATE_DIR/secrets"
    head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$f"
  fi
  cat "$f"
}
