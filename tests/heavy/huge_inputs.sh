#!/usr/bin/env bash
# Issue 20 (bounded resources), the huge inputs: peak resident memory of `check`, `info` and
# `export` (with --data DIR) stays under 2 GiB for a 1 GB CSV, a 200 MB single-line file and a
# GeoJSON of 10 million points (refused by the limits of geo/limits.hpp with a short message), and
# for the largest files the defaults accept (an events CSV of 100,000 long rows, just under 32 MiB, the size and row limits; 100,000
# gates as CSV and as GeoJSON points, the row limit). The inputs are generated in a temporary folder
# at test time (about 3.5 GB of disk), never committed. ctest label `heavy`: run by scripts/heavy.sh,
# never in CI. Prints one line per run: case, command, exit, peak RSS (MiB), CPU seconds.
# Usage: huge_inputs.sh /path/to/gatemap /path/to/repo
set -u
bin=$1
repo=$2
unset DISPLAY WAYLAND_DISPLAY GATEMAP_MAX_FILE_BYTES GATEMAP_MAX_LINE_BYTES GATEMAP_MAX_ROWS
gen="$repo/tests/heavy/make_input.py"
tmp=$(mktemp -d "${GATEMAP_HEAVY_TMP:-${TMPDIR:-/tmp}}/gatemap-heavy.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
limit_kib=$((2 * 1024 * 1024))
status=0

# run CASE DIR FILE WANT: check FILE, then info and export with --data DIR; WANT is a text every
# output must hold ("" when the file is accepted).
run() {
  local name=$1 dir=$2 file=$3 want=$4 cmd rc rss cpu
  for cmd in check info export; do
    case $cmd in
      check) set -- "$bin" check "$file" ;;
      info) set -- "$bin" --data "$dir" info ;;
      export) set -- "$bin" --data "$dir" export --out "$tmp/out.png" --width 640 --height 360 --force ;;
    esac
    /usr/bin/time -v -o "$tmp/time" "$@" >"$tmp/out" 2>&1
    rc=$?
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time")
    cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { print u + s }' "$tmp/time")
    printf '%-34s %-6s %11d bytes  exit %-3s peak RSS %5d MiB  CPU %6.1f s\n' "$name" "$cmd" \
      "$(stat -c %s "$file")" "$rc" $((rss / 1024)) "$cpu"
    if [ "$rss" -ge "$limit_kib" ]; then
      echo "FAIL: $name $cmd: peak RSS $rss KiB, over 2 GiB"
      status=1
    fi
    if [ "$rc" -ge 128 ]; then
      echo "FAIL: $name $cmd: killed or crashed (exit $rc): $(tail -c 400 "$tmp/out")"
      status=1
    fi
    if [ -n "$want" ] && ! grep -qF -- "$want" "$tmp/out"; then
      echo "FAIL: $name $cmd: no \"$want\" in: $(head -c 600 "$tmp/out")"
      status=1
    fi
    if [ "$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$tmp/out")" -gt 1000 ]; then
      echo "FAIL: $name $cmd: a message line over 1000 bytes"
      status=1
    fi
  done
}

mkdir "$tmp/csv1g" "$tmp/line200m" "$tmp/points10m" "$tmp/csv32m" "$tmp/gates100k" "$tmp/points100k"
python3 "$gen" events_csv "$tmp/csv1g/events.csv" 1000000000
run "1 GB events CSV" "$tmp/csv1g" "$tmp/csv1g/events.csv" "file too large"
rm -f "$tmp/csv1g/events.csv"
python3 "$gen" one_line "$tmp/line200m/wide.csv" 200000000
run "200 MB single-line CSV" "$tmp/line200m" "$tmp/line200m/wide.csv" "file too large"
GATEMAP_MAX_FILE_BYTES=300000000 run "  same, file limit raised to 300 MB" "$tmp/line200m" "$tmp/line200m/wide.csv" \
  "row too long (limit 65536 bytes)"
rm -f "$tmp/line200m/wide.csv"
python3 "$gen" points_geojson "$tmp/points10m/points.geojson" 10000000
run "GeoJSON of 10 million points" "$tmp/points10m" "$tmp/points10m/points.geojson" "file too large"
rm -f "$tmp/points10m/points.geojson"
# The largest files the defaults accept.
# 100,000 rows of about 320 bytes: just under both the size and the row limit.
python3 "$gen" events_csv "$tmp/csv32m/events.csv" $((32 * 1024 * 1024 - 100000)) 200
head -n 100001 "$tmp/csv32m/events.csv" >"$tmp/csv32m/e" && mv "$tmp/csv32m/e" "$tmp/csv32m/events.csv"
run "32 MiB events CSV (accepted)" "$tmp/csv32m" "$tmp/csv32m/events.csv" ""
python3 "$gen" gates_csv "$tmp/gates100k/gates.csv" 9000000
head -n 100001 "$tmp/gates100k/gates.csv" >"$tmp/gates100k/g" && mv "$tmp/gates100k/g" "$tmp/gates100k/gates.csv"
run "100,000 gates CSV (accepted)" "$tmp/gates100k" "$tmp/gates100k/gates.csv" ""
python3 "$gen" points_geojson "$tmp/points100k/points.geojson" 100000
run "100,000 GeoJSON points (accepted)" "$tmp/points100k" "$tmp/points100k/points.geojson" ""
exit $status
