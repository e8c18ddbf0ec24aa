#!/usr/bin/env bash
# gatemap present --windowed --presenter-window under Xvfb (issue 14's presenter view): the wall and
# the presenter view open as two windows; the presenter view's title bar says the scene playing
# ("gatemap presenter: Scene 2 of 5 (paused)"); xdotool's short taps in the presenter view pause the
# wall and step it to the next scene (the wall's pixels change), and taps in the wall step the
# presenter view back; the view shows text; closing it (WM_DELETE_WINDOW, as a window manager sends)
# leaves the wall playing; Ctrl+Q quits. Made 480 pixels wide, the view shows the whole keys' line
# (wrapped), inside the window's margin.
set -u
bin=$1
repo=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
export XDG_CONFIG_HOME="$tmp/config"
for tool in xvfb-run xdotool import compare python3; do
  command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 0; }
done
# A window manager's close button: a WM_DELETE_WINDOW client message (Xvfb runs no window manager).
cat > "$tmp/close.py" <<'PY'
import ctypes, sys
x = ctypes.cdll.LoadLibrary("libX11.so.6")
x.XOpenDisplay.restype = ctypes.c_void_p
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XInternAtom.restype = ctypes.c_ulong
x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
x.XFlush.argtypes = [ctypes.c_void_p]
class ClientMessage(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                ("format", ctypes.c_int), ("l", ctypes.c_long * 5), ("pad", ctypes.c_long * 12)]
d = x.XOpenDisplay(None)
e = ClientMessage(type=33, window=int(sys.argv[1]), format=32)
e.message_type = x.XInternAtom(d, b"WM_PROTOCOLS", 0)
e.l[0] = x.XInternAtom(d, b"WM_DELETE_WINDOW", 0)
x.XSendEvent(d, e.window, 0, 0, ctypes.byref(e))
x.XFlush(d)
PY
# The presenter view's pictures (NOW, NEXT): found by their 2-pixel frames of (110, 110, 120); prints
# each picture's luminance spread and, for two screenshots, the mean difference between pictures.
cat > "$tmp/previews.py" <<'PY'
import subprocess, sys
def load(png):
    ppm = subprocess.run(["convert", png, "ppm:-"], capture_output=True, check=True).stdout
    magic, dims, maxval, data = ppm.split(b"\n", 3)
    w, h = map(int, dims.split())
    return w, h, data
