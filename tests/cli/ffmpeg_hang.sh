#!/usr/bin/env bash
# An ffmpeg that stops reading frames, or never finishes after its input ended, is stopped after the
# timeout (GATEMAP_FFMPEG_TIMEOUT, lowered here to 2 s): a clear message, a non-zero exit, no video,
# no temporary file, no ffmpeg left running. An empty PATH entry is not the current folder.
# Issue 20 (Faults: an external program that hangs; Safety: PATH).
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DISPLAY WAYLAND_DISPLAY
fail=0
mkdir "$tmp/bin" "$tmp/out"
# Reads nothing: the pipe fills up and the export would wait for ever.
printf '#!/bin/sh\necho "$$" >"%s/pid"\nexec sleep 1000\n' "$tmp" >"$tmp/bin/ffmpeg"
chmod +x "$tmp/bin/ffmpeg"

run_case() {  # NAME EXPECTED_WORDS
  local name=$1 words=$2
  rm -f "$tmp/pid"
  GATEMAP_FFMPEG_TIMEOUT=2 PATH="$tmp/bin:$PATH" timeout 120 "$bin" export --out "$tmp/out/v.mp4" \
    --width 320 --height 180 --from 2020-01-01 --to 2020-12-31 --step day 2>"$tmp/err"
  local rc=$?
  if [ "$rc" = 0 ] || [ "$rc" = 124 ]; then echo "FAIL: $name: exit status $rc"; fail=1; fi
  if ! grep -q "v.mp4: ffmpeg $words for 2 s and was stopped" "$tmp/err"; then
    echo "FAIL: $name: message: $(cat "$tmp/err")"
    fail=1
  fi
  if [ -n "$(ls -A "$tmp/out")" ]; then echo "FAIL: $name: left $(ls -A "$tmp/out")"; fail=1; fi
  if [ -s "$tmp/pid" ] && kill -0 "$(cat "$tmp/pid")" 2>/dev/null; then
    echo "FAIL: $name: the fake ffmpeg still runs"
    kill -KILL "$(cat "$tmp/pid")"
    fail=1
  fi
  [ "$fail" = 0 ] && echo "ok: $name: $(head -n1 "$tmp/err")"
}

run_case "ffmpeg that reads nothing" "stopped reading frames"
# Reads every frame, then never exits.
printf '#!/bin/sh\necho "$$" >"%s/pid"\ncat >/dev/null\nexec sleep 1000\n' "$tmp" >"$tmp/bin/ffmpeg"
run_case "ffmpeg that never finishes" "did not finish the video"

# PATH with an empty entry (the current folder to a shell): an ffmpeg there is not run.
cd "$tmp/bin"
PATH="/nonexistent::" "$bin" export --out "$tmp/out/w.mp4" --width 320 --height 180 \
  --from 2020-01-01 --to 2020-01-03 2>"$tmp/err"
rc=$?
if [ "$rc" = 0 ] || ! grep -q "ffmpeg not found" "$tmp/err"; then
  echo "FAIL: empty PATH entry: rc $rc: $(cat "$tmp/err")"
  fail=1
else
  echo "ok: an empty PATH entry is not the current folder"
fi
exit $fail
