# Shell functions for the window tests' scripts (sourced in the scripts they run under xvfb-run).

# wait_window PID [NAME]: waits up to 60 s for a visible window whose name holds NAME (default
# gatemap), unless the process PID ends first; prints the window's id (nothing when there is none).
wait_window() {
  local pid=$1 name=${2:-gatemap} id=
  for _ in $(seq 1 600); do
    id=$(xdotool search --onlyvisible --name "$name" 2>/dev/null | head -1)
    [ -n "$id" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "$id"
}
