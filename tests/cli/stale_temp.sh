#!/usr/bin/env bash
# A SIGKILLed export leaves its temporary `.NAME.tmp-PID-N`; the next export into that folder removes
# it (its process is gone), and keeps the temporary files of running processes and every other name.
# Issue 20 (Faults: SIGKILL).
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DISPLAY WAYLAND_DISPLAY
fail=0

# 1. A real export killed with SIGKILL half-way leaves its temporary file.
"$bin" export --out "$tmp/big.png" --width 16000 --height 16000 2>"$tmp/err" &
pid=$!
for _ in $(seq 600); do
  compgen -G "$tmp/.big.png.tmp-$pid-*" >/dev/null && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
killed=$(compgen -G "$tmp/.big.png.tmp-$pid-*")
if [ -z "$killed" ]; then
  echo "FAIL: the killed export left no temporary file to clean up: $(cat "$tmp/err")"
  exit 1
fi

# 2. More leftovers: a dead process's file and frame folder, a running process's file (this shell's),
# and names that only look alike.
sh -c 'exit 0' &
dead=$!
wait "$dead"
kill -0 "$dead" 2>/dev/null && { echo "skip: pid $dead was reused at once"; exit 0; }
echo x >"$tmp/.old.tif.tmp-$dead-3"
mkdir "$tmp/.frames.tmp-$dead-0"
echo x >"$tmp/.frames.tmp-$dead-0/2020-01-01.png"
echo x >"$tmp/.live.png.tmp-$$-0"
keep=("$tmp/.live.png.tmp-$$-0" "$tmp/notes.tmp-$dead-1" "$tmp/.x.tmp-$dead" "$tmp/.x.tmp-${dead}x-1"
  "$tmp/.tmp-$dead-1" "$tmp/x.png")
for f in "${keep[@]:1}"; do echo x >"$f"; done

# 3. The next export removes the stale ones only.
if ! "$bin" export --out "$tmp/small.png" --width 64 --height 64 2>"$tmp/err"; then
  echo "FAIL: export: $(cat "$tmp/err")"
  fail=1
fi
for f in "$killed" "$tmp/.old.tif.tmp-$dead-3" "$tmp/.frames.tmp-$dead-0"; do
  [ -e "$f" ] && { echo "FAIL: stale $f was not removed"; fail=1; }
done
for f in "${keep[@]}"; do
  [ -e "$f" ] || { echo "FAIL: $f was removed"; fail=1; }
done
[ -f "$tmp/small.png" ] || { echo "FAIL: no small.png"; fail=1; }
[ "$fail" = 0 ] && echo "ok: stale temporary files removed, live and unrelated ones kept"
exit $fail
