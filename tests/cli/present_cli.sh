#!/usr/bin/env bash
# gatemap present: bad scenes files and a bad GATEMAP_NOW are refused before any window opens;
# under Xvfb, the wall shows the stale-data banner with a set clock (and none when the data is
# fresh), and xdotool's short taps at the running wall blank it ('.'), bring it back (B), step to
# the next scene (N); Escape does not quit, Ctrl+Q does.
set -u
bin=$1
repo=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
export XDG_CONFIG_HOME="$tmp/config"
printf '[{"titel": "x"}]' > "$tmp/bad.json"
env -u DISPLAY "$bin" present --scenes "$tmp/bad.json" 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "^gatemap present: $tmp/bad.json: scene 1: unknown key 'titel'" "$tmp/err" ||
  { echo "FAIL: bad scenes file: exit $rc, $(cat "$tmp/err")"; fail=1; }
GATEMAP_NOW=2026-13-01 env -u DISPLAY "$bin" present --scenes "$repo/data/scenes/frontier-story.json" 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "GATEMAP_NOW '2026-13-01' is not a real date in the form YYYY-MM-DD" "$tmp/err" ||
  { echo "FAIL: bad GATEMAP_NOW: exit $rc, $(cat "$tmp/err")"; fail=1; }
env -u DISPLAY "$bin" present 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "scenes FILE.json is required" "$tmp/err" || { echo "FAIL: no --scenes: exit $rc"; fail=1; }
env -u DISPLAY "$bin" present --scenes "$repo/data/scenes/frontier-story.json" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q "no display" "$tmp/err" || { echo "FAIL: no display: exit $rc, $(cat "$tmp/err")"; fail=1; }

command -v xvfb-run >/dev/null || { echo "SKIP (Xvfb part): xvfb-run is not installed"; exit $fail; }
timeout 60 xvfb-run -a -s "-screen 0 1280x720x24" "$bin" present --list-monitors >"$tmp/mon" 2>&1 ||
  { echo "FAIL: --list-monitors: $(cat "$tmp/mon")"; fail=1; }
grep -q "^1: .* 1280×720" "$tmp/mon" || { echo "FAIL: --list-monitors said: $(cat "$tmp/mon")"; fail=1; }
# A gate is checked against the data once it is loaded (which comes after the display check).
printf '[{"select": "nowhere"}]' > "$tmp/bad2.json"
timeout 60 xvfb-run -a -s "-screen 0 1280x720x24" "$bin" present --scenes "$tmp/bad2.json" 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "scene 1: select: no gate pair 'nowhere'" "$tmp/err" ||
  { echo "FAIL: unknown gate: exit $rc, $(cat "$tmp/err")"; fail=1; }

