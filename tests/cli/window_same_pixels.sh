#!/usr/bin/env bash
# The window and the export at the window's size give the same pixels (tolerance 0): the window
# (under its own xvfb-run) saves what it drew and exports the same view through the export path.
set -u
bin=$1
command -v xvfb-run >/dev/null || { echo "SKIP: xvfb-run is not installed"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config"
timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" "$bin" run --screenshot "$tmp/window.png" \
  --export-view "$tmp/export.png" --hide-ui --date 2024-08-22 || { echo "FAIL: the window run exited $?"; exit 1; }
python3 - "$tmp/window.png" "$tmp/export.png" <<'PY'
import struct, sys, zlib
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
        for x in range(stride):
            a = line[x-bpp] if x >= bpp else 0; b = prev[x]; c = prev[x-bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line; prev = line
    return w, h, bpp, bytes(out)
a = read_png(sys.argv[1]); b = read_png(sys.argv[2])
assert a[:2] == b[:2], ('sizes differ', a[:2], b[:2])
def rgb(img):
    w, h, bpp, px = img
    return px if bpp == 3 else b''.join(px[i:i+3] for i in range(0, len(px), 4))
pa, pb = rgb(a), rgb(b)
diff = sum(1 for i in range(0, len(pa), 3) if pa[i:i+3] != pb[i:i+3])
# A blank picture would make the comparison meaningless: the map has many colours.
colours = len(set(pa[i:i+3] for i in range(0, len(pa), 3 * 97)))
assert colours > 20, ('the window picture looks blank', colours)
assert diff == 0, (diff, 'pixels differ between the window and the export')
print('ok: window and export identical,', a[0], 'x', a[1], 'pixels,', colours, 'sampled colours')
PY
