#!/usr/bin/env bash
# `gatemap export` stopped by SIGTERM or SIGINT (Ctrl-C) part-way: the process ends as killed by the
# signal, and leaves no temporary file (`.NAME.tmp-PID-N`), no destination, no frames of its own
# and no ffmpeg behind. Issue 20.
set -u
set -m  # job control: background jobs get SIGINT's default disposition (else bash ignores it for them)
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DISPLAY WAYLAND_DISPLAY
fail=0

# wait_for GLOB PID: until a file matching GLOB exists (or the export ended or 60 s passed).
wait_for() {
  for _ in $(seq 600); do
    compgen -G "$1" >/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# interrupt NAME SIGNAL GLOB_TO_WAIT_FOR LEFTOVER_GLOB DESTINATION ARGS...
interrupt() {
  local name=$1 sig=$2 ready=$3 leftover=$4 dest=$5
  shift 5
  "$bin" export "$@" 2>"$tmp/err" &
  local pid=$!
  if ! wait_for "$ready" "$pid"; then
    echo "FAIL: $name: the export never started writing ($ready): $(cat "$tmp/err")"
    fail=1
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return
  fi
  sleep 0.3
  local child
  child=$(pgrep -P "$pid" 2>/dev/null | head -n1)
  kill -"$sig" "$pid"
  wait "$pid"
  local rc=$? want=$((128 + $(kill -l "$sig"))) failed_before=$fail
  fail=0
  if [ "$rc" != "$want" ]; then echo "FAIL: $name: exit status $rc, expected $want"; fail=1; fi
  if compgen -G "$leftover" >/dev/null; then
    echo "FAIL: $name: left $(compgen -G "$leftover" | tr '\n' ' ')"
    fail=1
  fi
  if [ -e "$dest" ]; then echo "FAIL: $name: $dest exists"; fail=1; fi
  if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
    echo "FAIL: $name: child process $child ($(cat /proc/"$child"/comm 2>/dev/null)) still runs"
    kill -KILL "$child" 2>/dev/null
    fail=1
  fi
  [ "$fail" = 0 ] && echo "ok: $name"
  [ "$failed_before" = 1 ] && fail=1
  rm -rf "$dest" "$tmp"/.*.tmp-* 2>/dev/null
}

for sig in TERM INT; do
  interrupt "big PNG, SIG$sig" "$sig" "$tmp/.big.png.tmp-*" "$tmp/.big.png.tmp-*" "$tmp/big.png" \
    --out "$tmp/big.png" --width 16000 --height 16000 --force
  # A GeoTIFF is written by the full program (libgatemap_full.so, GDAL), which the lean executable loads.
  interrupt "GeoTIFF, SIG$sig" "$sig" "$tmp/.big.tif.tmp-*" "$tmp/.big.tif.tmp-*" "$tmp/big.tif" \
    --out "$tmp/big.tif" --width 8000 --height 8000
  # Frames go to a hidden folder next to the destination, renamed into place when complete.
  interrupt "frame sequence, SIG$sig" "$sig" "$tmp/.frames.tmp-*/*.png" "$tmp/.frames.tmp-*" "$tmp/frames" \
    --from 2020-01-01 --to 2020-12-31 --step day --out-dir "$tmp/frames" --width 640 --height 360
  if command -v ffmpeg >/dev/null; then
    interrupt "MP4, SIG$sig" "$sig" "$tmp/.v.mp4.tmp-*" "$tmp/.v.mp4.tmp-*" "$tmp/v.mp4" \
      --from 2020-01-01 --to 2020-12-31 --step day --out "$tmp/v.mp4" --width 1920 --height 1080
  else
    echo "skip: MP4, SIG$sig (no ffmpeg)"
  fi
done

# Frames that were there before a --force run stay as they were (this run's go to a hidden folder
# inside, moved into place only when complete); only this run's frames go.
mkdir "$tmp/keep"
echo keep >"$tmp/keep/notes.txt"
echo older >"$tmp/keep/2020-01-01.png"
"$bin" export --from 2020-01-01 --to 2020-12-31 --step day --out-dir "$tmp/keep" --width 640 --height 360 --force \
  2>"$tmp/err" &
pid=$!
if wait_for "$tmp/keep/.keep.tmp-*/*.png" "$pid"; then
  sleep 0.3
  kill -TERM "$pid"
  wait "$pid"
  [ "$(ls "$tmp/keep")" = "$(printf '2020-01-01.png\nnotes.txt')" ] ||
    { echo "FAIL: existing folder now holds: $(ls "$tmp/keep" | tr '\n' ' ')"; fail=1; }
  [ "$(cat "$tmp/keep/2020-01-01.png")" = older ] || { echo "FAIL: an older frame was replaced"; fail=1; }
  compgen -G "$tmp/keep/.*.tmp-*" >/dev/null && { echo "FAIL: hidden folder or temporary frame left"; fail=1; }
  [ -f "$tmp/keep/notes.txt" ] || { echo "FAIL: a file that was there before was removed"; fail=1; }
else
  echo "FAIL: existing folder: the export never wrote a frame: $(cat "$tmp/err")"
  fail=1
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
fi

exit $fail
