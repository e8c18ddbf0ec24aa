#!/usr/bin/env bash
# `gatemap export` as a user runs it: no display, exit codes, refusing to overwrite, bad input.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DISPLAY WAYLAND_DISPLAY
fail=0
check() {  # check NAME EXPECTED_RC ACTUAL_RC
  if [ "$2" != "$3" ]; then echo "FAIL: $1: expected exit $2, got $3"; fail=1; else echo "ok: $1"; fi
}

"$bin" export --out "$tmp/a.png" --width 640 --height 360 2>"$tmp/err"; check "export without a display" 0 $?
head -c 8 "$tmp/a.png" | od -An -tx1 | grep -q "89 50 4e 47 0d 0a 1a 0a" || { echo "FAIL: not a PNG"; fail=1; }
python3 - "$tmp/a.png" <<'PY' || fail=1
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
w, h = struct.unpack('>II', data[16:24])
assert (w, h) == (640, 360), (w, h)
keys = []
i = 8
while i < len(data):
    n, = struct.unpack('>I', data[i:i+4]); t = data[i+4:i+8]
    if t == b'iTXt': keys.append(data[i+8:i+8+n].split(b'\0')[0].decode())
    i += 12 + n
for k in ('Title', 'gatemap:bbox', 'gatemap:crs', 'Source', 'Software'):
    assert k in keys, (k, keys)
print('ok: PNG size and metadata')
PY

cp "$tmp/a.png" "$tmp/before.png"
"$bin" export --out "$tmp/a.png" --width 320 --height 200 2>"$tmp/err"; check "refuses to overwrite without --force" 1 $?
grep -q -- "--force" "$tmp/err" || { echo "FAIL: message does not mention --force: $(cat "$tmp/err")"; fail=1; }
cmp -s "$tmp/a.png" "$tmp/before.png" || { echo "FAIL: existing file was changed"; fail=1; }
"$bin" export --out "$tmp/a.png" --width 320 --height 200 --force 2>"$tmp/err"; check "--force overwrites" 0 $?

"$bin" export --out "$tmp/b.png" --width 320 --height 200 --bbox 107.6,22.6,106.3,21.4 2>"$tmp/err"; check "bbox corners swapped" 2 $?
grep -q "south-west" "$tmp/err" || { echo "FAIL: unclear bbox message: $(cat "$tmp/err")"; fail=1; }
# The option is named once (it was "--bbox: --bbox: …"), and a value is parsed where it is read.
[ "$(grep -o -- "--bbox" "$tmp/err" | wc -l)" = 1 ] || { echo "FAIL: --bbox named more than once: $(cat "$tmp/err")"; fail=1; }
"$bin" export --out "$tmp/b.png" --width 320 --height 200 --bbox 106,21,107 2>"$tmp/err"; check "bbox of 3 numbers" 2 $?
grep -qxF "gatemap export: --bbox: expected 4 numbers LON0,LAT0,LON1,LAT1, found 3" "$tmp/err" \
  || { echo "FAIL: bbox message: $(cat "$tmp/err")"; fail=1; }
"$bin" export --out "$tmp/b.png" --width 320 --height 200 --date 2025-02-30 2>"$tmp/err"; check "not a real date" 2 $?
grep -qxF "gatemap export: --date '2025-02-30' is not a real date in the form YYYY-MM-DD" "$tmp/err" \
  || { echo "FAIL: date message: $(cat "$tmp/err")"; fail=1; }
"$bin" export --out "$tmp/b.png" --width 320 --height 200 --format jpg 2>"$tmp/err"; check "unknown --format" 2 $?
grep -qxF "gatemap export: --format: 'jpg' is not one of png, tif, mp4, webm, geojson, csv, kml" "$tmp/err" \
  || { echo "FAIL: format message: $(cat "$tmp/err")"; fail=1; }
"$bin" info --date 1980-01-01 2>"$tmp/err" >/dev/null; check "info date out of range" 2 $?
grep -qxF "gatemap info: --date 1980-01-01 is out of range (1990-01-01 … 2100-12-31)" "$tmp/err" \
  || { echo "FAIL: info date message: $(cat "$tmp/err")"; fail=1; }
"$bin" export --out "$tmp/b.png" --width 320 --height 200 --bbox 106,21,nan,22 2>/dev/null; check "bbox with nan" 2 $?
"$bin" export --out "$tmp/b.png" --width 320 --height 200 --layers land,borders 2>"$tmp/err"; check "unknown layer" 2 $?
grep -q "borders" "$tmp/err" || { echo "FAIL: message does not name the layer"; fail=1; }
[ "$(grep -o -- "--layers" "$tmp/err" | wc -l)" = 1 ] || { echo "FAIL: --layers named more than once: $(cat "$tmp/err")"; fail=1; }
"$bin" export --out "$tmp/no/such/dir/b.png" --width 320 --height 200 2>"$tmp/err"; check "missing folder" 1 $?
[ -e "$tmp/b.png" ] && { echo "FAIL: a failed export left a file"; fail=1; }
"$bin" export --out "$tmp/b.xyz" --width 320 --height 200 2>/dev/null; check "unknown extension" 2 $?
"$bin" export --width 320 --height 200 2>/dev/null; check "no --out" 2 $?
"$bin" --data "$tmp/nowhere" info 2>/dev/null; check "--data folder missing" 2 $?
mkdir -p "$tmp/empty"
"$bin" --data "$tmp/empty" info 2>"$tmp/err"; check "--data folder without data" 1 $?
grep -q "empty: the folder holds no" "$tmp/err" || { echo "FAIL: message does not name the folder and the problem: $(cat "$tmp/err")"; fail=1; }
# A folder of the planner's own files loads on top of the default data; a bad row is reported, the rest loads.
mkdir -p "$tmp/own"
printf 'date,date_precision,end_date,gate_id,event,initiated_by,note,publisher,source_date,url,confidence\n2024-03-01,day,,huu_nghi,closed,vn,Test closure,Planning office,2024-03-01,https://example.org/a,high\n2024-02-30,day,,huu_nghi,reopened,vn,Bad date,Planning office,2024-03-01,https://example.org/b,high\n' > "$tmp/own/events.csv"
"$bin" --data "$tmp/own" info --json --date 2024-03-02 >"$tmp/own.json" 2>"$tmp/err"; check "--data with own events" 0 $?
grep -q "events.csv:3: date \"2024-02-30\" is not a real calendar date" "$tmp/err" || { echo "FAIL: the bad row is not reported with its line: $(cat "$tmp/err")"; fail=1; }
python3 -c "
import json,sys; j=json.load(open('$tmp/own.json'))
g=[g for g in j['gates'] if g['id']=='huu_nghi'][0]
# issue 16: a planner's row is named by the path as given (built-in rows: 'events.csv')
assert g['status']=='closed' and g['set_by']['line']==2 and g['set_by']['file']=='$tmp/own/events.csv', g
assert len(j['gates'])==10
print('ok: own events change the status, set_by names their file and line')" || fail=1
"$bin" --version | grep -q "^gatemap " || { echo "FAIL: --version"; fail=1; }
"$bin" export --help >/dev/null; check "export --help" 0 $?
"$bin" frobnicate 2>/dev/null; check "unknown command" 2 $?
ls -A "$tmp" | grep -q '\.tmp-' && { echo "FAIL: temporary files left behind"; fail=1; }
exit $fail