def pictures(png):
    w, h, d = load(png)
    border = bytes([110, 110, 120])
    runs = {}
    for y in range(h):
        row = d[y * w * 3:(y + 1) * w * 3]
        x = 0
        while x < w:
            if row[x * 3:x * 3 + 3] == border:
                x0 = x
                while x < w and row[x * 3:x * 3 + 3] == border:
                    x += 1
                if x - x0 >= 60:
                    runs.setdefault((x0, x), []).append(y)
            else:
                x += 1
    out = []
    for (x0, x1), ys in runs.items():
        bands, cur = [], [ys[0]]
        for y in ys[1:]:
            if y == cur[-1] + 1:
                cur.append(y)
            else:
                bands.append(cur); cur = [y]
        bands.append(cur)
        for top, bottom in zip(bands[0::2], bands[1::2]):
            px = []
            for y in range(top[-1] + 1, bottom[0]):
                row = d[(y * w + x0 + 2) * 3:(y * w + x1 - 2) * 3]
                px.append([(row[i] * 299 + row[i + 1] * 587 + row[i + 2] * 114) // 1000 for i in range(0, len(row), 3)])
            out.append((top[0], px))
    return [p for _, p in sorted(out)]
def spread(px):
    v = [a for r in px for a in r]
    m = sum(v) / len(v)
    return (sum((a - m) ** 2 for a in v) / len(v)) ** 0.5
def diff(a, b):
    n = s = 0
    for ra, rb in zip(a, b):
        for x, y in zip(ra, rb):
            s += abs(x - y); n += 1
    return s / max(n, 1)
shots = [pictures(f) for f in sys.argv[1:]]
for f, p in zip(sys.argv[1:], shots):
    print("pictures", f, len(p), " ".join("%dx%d" % (len(x[0]) if x else 0, len(x)) for x in p),
          " ".join("spread=%.1f" % spread(x) for x in p))
if len(shots) == 2 and len(shots[0]) == 2 and len(shots[1]) == 2:
    (now1, next1), (now2, next2) = shots
    print("diff now1-now2 %.2f next1-now2 %.2f now1-next1 %.2f" % (diff(now1, now2), diff(next1, now2), diff(now1, next1)))
PY
# The number of scenes of the example file (it grows as the story does).
n=$(python3 -c 'import json,sys; s = json.load(open(sys.argv[1])); print(len(s if isinstance(s, list) else s["scenes"]))' "$repo/data/scenes/frontier-story.json")
cat > "$tmp/run.sh" <<RUN
log() { echo "\$*" >> "$tmp/log"; }
# The id of the visible window whose name matches, waiting up to 60 s for it.
find_window() {
  for _ in \$(seq 120); do
    id=\$(xdotool search --onlyvisible --name "\$1" 2>/dev/null | head -1)
    [ -n "\$id" ] && { echo "\$id"; return 0; }
    sleep 0.5
  done
  return 1
}
# Waits up to 10 s for the presenter view's title to match.
title_is() {
  for _ in \$(seq 40); do
    xdotool getwindowname "\$presenter" 2>/dev/null | grep -q "\$1" && return 0
    sleep 0.25
  done
  log "presenter title: '\$(xdotool getwindowname "\$presenter" 2>&1)', wanted '\$1'"
  return 1
}
GATEMAP_NOW=2026-12-07 "$bin" present --windowed --presenter-window --scenes "$repo/data/scenes/frontier-story.json" \
  --screen-diagonal 24 --viewing-distance 1 2>"$tmp/err" &
pid=\$!
wall=\$(find_window 'Guangxi frontier') || { log "no wall window"; kill \$pid; exit 1; }
presenter=\$(find_window '^gatemap presenter') || { log "no presenter window"; kill \$pid; exit 1; }
[ "\$wall" != "\$presenter" ] || log "one window for both"
echo "\$wall \$presenter" > "$tmp/ids"
title_is 'Scene 1 of $n\$' || log "presenter view: no scene 1"
xdotool mousemove 1900 1060
xdotool windowfocus --sync "\$presenter"
xdotool key --delay 0 space
title_is 'Scene 1 of $n (paused)' || log "Space in the presenter view did not pause"
sleep 1; import -window "\$wall" "$tmp/wall1.png"; import -window "\$presenter" "$tmp/presenter1.png"
xdotool key --delay 0 n
title_is 'Scene 2 of $n (paused)' || log "N in the presenter view did not step"
sleep 5; import -window "\$wall" "$tmp/wall2.png"; import -window "\$presenter" "$tmp/presenter2.png"
xdotool windowfocus --sync "\$wall"
xdotool key --delay 0 p
title_is 'Scene 1 of $n (paused)' || log "P in the wall did not step the presenter view back"
xdotool windowsize --sync "\$presenter" 480 400 || log "cannot resize the presenter view"
sleep 2; import -window "\$presenter" "$tmp/narrow.png"
python3 "$tmp/close.py" "\$presenter"
sleep 2
xdotool search --name '^gatemap presenter' >/dev/null 2>&1 && log "the presenter view did not close"
kill -0 \$pid 2>/dev/null || log "closing the presenter view quit the wall"
xdotool windowfocus --sync "\$wall"
xdotool key --delay 0 ctrl+q
wait \$pid; echo \$? > "$tmp/rc"
RUN
timeout 180 xvfb-run -a -s "-screen 0 1920x1080x24" bash "$tmp/run.sh" || { echo "FAIL: the run"; fail=1; }
[ -f "$tmp/log" ] && { sed 's/^/FAIL: /' "$tmp/log"; fail=1; }
[ "$(cat "$tmp/rc" 2>/dev/null)" = 0 ] || { echo "FAIL: Ctrl+Q: exit $(cat "$tmp/rc" 2>/dev/null); $(cat "$tmp/err")"; fail=1; }
grep -q "presenter" "$tmp/err" && { echo "FAIL: said on stderr: $(cat "$tmp/err")"; fail=1; }
if [ -f "$tmp/wall2.png" ] && [ -f "$tmp/presenter2.png" ]; then
  d=$(compare -metric AE "$tmp/wall1.png" "$tmp/wall2.png" null: 2>&1)
  [ "$d" -gt 10000 ] 2>/dev/null || { echo "FAIL: N in the presenter view did not change the wall ($d pixels)"; fail=1; }
  d=$(compare -metric AE "$tmp/presenter1.png" "$tmp/presenter2.png" null: 2>&1)
  [ "$d" -gt 2000 ] 2>/dev/null || { echo "FAIL: the presenter view did not change with the scene ($d pixels)"; fail=1; }
  # Text on a dark ground: some light pixels, mostly dark ones.
  light=$(convert "$tmp/presenter2.png" -colorspace gray -threshold 50% -format '%[fx:round(mean*1000)]' info:)
  [ "$light" -gt 5 ] && [ "$light" -lt 300 ] || { echo "FAIL: the presenter view shows no text (light ‰ $light)"; fail=1; }
  # The pictures of the scene playing and the next (drawn by the wall's renderer): two, not blank;
  # NOW differs between scenes 1 and 2, and NEXT at scene 1 is what NOW shows at scene 2.
  python3 "$tmp/previews.py" "$tmp/presenter1.png" "$tmp/presenter2.png" > "$tmp/previews" 2>&1
  cat "$tmp/previews"
  for f in presenter1 presenter2; do
    grep -q "^pictures $tmp/$f.png 2 " "$tmp/previews" || { echo "FAIL: $f: not two pictures"; fail=1; }
    grep "^pictures $tmp/$f.png" "$tmp/previews" | grep -Eq 'spread=([0-9]{1,1}\.|0\.)' &&
      { echo "FAIL: $f: a blank picture"; fail=1; }
  done
  read -r d12 dnext <<< "$(sed -n 's/^diff now1-now2 \([0-9.]*\) next1-now2 \([0-9.]*\).*/\1 \2/p' "$tmp/previews")"
  python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if a > 8 and b < a / 3 else 1)" \
    "${d12:-0}" "${dnext:-999}" || { echo "FAIL: NOW did not change with the scene, or NEXT was not the next scene (now1-now2 ${d12:-?}, next1-now2 ${dnext:-?})"; fail=1; }
  # The keys at 480 × 400: text in the bottom band (the last line of keys), none of it beyond the
  # content area's right edge (8 pixels of padding; a line too long is cut 4 pixels from the edge).
  if [ "$(identify -format '%wx%h' "$tmp/narrow.png" 2>/dev/null)" = 480x400 ]; then
    read -r lit right <<< "$(convert "$tmp/narrow.png" -crop 480x40+0+360 +repage -colorspace gray -threshold 30% txt:- |
      awk -F'[,: ]+' '/#FFFFFF/ { n++; if ($1 > m) m = $1 } END { print n + 0, m + 0 }')"
    echo "the keys at 480 px: $lit light pixels, the rightmost at x = $right"
    [ "$lit" -gt 100 ] && [ "$right" -lt 472 ] ||
      { echo "FAIL: the keys' line at 480 px wide is missing or cut at the right edge ($lit pixels, rightmost x = $right)"; fail=1; }
  else
    echo "FAIL: the presenter view was not resized to 480x400 ($(identify -format '%wx%h' "$tmp/narrow.png" 2>&1))"; fail=1
  fi
  [ -n "${GATEMAP_KEEP_SHOTS:-}" ] && cp "$tmp"/*.png "$GATEMAP_KEEP_SHOTS"/
else
  echo "FAIL: no screenshots"; fail=1
fi
[ $fail = 0 ] && echo "ok: the presenter view opens beside the wall, its keys drive the wall, and closing it leaves the wall playing"
exit $fail
