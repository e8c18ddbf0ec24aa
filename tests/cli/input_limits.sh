#!/usr/bin/env bash
# Issue 20 (bounded resources), the limits' code paths on small files: the limits of
# geo/limits.hpp are lowered through the environment (GATEMAP_MAX_FILE_BYTES, _LINE_BYTES, _ROWS)
# so that a few kilobytes reach every refusal that a huge file reaches with the defaults
# (tests/heavy/huge_inputs.sh measures those). Each refusal is one short line naming the file,
# the place and the limit; `check` exits non-zero; info/export warn and load the rest.
# Usage: input_limits.sh /path/to/gatemap /path/to/repo
set -u
bin=$1
repo=$2
unset DISPLAY WAYLAND_DISPLAY GATEMAP_MAX_FILE_BYTES GATEMAP_MAX_LINE_BYTES GATEMAP_MAX_ROWS
gen="$repo/tests/heavy/make_input.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

# expect NAME WANT_RC WANT_TEXT -- COMMAND...: the output holds WANT_TEXT, no line over 400 bytes.
expect() {
  local name=$1 want_rc=$2 want=$3
  shift 4
  "$@" >"$tmp/out" 2>&1
  local rc=$?
  if [ "$want_rc" = nonzero ] && [ "$rc" = 0 ]; then
    fail "$name: exit 0: $(head -c 600 "$tmp/out")"
  elif [ "$want_rc" != nonzero ] && [ "$rc" != "$want_rc" ]; then
    fail "$name: exit $rc, expected $want_rc: $(head -c 600 "$tmp/out")"
  elif ! grep -qF -- "$want" "$tmp/out"; then
    fail "$name: no \"$want\" in: $(head -c 600 "$tmp/out")"
  elif [ "$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$tmp/out")" -gt 400 ]; then
    fail "$name: a line over 400 bytes: $(head -c 600 "$tmp/out")"
  else
    echo "ok: $name: $(grep -F -- "$want" "$tmp/out" | head -n1)"
  fi
}

# ---- file size: refused before it is read ---------------------------------------------------
mkdir "$tmp/big"
python3 "$gen" events_csv "$tmp/big/events.csv" 400000
size=$(stat -c %s "$tmp/big/events.csv")
# Above every file of the built-in data (land.geojson, 266 kB), which the same readers read.
export GATEMAP_MAX_FILE_BYTES=300000
expect "check, CSV over the size limit" nonzero \
  "$tmp/big/events.csv: file too large: $size bytes (limit 300000 bytes)" -- "$bin" check "$tmp/big/events.csv"
expect "info, CSV over the size limit" 0 \
  "warning: $tmp/big/events.csv: file too large: $size bytes (limit 300000 bytes)" -- "$bin" --data "$tmp/big" info
python3 "$gen" points_geojson "$tmp/big/points.geojson" 1500
gsize=$(stat -c %s "$tmp/big/points.geojson")
mkdir "$tmp/bigjson" && mv "$tmp/big/points.geojson" "$tmp/bigjson/"
expect "check, GeoJSON over the size limit" nonzero \
  "$tmp/bigjson/points.geojson: file too large: $gsize bytes (limit 300000 bytes)" -- "$bin" check "$tmp/bigjson/points.geojson"
expect "export, GeoJSON over the size limit" 0 \
  "warning: $tmp/bigjson/points.geojson: file too large: $gsize bytes (limit 300000 bytes)" -- \
  "$bin" --data "$tmp/bigjson" export --out "$tmp/a.png" --width 160 --height 100
# A folder is read whole: two files under the limit, over it together.
mkdir "$tmp/two"
python3 "$gen" events_csv "$tmp/two/a_events.csv" 200000
python3 "$gen" events_csv "$tmp/two/b_events.csv" 200000
total=$(($(stat -c %s "$tmp/two/a_events.csv") + $(stat -c %s "$tmp/two/b_events.csv")))
expect "check, a folder over the size limit" nonzero \
  "$tmp/two: the folder's data files are too large together: $total bytes (limit 300000 bytes)" -- "$bin" check "$tmp/two"
expect "info, a folder over the size limit" nonzero \
  "$tmp/two: the folder's data files are too large together: $total bytes (limit 300000 bytes)" -- \
  "$bin" --data "$tmp/two" info
