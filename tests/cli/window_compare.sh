#!/usr/bin/env bash
# The window's split view of two dates (issue 17), driven as a planner drives it: under Xvfb the
# window opens in the split view (run --compare D1,D2), xdotool drags the swipe line from the
# middle to a quarter of the width with the mouse, and a capture of the screen (xwd) shows, left
# of the line, the map at D1 and, right of it, the map at D2 — pixel for pixel the halves of
# `export --compare D1,D2` at twice the screen's width (each half is the single-date map with the
# differing gates highlighted). The columns between the old and the new place of the line show
# D2, so a drag that did not move the line fails.
set -u
bin=$1
for tool in xvfb-run xdotool xwd; do
  command -v $tool >/dev/null || { echo "SKIP: $tool is not installed (scripts/deps.sh)"; exit 0; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config"
W=1280 H=720 D1=2020-01-15 D2=2020-03-01
to=$((W / 4))
# Every layer but the flows, whose dots move with the window's clock (an export's clock stands at 0):
# the window's saved layers (bits of geo::LayerId; flows is bit 10) and the export's --layers.
mkdir -p "$tmp/config/gatemap"
echo '{"layers": 523263}' > "$tmp/config/gatemap/window.json"
layers=land,provinces,prefectures,rivers,roads,railways,frontier,towns,gates,status,trade,title,legend,scalebar,north_arrow,attribution,datestamp
"$bin" export --compare $D1,$D2 --layers $layers --width $((2 * W)) --height $H --out "$tmp/ref.png" 2>"$tmp/err" ||
  { echo "FAIL: export --compare: $(cat "$tmp/err")"; exit 1; }
cat > "$tmp/drive.sh" <<DRIVE
"$bin" run --fullscreen --hide-ui --compare $D1,$D2 &
pid=\$!
xdotool search --sync --onlyvisible --name gatemap >/dev/null
sleep 1.5
xdotool mousemove $((W / 2)) $((H / 2)); sleep 0.4
xdotool mousedown 1; sleep 0.4
for x in $((W / 2 - 60)) $((W / 2 - 150)) $((to + 40)) $to; do xdotool mousemove \$x $((H / 2)); sleep 0.25; done
xdotool mouseup 1; sleep 0.4
xdotool mousemove $to $((H - 3)); sleep 1   # off the map's gates: no tooltip; still on the window
xwd -root -silent > "$tmp/screen.xwd"
xdotool keydown Escape sleep 0.5 keyup Escape   # closes a fullscreen window
wait \$pid
DRIVE
timeout 120 xvfb-run -a -s "-screen 0 ${W}x${H}x24" bash "$tmp/drive.sh" || { echo "FAIL: the window run exited $?"; exit 1; }
python3 - "$tmp/screen.xwd" "$tmp/ref.png" $W $H $to <<'PY'
import struct, sys, zlib
def read_xwd(path):
    d = open(path, 'rb').read()
    h = struct.unpack('>25I', d[:100])
    header_size, width, height, byte_order, bpp, bpl, ncolors = h[0], h[4], h[5], h[7], h[11], h[12], h[19]
    red_mask = h[14]
    assert bpp == 32, ('xwd bits per pixel', bpp)
    px = d[header_size + ncolors * 12:]
    out = bytearray(width * height * 3)
    for y in range(height):
        row = px[y * bpl:y * bpl + width * 4]
        # 24-bit TrueColor in 32-bit pixels: bytes B, G, R, X when little-endian (byte_order 0)
        if byte_order == 0 and red_mask == 0xff0000:
            out[y * width * 3:(y + 1) * width * 3] = bytes(b for i in range(0, len(row), 4) for b in (row[i + 2], row[i + 1], row[i]))
        else:
            out[y * width * 3:(y + 1) * width * 3] = bytes(b for i in range(0, len(row), 4) for b in (row[i + 1], row[i + 2], row[i + 3]))
    return width, height, out
def read_png(path):
    d = open(path, 'rb').read(); i = 8; idat = b''
    while i < len(d):
        n, = struct.unpack('>I', d[i:i+4]); t = d[i+4:i+8]; c = d[i+8:i+8+n]
        if t == b'IHDR': w, h, bd, ct = struct.unpack('>IIBB', c[:10])
        if t == b'IDAT': idat += c
        i += 12 + n
    raw = zlib.decompress(idat); bpp = {2: 3, 6: 4}[ct]; stride = w * bpp
    out = bytearray(); prev = bytearray(stride); pos = 0
    for y in range(h):
        f = raw[pos]; line = bytearray(raw[pos+1:pos+1+stride]); pos += 1 + stride
        if f == 1:
            for x in range(bpp, stride): line[x] = (line[x] + line[x-bpp]) & 255
        elif f == 2:
            for x in range(stride): line[x] = (line[x] + prev[x]) & 255
        elif f in (3, 4):
            for x in range(stride):
                a = line[x-bpp] if x >= bpp else 0; b = prev[x]; c = prev[x-bpp] if x >= bpp else 0
                if f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                else:
                    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line; prev = line
    if bpp == 4: out = bytearray(b for i in range(0, len(out), 4) for b in out[i:i+3])
    return w, h, out
W, H, to = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
sw, sh, screen = read_xwd(sys.argv[1])
rw, rh, ref = read_png(sys.argv[2])
assert (sw, sh) == (W, H) and (rw, rh) == (2 * W, H), ((sw, sh), (rw, rh))
def s(x, y): return screen[(y * W + x) * 3:(y * W + x) * 3 + 3]
def r(x, y, side): return ref[(y * 2 * W + side * W + x) * 3:(y * 2 * W + side * W + x) * 3 + 3]
# Drawn by ImGui over the map: the line and its handle (16 pixels either side) and the two dates
# written beside its top (140 pixels either side, 40 rows).
def overlay(x, y): return abs(x - to) <= 16 or (y < 40 and abs(x - to) <= 140)
bad = [0, 0]; n = [0, 0]; differ_moved = 0
for y in range(0, H):
    for x in range(0, W):
        if overlay(x, y): continue
        side = 0 if x < to else 1
        n[side] += 1
        if s(x, y) != r(x, y, side): bad[side] += 1
        if side == 1 and x < W // 2 and r(x, y, 0) != r(x, y, 1): differ_moved += 1
print(f"left of the line: {bad[0]} of {n[0]} pixels differ from the map at D1; right: {bad[1]} of {n[1]} from D2; "
      f"{differ_moved} pixels between the old and new line differ between the dates")
assert differ_moved > 50, 'the dates should differ where the line moved (the test could not fail)'
assert bad == [0, 0], 'the split view is not the two dates\' maps'
print('ok: the swipe line moved to', to, 'and each side shows its date')
PY
