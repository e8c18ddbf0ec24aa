#!/usr/bin/env bash
# Bytes and figures that were accepted silently are rejected with one `file:line: problem` by `check`
# (exit 1), and the loaders skip the row with the same message (`info` warns): Latin-1 and
# Windows-1258 bytes (the format is UTF-8), a NUL byte, negative counts and amounts, a
# self-intersecting polygon (GEOS's reason; in GeoJSON and in a GeoPackage). Issue 20.
set -u
bin=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DISPLAY WAYLAND_DISPLAY
fail=0
# The columns without counted_by (optional): the rows below have 12 fields.
flows_header='start,end,gate_id,metric,value,value_high,qualifier,note,publisher,source_date,url,confidence'
row='2019-10-19,2019-10-19,tan_thanh,trucks_waiting,500,,approx,NOTE,VnExpress,2019-10-20,https://example.org/a,medium'

# expect NAME FILE EXPECTED_MESSAGE
expect() {
  local name=$1 file=$2 want=$3
  "$bin" check "$file" >"$tmp/out" 2>&1
  local rc=$?
  if [ "$rc" = 0 ]; then echo "FAIL: $name: check accepted it: $(cat "$tmp/out")"; fail=1; return; fi
  if ! grep -qF -- "$want" "$tmp/out"; then
    echo "FAIL: $name: expected '$want' in: $(cat "$tmp/out")"
    fail=1
    return
  fi
  [ "$(grep -c "^$file:" "$tmp/out")" = 1 ] || { echo "FAIL: $name: not one message: $(cat "$tmp/out")"; fail=1; return; }
  echo "ok: $name: $(grep "^$file:" "$tmp/out")"
}

# Latin-1 "é" (0xE9) and Windows-1258 "ơ" (0xF5), NUL.
{ echo "$flows_header"; echo "${row/NOTE/caf$'\xe9'}"; } >"$tmp/latin1.csv"
expect "Latin-1 byte" "$tmp/latin1.csv" "$tmp/latin1.csv:2: note is not UTF-8 (byte 0xE9 at byte 4 of the field"
{ echo "$flows_header"; echo "${row/NOTE/L$'\xe1'ng S$'\xf5'n}"; } >"$tmp/cp1258.csv"
expect "Windows-1258 bytes" "$tmp/cp1258.csv" "$tmp/cp1258.csv:2: note is not UTF-8 (byte 0xE1 at byte 2"
{ echo "$flows_header"; printf '%s\n' "${row/NOTE/a}" | sed 's/,a,/,a\x00b,/'; } >"$tmp/nul.csv"
expect "NUL byte" "$tmp/nul.csv" "$tmp/nul.csv:2: note holds a NUL byte (byte 2 of the field)"
{ echo "$flows_header"; echo "${row/,500,/,-500,}" | sed 's/NOTE/queue/'; } >"$tmp/negative.csv"
expect "negative count" "$tmp/negative.csv" "$tmp/negative.csv:2: value \"-500\" is negative (a count is 0 or more)"
trade_header=$(head -n1 "$root/data/trade.csv")
trade_row=$(sed -n 2p "$root/data/trade.csv")
# The value column of trade.csv, set to a negative amount.
col=$(echo "$trade_header" | tr ',' '\n' | grep -nx value | cut -d: -f1)
python3 - "$trade_header" "$trade_row" "$col" >"$tmp/trade.csv" <<'PY'
import csv, io, sys
header, row, col = sys.argv[1], sys.argv[2], int(sys.argv[3]) - 1
cells = next(csv.reader(io.StringIO(row)))
cells[col] = "-12.5"
units = header.split(",").index("unit")
cells[units] = "USD_million"
out = io.StringIO()
csv.writer(out, lineterminator="\n").writerow(cells)
print(header)
print(out.getvalue(), end="")
PY
expect "negative trade amount" "$tmp/trade.csv" "$tmp/trade.csv:2: value \"-12.5\" is negative (an amount of trade is 0 or more)"

# A self-intersecting polygon (a bow tie), with GEOS's reason and place.
cat >"$tmp/bowtie.geojson" <<'JSON'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"ok"},"geometry":{"type":"Polygon","coordinates":[[[106.5,21.8],[106.6,21.8],[106.6,21.9],[106.5,21.9],[106.5,21.8]]]}},
{"type":"Feature","properties":{"name":"bow tie"},"geometry":{"type":"Polygon","coordinates":[[[106.5,21.8],[106.6,21.9],[106.6,21.8],[106.5,21.9],[106.5,21.8]]]}}
]}
JSON
expect "self-intersecting polygon" "$tmp/bowtie.geojson" "$tmp/bowtie.geojson:feature 2: invalid polygon: Self-intersection[106.55 21.85]"
# The same in a GeoPackage (read through OGR, judged by GEOS the same way); `info` skips it.
ogr2ogr -f GPKG "$tmp/bowtie.gpkg" "$tmp/bowtie.geojson" 2>/dev/null
expect "self-intersecting polygon in a GeoPackage" "$tmp/bowtie.gpkg" \
  "$tmp/bowtie.gpkg:feature 2: invalid polygon: Self-intersection[106.55 21.85]"
mkdir "$tmp/gpkg"
cp "$tmp/bowtie.gpkg" "$tmp/gpkg/"
"$bin" --data "$tmp/gpkg" info >/dev/null 2>"$tmp/err"
grep -qF "warning: $tmp/gpkg/bowtie.gpkg:feature 2: invalid polygon: Self-intersection" "$tmp/err" ||
  { echo "FAIL: info did not report the GeoPackage's bow tie: $(cat "$tmp/err")"; fail=1; }

# The loaders skip the row with the same message.
mkdir "$tmp/d"
cp "$tmp/latin1.csv" "$tmp/d/flows.csv"
"$bin" --data "$tmp/d" info >/dev/null 2>"$tmp/err"
grep -qF "warning: $tmp/d/flows.csv:2: note is not UTF-8" "$tmp/err" ||
  { echo "FAIL: info did not report the Latin-1 row: $(cat "$tmp/err")"; fail=1; }

# The default data passes.
"$bin" check >"$tmp/out" 2>&1 || { echo "FAIL: the default data no longer passes: $(tail -n3 "$tmp/out")"; fail=1; }
exit $fail