# A complete dataset (a folder with its own frontier) counts together too: the default data's
# files are each under 300,000 bytes, together over.
mkdir "$tmp/complete"
cp "$repo"/data/*.csv "$repo"/data/*.geojson "$tmp/complete/"
expect "info, a complete dataset over the size limit" nonzero \
  "$tmp/complete: the folder's data files are too large together: " -- "$bin" --data "$tmp/complete" info
unset GATEMAP_MAX_FILE_BYTES
expect "info, the same dataset at the default limits" 0 "frontier" -- "$bin" --data "$tmp/complete" info

# ---- one long line: refused at the limit, quoted in a short excerpt at most -------------------
mkdir "$tmp/line"
python3 "$gen" one_line "$tmp/line/wide.csv" 60000
export GATEMAP_MAX_LINE_BYTES=4096
expect "check, a line over the limit" nonzero "$tmp/line/wide.csv:1: row too long (limit 4096 bytes)" -- \
  "$bin" check "$tmp/line/wide.csv"
expect "info, a line over the limit" 0 "$tmp/line/wide.csv:line 1: row too long (limit 4096 bytes)" -- \
  "$bin" --data "$tmp/line" info
unset GATEMAP_MAX_LINE_BYTES
# Under the limit the header is not recognised, and quoted in a short excerpt only.
expect "check, a long unknown header" nonzero "$tmp/line/wide.csv:1: unknown schema: header \"date,gate_id,x" -- \
  "$bin" check "$tmp/line/wide.csv"

# ---- rows and features ------------------------------------------------------------------------
# Above the rows of every built-in file (events.csv: 99).
export GATEMAP_MAX_ROWS=150
mkdir "$tmp/rows" "$tmp/features"
python3 "$gen" events_csv "$tmp/rows/events.csv" 30000  # about 250 rows
python3 "$gen" points_geojson "$tmp/features/points.geojson" 200
expect "check, CSV rows over the limit" nonzero "$tmp/rows/events.csv:152: too many rows (limit 150 rows)" -- \
  "$bin" check "$tmp/rows/events.csv"
expect "info, CSV rows over the limit" 0 "$tmp/rows/events.csv:line 152: too many rows (limit 150 rows)" -- \
  "$bin" --data "$tmp/rows" info
expect "check, features over the limit" nonzero \
  "$tmp/features/points.geojson:feature 151: too many features (limit 150 features)" -- \
  "$bin" check "$tmp/features/points.geojson"
expect "info, features over the limit" 0 \
  "$tmp/features/points.geojson:feature 151: too many features (limit 150 features)" -- \
  "$bin" --data "$tmp/features" info
ogr2ogr -f GPKG "$tmp/features.gpkg" "$tmp/features/points.geojson" 2>/dev/null
mkdir "$tmp/gpkg" && mv "$tmp/features.gpkg" "$tmp/gpkg/"
expect "check, GeoPackage features over the limit" nonzero \
  "$tmp/gpkg/features.gpkg:feature 151: too many features (limit 150 features)" -- "$bin" check "$tmp/gpkg/features.gpkg"
# A folder's rows count together: two files of 100 rows.
mkdir "$tmp/rows2"
head -n 101 "$tmp/rows/events.csv" >"$tmp/rows2/a_events.csv"
head -n 101 "$tmp/rows/events.csv" >"$tmp/rows2/b_events.csv"
expect "check, a folder's rows over the limit" nonzero \
  "$tmp/rows2: the folder's files hold too many rows and features together (limit 150 rows)" -- "$bin" check "$tmp/rows2"
expect "export, a folder's rows over the limit" nonzero \
  "$tmp/rows2: the folder's files hold too many rows and features together (limit 150 rows)" -- \
  "$bin" --data "$tmp/rows2" export --out "$tmp/b.png" --width 160 --height 100
[ ! -e "$tmp/b.png" ] || fail "export wrote a picture of a folder it refused"
unset GATEMAP_MAX_ROWS
# At the defaults the same files are read.
expect "check, the same files at the default limits" 0 "0 errors" -- "$bin" check "$tmp/rows2"
exit $status
