#!/usr/bin/env python3
"""Stretches of the Lạng Sơn – Guangxi frontier lying in each Lạng Sơn district.

  district_stretches.py FRONTIER_GEOJSON DISTRICTS_GPKG OUT_CSV

Reads the frontier LineString (WGS84 lon/lat, first vertex = the LS–QN–CN tripoint in
the south-east) and the layer `districts` of the government district polygons
(vn_admin_gov.gpkg, prov_code 20 = Lạng Sơn).  The OSM frontier and the government
polygons disagree by tens to hundreds of metres, so:

1. Order: every SAMPLE_M metres along the frontier, the Lạng Sơn district NEAREST to the
   point (distance 0 when inside, measured in UTM 48N) is taken; runs shorter than
   MIN_RUN_KM (jitter where a district boundary meets a wiggly stretch) are ignored,
   giving the sequence of districts from south-east to north-west.
2. Cuts: between two consecutive districts A and B, the cut is the point where the
   shared A/B boundary meets the frontier: the vertex of boundary(A) ∩ boundary(B)
   nearest to the frontier, projected onto the frontier.  The script prints how far
   that junction is from the line and where the nearest-district test changes, as an
   indication of the uncertainty.

Distances along the line are geodesic on the WGS84 ellipsoid (Vincenty's inverse
formula, which agrees with SpatiaLite's ST_Length(geom, 1) to < 1 m on this line).

Writes district,from_km,to_km,source (km rounded to 0.01) and prints a summary.
Only these derived numbers may be shipped, never the district geometry.
"""
import csv
import json
import math
import os
import sys

from osgeo import ogr, osr

SAMPLE_M = 25.0
MIN_RUN_KM = 1.0
LS_PROVINCE_CODE = "20"
A, F = 6378137.0, 1 / 298.257223563
B = A * (1 - F)
SOURCE = ("computed by scripts/district_stretches.py from vn_admin_gov.gpkg layer districts "
          "(government polygons of gis.chinhphu.vn via GitHub daohoangson/dvhcvn commit 4f98702, "
          "Oct 2019; pre-July-2025 districts; geometry not shipped): nearest Lạng Sơn district "
          "along frontier.geojson; cut where the two districts' shared boundary meets the line; km geodesic from the south-east tripoint")


def vincenty_m(lon1, lat1, lon2, lat2):
    """Geodesic distance in metres on WGS84 (Vincenty inverse; fine for these short segments)."""
    if lon1 == lon2 and lat1 == lat2:
        return 0.0
    L = math.radians(lon2 - lon1)
    U1 = math.atan((1 - F) * math.tan(math.radians(lat1)))
    U2 = math.atan((1 - F) * math.tan(math.radians(lat2)))
    sinU1, cosU1, sinU2, cosU2 = math.sin(U1), math.cos(U1), math.sin(U2), math.cos(U2)
    lam = L
    for _ in range(200):
        sin_lam, cos_lam = math.sin(lam), math.cos(lam)
        sin_sigma = math.hypot(cosU2 * sin_lam, cosU1 * sinU2 - sinU1 * cosU2 * cos_lam)
        if sin_sigma == 0:
            return 0.0
        cos_sigma = sinU1 * sinU2 + cosU1 * cosU2 * cos_lam
        sigma = math.atan2(sin_sigma, cos_sigma)
        sin_alpha = cosU1 * cosU2 * sin_lam / sin_sigma
        cos2_alpha = 1 - sin_alpha ** 2
        cos_2sm = cos_sigma - 2 * sinU1 * sinU2 / cos2_alpha if cos2_alpha else 0.0
        C = F / 16 * cos2_alpha * (4 + F * (4 - 3 * cos2_alpha))
        lam_prev = lam
        lam = L + (1 - C) * F * sin_alpha * (
            sigma + C * sin_sigma * (cos_2sm + C * cos_sigma * (-1 + 2 * cos_2sm ** 2)))
        if abs(lam - lam_prev) < 1e-12:
            break
    u2 = cos2_alpha * (A ** 2 - B ** 2) / B ** 2
    AA = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)))
    BB = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)))
    d_sigma = BB * sin_sigma * (cos_2sm + BB / 4 * (cos_sigma * (-1 + 2 * cos_2sm ** 2) - BB / 6 * cos_2sm
                                                    * (-3 + 4 * sin_sigma ** 2) * (-3 + 4 * cos_2sm ** 2)))
    return B * AA * (sigma - d_sigma)


def read_frontier(path):
    with open(path, encoding="utf-8") as fh:
        fc = json.load(fh)
    geom = fc["features"][0]["geometry"]
    if geom["type"] != "LineString":
        sys.exit(f"{path}: expected one LineString feature")
    return [tuple(c[:2]) for c in geom["coordinates"]]


def read_districts(path, to_utm):
    ds = ogr.Open(path)
    if ds is None:
        sys.exit(f"{path}: cannot open")
    out = []
    for f in ds.GetLayer("districts"):
        if f.GetField("prov_code") != LS_PROVINCE_CODE:
            continue
        g = f.GetGeometryRef().Clone()
        g.Transform(to_utm)
        name = f.GetField("name")
        for prefix in ("Huyện ", "Thành phố ", "Thành Phố "):
            if name.startswith(prefix):
                name = name[len(prefix):]
        out.append((name, g))
    return out


