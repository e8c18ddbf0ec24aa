#!/usr/bin/env bash
# Messages that said too little name the problem (issue 20, "Unclear messages"): a symlink to a
# folder is a folder, not an empty file; a .geojson that is not JSON says where; a file no GDAL
# driver claims says so, never "unknown GDAL error".
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DISPLAY WAYLAND_DISPLAY
fail=0

# expect NAME EXPECTED_MESSAGE FORBIDDEN_TEXT PATH...
expect() {
  local name=$1 want=$2 bad=$3
  shift 3
  "$bin" check "$@" >"$tmp/out" 2>&1
  local rc=$?
  if [ "$rc" = 0 ] || ! grep -qF -- "$want" "$tmp/out" || grep -qF -- "$bad" "$tmp/out"; then
    echo "FAIL: $name: exit $rc: $(cat "$tmp/out")"
    fail=1
  else
    echo "ok: $name: $(grep -F -- "$want" "$tmp/out" | head -n1)"
  fi
}

ln -s . "$tmp/events.csv"
expect "symlink to ." "is a directory, not a file" "empty file" "$tmp/events.csv"
printf '\x89PNG not json' >"$tmp/map.geojson"
expect "not JSON" "$tmp/map.geojson: cannot be read as GeoJSON: JSON syntax error on line 1 (byte 0)" \
  "unknown GDAL error" "$tmp/map.geojson"
printf 'just words\n' >"$tmp/notes.gpkg"
expect "no driver" "no GDAL driver recognises it" "unknown GDAL error" "$tmp/notes.gpkg"
exit $fail
