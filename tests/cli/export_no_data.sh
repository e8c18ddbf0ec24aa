#!/usr/bin/env bash
# Issue 16: an export of a box that holds no map data says so on stderr and still exits 0 (the
# picture is written); a box with data says nothing of the kind.
set -u
bin=$1
unset DISPLAY WAYLAND_DISPLAY
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" export --out "$tmp/empty.png" --width 320 --height 200 --bbox 100,10,101,11 2> "$tmp/err"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: exit $rc"; cat "$tmp/err"; exit 1; }
[ -s "$tmp/empty.png" ] || { echo "FAIL: no picture written"; exit 1; }
grep -q '^warning: no map data inside 100,10,101,11' "$tmp/err" || { echo "FAIL: no warning:"; cat "$tmp/err"; exit 1; }
"$bin" export --out "$tmp/ok.png" --width 320 --height 200 --bbox 106.6,21.75,107.1,22.05 2> "$tmp/err2" ||
  { echo "FAIL: export of a box with data exited $?"; exit 1; }
if grep -q 'no map data' "$tmp/err2"; then echo "FAIL: warned for a box with data"; cat "$tmp/err2"; exit 1; fi
echo "ok: $(grep 'no map data' "$tmp/err")"