# The stale banner (yellow #ffd400 across the top) with a set clock; none with data 30 days old.
banner_pixels() {
  python3 - "$1" <<'PY'
import sys, zlib, struct
data = open(sys.argv[1], 'rb').read()
w, h = struct.unpack('>II', data[16:24]); idat = b''; pos = 8
while pos < len(data):
    n, = struct.unpack('>I', data[pos:pos+4]); t = data[pos+4:pos+8]
    if t == b'IDAT': idat += data[pos+8:pos+8+n]
    pos += 12 + n
raw = zlib.decompress(idat); bpp = 3 if data[25] == 2 else 4; stride = w * bpp
rows, prev = [], bytearray(stride)
for y in range(h):
    f = raw[y*(stride+1)]; line = bytearray(raw[y*(stride+1)+1:(y+1)*(stride+1)])
    for i in range(stride):
        a = line[i-bpp] if i >= bpp else 0; b = prev[i]; c = prev[i-bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p-a), abs(p-b), abs(p-c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); prev = line
print(sum(1 for y in range(h // 4) for x in range(w) if tuple(rows[y][x*bpp:x*bpp+3]) == (255, 212, 0)))
PY
}
as_of=$("$bin" info --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["data_as_of"])')
fresh=$(python3 -c "import datetime; print(datetime.date.fromisoformat('$as_of') + datetime.timedelta(days=30))")
for now in 2026-12-07 "$fresh"; do
  GATEMAP_NOW=$now timeout 120 xvfb-run -a -s "-screen 0 1280x720x24" "$bin" present \
    --scenes "$repo/data/scenes/frontier-story.json" --screen-diagonal 24 --viewing-distance 1 \
    --screenshot "$tmp/wall-$now.png" 2>"$tmp/err" || { echo "FAIL: present at $now: $(cat "$tmp/err")"; fail=1; continue; }
  n=$(banner_pixels "$tmp/wall-$now.png")
  if [ "$now" = 2026-12-07 ]; then
    [ "$n" -gt 1000 ] || { echo "FAIL: no stale banner on $now (as of $as_of): $n yellow pixels"; fail=1; }
  else
    [ "$n" = 0 ] || { echo "FAIL: a banner with data 30 days old ($now): $n yellow pixels"; fail=1; }
  fi
done

# Keys from xdotool: short taps (press and release at once) at the running wall.
command -v xdotool >/dev/null && command -v import >/dev/null || { echo "SKIP (keys): xdotool or import missing"; exit $fail; }
cat > "$tmp/keys.sh" <<KEYS
"$bin" present --scenes "$repo/data/scenes/frontier-story.json" --screen-diagonal 24 --viewing-distance 1 &
pid=\$!
xdotool search --sync --onlyvisible --name gatemap >/dev/null
sleep 2
xdotool mousemove 5 5
xdotool key --delay 0 space   # pause: the scene stays while we look
sleep 1; import -window root "$tmp/k0.png"
xdotool key --delay 0 period; sleep 1; import -window root "$tmp/k1-blank.png"
xdotool key --delay 0 b; sleep 1; import -window root "$tmp/k2-back.png"
xdotool key --delay 0 n; sleep 5; import -window root "$tmp/k3-next.png"
xdotool key --delay 0 Escape; sleep 1
kill -0 \$pid 2>/dev/null && echo alive-after-escape > "$tmp/escape"
xdotool key --delay 0 ctrl+q
wait \$pid; echo \$? > "$tmp/rc"
KEYS
timeout 120 xvfb-run -a -s "-screen 0 1280x720x24" bash "$tmp/keys.sh" || { echo "FAIL: the key run"; fail=1; }
[ -f "$tmp/escape" ] || { echo "FAIL: Escape quit the wall"; fail=1; }
[ "$(cat "$tmp/rc" 2>/dev/null)" = 0 ] || { echo "FAIL: Ctrl+Q: exit $(cat "$tmp/rc" 2>/dev/null)"; fail=1; }
mean() { convert "$1" -colorspace gray -format '%[fx:round(mean*255)]' info:; }
[ "$(mean "$tmp/k1-blank.png")" = 0 ] || { echo "FAIL: '.' did not blank the wall (mean $(mean "$tmp/k1-blank.png"))"; fail=1; }
[ "$(mean "$tmp/k2-back.png")" -gt 100 ] || { echo "FAIL: B did not bring the wall back"; fail=1; }
diff0=$(compare -metric AE "$tmp/k0.png" "$tmp/k2-back.png" null: 2>&1)
[ "$diff0" -lt 1000 ] 2>/dev/null || { echo "FAIL: paused wall changed between taps ($diff0 pixels)"; fail=1; }
diff1=$(compare -metric AE "$tmp/k2-back.png" "$tmp/k3-next.png" null: 2>&1)
[ "$diff1" -gt 10000 ] 2>/dev/null || { echo "FAIL: N did not step to the next scene ($diff1 pixels differ)"; fail=1; }
[ $fail = 0 ] && echo "ok: present refuses bad input, shows the stale banner, and every key acts"
exit $fail
