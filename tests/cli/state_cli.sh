#!/usr/bin/env bash
# `gatemap export --out state.geojson|csv|kml` and `--window` as a user runs them: bad input is one
# clear line, a non-zero exit and no file; an existing file is kept without --force, and then
# neither file of the pair is written.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DISPLAY WAYLAND_DISPLAY
fail=0
check() {  # check NAME EXPECTED_RC ACTUAL_RC
  if [ "$2" != "$3" ]; then echo "FAIL: $1: expected exit $2, got $3"; fail=1; else echo "ok: $1"; fi
}
one_line() {  # one_line NAME EXPECTED_TEXT: stderr is exactly one line holding the text
  if [ "$(wc -l < "$tmp/err")" != 1 ] || ! grep -qF -- "$2" "$tmp/err"; then
    echo "FAIL: $1: expected one line with '$2', got:"; cat "$tmp/err"; fail=1
  fi
}
empty_dir() {  # nothing written, not even a temporary file
  if [ -n "$(ls -A "$tmp/out")" ]; then echo "FAIL: $1: files left: $(ls -A "$tmp/out")"; fail=1; fi
}
mkdir "$tmp/out"

"$bin" export --window 2025-13-01,2025-01-01 --out "$tmp/out/s.csv" 2>"$tmp/err"; check "bad window date" 2 $?
one_line "bad window date" "gatemap export: --window '2025-13-01' is not a real date in the form YYYY-MM-DD"; empty_dir "bad window date"
"$bin" export --window 2025-12-31,2025-01-01 --out "$tmp/out/s.csv" 2>"$tmp/err"; check "reversed window" 2 $?
one_line "reversed window" "--window '2025-12-31,2025-01-01' ends before it starts"; empty_dir "reversed window"
"$bin" export --window 2025-01-01 --out "$tmp/out/s.csv" 2>"$tmp/err"; check "one date as a window" 2 $?
one_line "one date as a window" "is not FROM,TO"; empty_dir "one date as a window"
"$bin" info --window 2025-12-31,2025-01-01 2>"$tmp/err" >/dev/null; check "info reversed window" 2 $?
one_line "info reversed window" "gatemap info: --window '2025-12-31,2025-01-01' ends before it starts"
"$bin" export --format xls --out "$tmp/out/s.xls" 2>"$tmp/err"; check "unknown format" 2 $?
one_line "unknown format" "'xls' is not one of png, tif, mp4, webm, geojson, csv, kml"; empty_dir "unknown format"
"$bin" export --out "$tmp/out/s.xls" 2>"$tmp/err"; check "unknown extension" 2 $?
one_line "unknown extension" "use .png, .tif, .mp4, .webm, .geojson, .csv or .kml, or --format"; empty_dir "unknown extension"
"$bin" export --date 2025-01-01 --window 2025-01-01,2025-02-01 --out "$tmp/out/s.csv" 2>"$tmp/err"; check "date and window" 2 $?
one_line "date and window" "give either --date or --window, not both"; empty_dir "date and window"
"$bin" export --from 2025-01-01 --to 2025-02-01 --out "$tmp/out/s.csv" 2>"$tmp/err"; check "range to a state file" 2 $?
one_line "range to a state file" "a state file"; empty_dir "range to a state file"

# Written whole: both files of a pair; an existing figures file stops both without --force.
"$bin" export --date 2024-08-22 --out "$tmp/out/s.csv" 2>"$tmp/err"; check "csv" 0 $?
[ -s "$tmp/out/s.csv" ] && [ -s "$tmp/out/s.figures.csv" ] || { echo "FAIL: csv pair not written"; fail=1; }
rm "$tmp/out/s.csv"
"$bin" export --date 2024-08-22 --out "$tmp/out/s.csv" 2>"$tmp/err"; check "figures file exists" 1 $?
one_line "figures file exists" "s.figures.csv"
[ ! -e "$tmp/out/s.csv" ] || { echo "FAIL: s.csv written although s.figures.csv exists"; fail=1; }
"$bin" export --date 2024-08-22 --out "$tmp/out/s.csv" --force 2>"$tmp/err"; check "--force" 0 $?
rm -f "$tmp/out"/*
"$bin" export --date 2024-08-22 --out "$tmp/missing/s.geojson" 2>"$tmp/err"; check "missing folder" 1 $?
[ "$(wc -l < "$tmp/err")" = 1 ] || { echo "FAIL: missing folder: not one line"; cat "$tmp/err"; fail=1; }

# What QGIS reads: ogrinfo lists the layers and the features of each output.
"$bin" export --window 2025-01-01,2025-12-31 --out "$tmp/out/w.kml" 2>"$tmp/err"; check "kml over a window" 0 $?
ogrinfo -ro -so -al "$tmp/out/w.kml" > "$tmp/kml.txt" 2>&1 || { echo "FAIL: ogrinfo rejected the KML"; fail=1; }
grep -q "Layer name: gate_pairs" "$tmp/kml.txt" && grep -q "Layer name: figures" "$tmp/kml.txt" \
  && grep -q "Feature Count: 10" "$tmp/kml.txt" || { echo "FAIL: KML layers"; cat "$tmp/kml.txt"; fail=1; }
"$bin" export --date 2024-08-22 --format geojson --out "$tmp/out/g.json" 2>"$tmp/err"; check "--format geojson" 0 $?
ogrinfo -ro -so "$tmp/out/g.json" gate_pairs > "$tmp/gj.txt" 2>&1 && grep -q "Feature Count: 10" "$tmp/gj.txt" \
  || { echo "FAIL: geojson"; cat "$tmp/gj.txt"; fail=1; }
[ -s "$tmp/out/g.figures.geojson" ] || { echo "FAIL: g.figures.geojson missing"; fail=1; }
exit $fail
