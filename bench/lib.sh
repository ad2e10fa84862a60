# Shared by the bench scripts (sourced, not run).

# Stops a process the script started: TERM, up to $2 seconds (default 10) to exit, then KILL.
stop_pid() {
  local pid="$1" seconds="${2:-10}"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 $((seconds * 10))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}
