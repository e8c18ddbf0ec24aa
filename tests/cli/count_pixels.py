#!/usr/bin/env python3
"""Counts the pixels of one exact colour in a band of an 8-bit RGB/RGBA PNG (no PIL needed).

    count_pixels.py FILE.png RRGGBB [top|bottom|all] [FRACTION] [TOLERANCE]

top / bottom: the top or bottom FRACTION (default 0.25) of the rows; all: every row. TOLERANCE: the
largest difference per channel still counted (default 0: the exact colour).
Used by tests/cli/present_reload.sh and display_faults.sh (the stale banner is #ffd400 across the
top; the discreet reload/GPU line is #8a0000 text at the bottom left).
"""
import struct
import sys
import zlib


def rows_of(path):
    data = open(path, "rb").read()
    w, h = struct.unpack(">II", data[16:24])
    depth, ctype = data[24], data[25]
    if depth != 8 or ctype not in (2, 6):
        sys.exit(f"{path}: not an 8-bit RGB or RGBA PNG (depth {depth}, colour type {ctype})")
    idat, pos = b"", 8
    while pos < len(data):
        n, = struct.unpack(">I", data[pos:pos + 4])
        if data[pos + 4:pos + 8] == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw = zlib.decompress(idat)
    bpp = 3 if ctype == 2 else 4
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows


def main():
    path, colour = sys.argv[1], bytes.fromhex(sys.argv[2])
    band = sys.argv[3] if len(sys.argv) > 3 else "all"
    fraction = float(sys.argv[4]) if len(sys.argv) > 4 else 0.25
    tol = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    w, h, bpp, rows = rows_of(path)
    n = max(1, int(h * fraction))
    ys = range(0, n) if band == "top" else range(h - n, h) if band == "bottom" else range(h)
    if tol == 0:
        print(sum(1 for y in ys for x in range(w) if bytes(rows[y][x * bpp:x * bpp + 3]) == colour))
        return
    r, g, b = colour
    print(sum(1 for y in ys for x in range(w)
              if abs(rows[y][x * bpp] - r) <= tol and abs(rows[y][x * bpp + 1] - g) <= tol
              and abs(rows[y][x * bpp + 2] - b) <= tol))


if __name__ == "__main__":
    main()