class Classifier:
    """Name of the Lạng Sơn district nearest to a lon/lat point (0 m when inside)."""

    def __init__(self, districts, to_utm):
        self.districts, self.to_utm = districts, to_utm

    def __call__(self, lon, lat):
        x, y, _ = self.to_utm.TransformPoint(lon, lat)
        p = ogr.Geometry(ogr.wkbPoint)
        p.AddPoint_2D(x, y)
        return min(self.districts, key=lambda d: d[1].Distance(p))[0]


def point(x, y):
    p = ogr.Geometry(ogr.wkbPoint)
    p.AddPoint_2D(x, y)
    return p


def sample_runs(pts, seg_m, classify):
    """Nearest-district runs [district, from_km, to_km] from samples every SAMPLE_M metres."""
    runs, total = [], 0.0
    for i, ((lon1, lat1), (lon2, lat2)) in enumerate(zip(pts, pts[1:])):
        n = max(1, math.ceil(seg_m[i] / SAMPLE_M))
        for k in range(0 if i == 0 else 1, n + 1):
            t = k / n
            km = (total + t * seg_m[i]) / 1000.0
            d = classify(lon1 + t * (lon2 - lon1), lat1 + t * (lat2 - lat1))
            if not runs or runs[-1][0] != d:
                runs.append([d, runs[-1][2] if runs else 0.0, km])
            runs[-1][2] = km
        total += seg_m[i]
    return runs


def project_km(line_utm, cum_m, seg_m, x, y):
    """Along-line geodesic km of the point of the line nearest to (x, y) (UTM), and that distance."""
    best = None
    for i in range(line_utm.GetPointCount() - 1):
        x1, y1 = line_utm.GetPoint_2D(i)
        x2, y2 = line_utm.GetPoint_2D(i + 1)
        dx, dy = x2 - x1, y2 - y1
        L2 = dx * dx + dy * dy
        t = 0.0 if L2 == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / L2))
        d = math.hypot(x1 + t * dx - x, y1 + t * dy - y)
        if best is None or d < best[0]:
            best = (d, (cum_m[i] + t * seg_m[i]) / 1000.0)
    return best[1], best[0]


def vertices(g, out):
    if g.GetGeometryCount():
        for i in range(g.GetGeometryCount()):
            vertices(g.GetGeometryRef(i), out)
    else:
        out.extend(g.GetPoint_2D(i) for i in range(g.GetPointCount()))
    return out


def junction_km(a, b, line_utm, cum_m, seg_m):
    shared = a.Boundary().Intersection(b.Boundary())
    pts = vertices(shared, [])
    if not pts:
        sys.exit("districts share no boundary: cannot place the cut")
    jx, jy = min(pts, key=lambda p: line_utm.Distance(point(*p)))
    return project_km(line_utm, cum_m, seg_m, jx, jy)


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    frontier_path, gpkg_path, out_path = argv[1:]
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    utm = osr.SpatialReference()
    utm.ImportFromEPSG(32648)
    for s in (wgs, utm):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_utm = osr.CoordinateTransformation(wgs, utm)
    districts = read_districts(gpkg_path, to_utm)
    by_name = dict(districts)
    classify = Classifier(districts, to_utm)

    pts = read_frontier(frontier_path)
    seg_m = [vincenty_m(*p, *q) for p, q in zip(pts, pts[1:])]
    cum_m = [0.0]
    for s in seg_m:
        cum_m.append(cum_m[-1] + s)
    total_km = cum_m[-1] / 1000.0
    line_utm = ogr.Geometry(ogr.wkbLineString)
    for lon, lat in pts:
        line_utm.AddPoint_2D(*to_utm.TransformPoint(lon, lat)[:2])

    runs = sample_runs(pts, seg_m, classify)
    order = []
    for d, a, b in runs:
        if b - a >= MIN_RUN_KM and (not order or order[-1] != d):
            order.append(d)
    if len(set(order)) != len(order):
        sys.exit(f"a district appears twice along the frontier: {order}")

    cuts, notes = [0.0], []
    for a, b in zip(order, order[1:]):
        km, off = junction_km(by_name[a], by_name[b], line_utm, cum_m, seg_m)
        flips = [r[1] for r in runs[1:] if abs(r[1] - km) < 5.0]
        notes.append(f"  {a} | {b}: junction at {km:.2f} km ({off:.0f} m from the line); "
                     f"nearest-district changes at " + ", ".join(f"{f:.2f}" for f in flips))
        cuts.append(km)
    cuts.append(total_km)
    if any(x >= y for x, y in zip(cuts, cuts[1:])):
        sys.exit(f"cuts are not increasing: {cuts}")

    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["district", "from_km", "to_km", "source"])
        for d, a, b in zip(order, cuts, cuts[1:]):
            w.writerow([d, f"{a:.2f}", f"{b:.2f}", SOURCE])
    os.replace(tmp, out_path)
    print(f"frontier length (Vincenty, WGS84): {total_km:.3f} km; districts SE→NW:")
    for d, a, b in zip(order, cuts, cuts[1:]):
        print(f"  {d:12s} {a:8.2f} – {b:8.2f} km  ({b - a:6.2f} km)")
    print("\n".join(notes))


if __name__ == "__main__":
    main(sys.argv)
