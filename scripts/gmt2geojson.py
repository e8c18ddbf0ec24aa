#!/usr/bin/env python3
"""Convert GMT multisegment text (the output of `gmt coast ... -M`) to GeoJSON.

  gmt2geojson.py polygon NAME < in.txt > out.geojson
      every '>' segment is one closed ring; all rings become the outer rings of ONE
      MultiPolygon feature with property name=NAME (GMT's DCW output of a single
      country/state has no holes; run `ogr2ogr -makevalid` afterwards anyway).
  gmt2geojson.py lines < in.txt > out.geojson
      every '>' segment becomes one LineString feature; a header such as
      '> River Bin # 24225, Level 3' gives the integer property level=3.

Coordinates are lon lat (GMT's x y), WGS84 degrees.  Written for gatemap's
scripts/build-data.sh; uses only the Python standard library.
"""
import json
import re
import sys


def read_segments(stream):
    segments, header, points = [], None, []
    for raw in stream:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(">"):
            if points:
                segments.append((header, points))
            header, points = line[1:].strip(), []
            continue
        x, y = line.split()[:2]
        points.append([float(x), float(y)])
    if points:
        segments.append((header, points))
    return segments


def as_polygon(segments, name):
    rings = []
    for _, pts in segments:
        if len(pts) < 3:
            continue
        if pts[0] != pts[-1]:
            pts = pts + [pts[0]]
        if len(pts) >= 4:
            rings.append([pts])
    feature = {"type": "Feature", "properties": {"name": name},
               "geometry": {"type": "MultiPolygon", "coordinates": rings}}
    return {"type": "FeatureCollection", "features": [feature]}


def as_lines(segments):
    features = []
    for header, pts in segments:
        if len(pts) < 2:
            continue
        m = re.search(r"Level\s+(\d+)", header or "")
        props = {"level": int(m.group(1)) if m else None}
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "LineString", "coordinates": pts}})
    return {"type": "FeatureCollection", "features": features}


def main(argv):
    if len(argv) < 2 or argv[1] not in ("polygon", "lines") or (argv[1] == "polygon" and len(argv) < 3):
        sys.exit(__doc__)
    segments = read_segments(sys.stdin)
    fc = as_polygon(segments, argv[2]) if argv[1] == "polygon" else as_lines(segments)
    json.dump(fc, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
