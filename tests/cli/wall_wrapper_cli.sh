#!/usr/bin/env bash
# packaging/gatemap-wall, the wall service's wrapper, with a stand-in `gatemap` that records its
# arguments: the user's scenes when present; the packaged fallback when they are missing or
# rejected (exit 2), started by the wrapper itself (no restart loop); any other exit status of
# gatemap passed on to systemd; extra arguments passed through; WATCHDOG_PID cleared.
set -u
repo=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p "$tmp/bin" "$tmp/cfg/gatemap"
cat > "$tmp/bin/gatemap" <<'FAKE'
#!/bin/sh
echo "$* pid=${WATCHDOG_PID:-unset}" >> "$LOG"
[ -n "${REJECT:-}" ] && case "$*" in *"$REJECT"*) exit 2 ;; esac
exit "${RC:-0}"
FAKE
chmod +x "$tmp/bin/gatemap"
wall() { PATH="$tmp/bin:$PATH" XDG_CONFIG_HOME="$tmp/cfg" LOG="$tmp/log" WATCHDOG_PID=1 sh "$repo/packaging/gatemap-wall" "$@"; }
user="$tmp/cfg/gatemap/wall-scenes.json"
fallback=/usr/share/gatemap/scenes/wall-scenes-fallback.json

: > "$tmp/log"; wall --monitor 2 2>/dev/null; rc=$?
[ "$rc" -eq 0 ] && [ "$(cat "$tmp/log")" = "present --scenes $fallback --monitor 2 pid=unset" ] || fail "missing file: rc $rc, $(cat "$tmp/log")"

echo '[]' > "$user"
: > "$tmp/log"; RC=1 wall 2>/dev/null; rc=$?
[ "$rc" -eq 1 ] && [ "$(cat "$tmp/log")" = "present --scenes $user pid=unset" ] || fail "good file: rc $rc, $(cat "$tmp/log")"

: > "$tmp/log"; REJECT="$user" wall 2>"$tmp/err"; rc=$?
[ "$rc" -eq 0 ] && [ "$(wc -l < "$tmp/log")" -eq 2 ] && [ "$(tail -1 "$tmp/log")" = "present --scenes $fallback pid=unset" ] \
  || fail "rejected file: rc $rc, $(cat "$tmp/log")"
grep -q "was rejected" "$tmp/err" || fail "no word of the rejected file in the journal: $(cat "$tmp/err")"
echo "ok: user scenes, fallback when missing or rejected, exit status passed on"
