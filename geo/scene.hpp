#pragma once
// The scene: everything the renderer draws, as plain arrays in map metres (EPSG:32648) relative
// to `origin` (so that 32-bit floats keep centimetre precision). Built once by geo::build_scene
// from the data files; never touched by the renderer except to read it.
#include <cstdint>
#include <string>
#include <vector>

#include "geo/gates.hpp"
#include "geo/layers.hpp"
#include "geo/types.hpp"

namespace geo {

// Filled polygons, already triangulated. Each part has one style (e.g. 0 = Vietnam, 1 = China).
struct PolygonLayer {
  struct Part {
    uint16_t style = 0;
    uint32_t first_index = 0, index_count = 0;
    bool operator==(const Part&) const = default;
  };
  // A coarser level of detail: the same polygons simplified (GEOS topology-preserving, at
  // `tolerance_m`) and triangulated again; drawn where the tolerance is below half a pixel, so
  // that a small scale does not pay for thousands of sub-pixel triangles.
  struct Level {
    double tolerance_m = 0;
    std::vector<float> xy;
    std::vector<uint32_t> indices;
    std::vector<Part> parts;
    bool operator==(const Level&) const = default;
  };
  std::vector<float> xy;          // vertices: x0, y0, x1, y1, … (metres from Scene::origin)
  std::vector<uint32_t> indices;  // triangles
  std::vector<Part> parts;
  size_t features = 0;
  std::vector<Level> simplified;  // coarser levels, tolerance increasing (full resolution above)
  // The level to draw at a given map scale (metres per pixel): 0 = full resolution, i > 0 =
  // simplified[i - 1]; the coarsest whose tolerance is at most half a pixel (as LineLayer).
  size_t level_for(double m_per_px) const;
  bool operator==(const PolygonLayer&) const = default;
};

// Tolerances (metres) of the land's simplified levels (PolygonLayer::simplified).
inline constexpr double kLandLodTolerances[] = {25, 100, 400, 1600};
// The cells the land is triangulated in (geo::triangulate_in_cells), for a level's tolerance (0:
// full resolution): about 128 pixels at the finest scale the level is drawn at (half a pixel per
// tolerance metre; level 0 below 50 m a pixel), so that a triangle spans few of a rasteriser's
// tiles, and not so small that the cells multiply a level's triangles.
inline double land_cell_m(double tolerance_m) { return tolerance_m * 256.0 > 4000.0 ? tolerance_m * 256.0 : 4000.0; }

// Polylines at several levels of detail (level 0 = full resolution).
struct LineLayer {
  struct Level {
    double tolerance_m = 0;        // simplification tolerance of this level
    std::vector<float> xy;         // vertices, metres from Scene::origin
    std::vector<uint32_t> starts;  // first vertex of each polyline; one extra at the end
    std::vector<uint16_t> styles;  // style of each polyline
    // Appends a polyline given in map metres (stored relative to `origin`).
    void append(const std::vector<XY>& pts, const XY& origin, uint16_t style);
    bool operator==(const Level&) const = default;
  };
  std::vector<Level> levels;
  size_t features = 0;
  // The level to draw at a given map scale (metres per pixel): the coarsest whose tolerance is
  // below half a pixel.
  const Level* level_for(double m_per_px) const;
  bool operator==(const LineLayer&) const = default;
};

// A gate pair as drawn: the two sides and the crossing, each optional.
struct GateSymbol {
  size_t pair_index = 0;  // into Scene::gates
  // For an approximate marker: where along the frontier (km from the south-east end) and why.
  double approx_km = 0;
  std::string approx_note;
  bool has_vn = false, has_cn = false, has_crossing = false;
  float vn[2]{}, cn[2]{}, crossing[2]{};  // metres from origin
  bool approximate = false;               // position not given by sources (drawn hollow, dashed)
  // A short path across the frontier through the crossing, from the Vietnamese side (a) to the
  // Chinese side (b), for drawing flows (metres from origin). Drawing only: not a road geometry.
  float path_a[2]{}, path_b[2]{};
  // Importance, as its label's: where more points fall in a view than can be drawn, the renderer
  // thins them by priority (higher kept); real gates rank above the synthetic scene's points.
  int priority = 0;
  bool operator==(const GateSymbol&) const = default;
};

// A point label, with its anchor in map metres and a priority (higher placed first).
struct LabelSpec {
  enum Style : uint16_t { gate_label = 0, town = 1, area = 2, approximate_gate = 3 };
  float anchor[2]{};
  std::string line1, line2;  // e.g. Vietnamese name, Chinese name
  int priority = 0;
  uint16_t style = gate_label;
  LayerId layer = LayerId::gates;  // drawn only when this layer is visible
  int gate = -1;                   // index into Scene::gates for gate labels
  bool operator==(const LabelSpec&) const = default;
};

// A point feature drawn as a symbol (towns).
struct PointFeature {
  float xy[2]{};
  uint16_t style = 0;  // towns: 0 = Vietnam, 1 = China; +2 for a city
  bool operator==(const PointFeature&) const = default;
};

struct Scene {
  XY origin;                        // subtracted from every vertex (metres, EPSG:32648)
  Rect frontier_extent;             // absolute metres
  BboxLL frontier_bbox;             // lon/lat
  double frontier_geodesic_km = 0;  // computed from the line's vertices (WGS84 geodesic)
  double frontier_official_km = 0;  // the official figure, from the data file with its source

  PolygonLayer land;                    // style 0 = Vietnam, 1 = China
  LineLayer frontier;                   // the Lạng Sơn–Guangxi frontier
  std::vector<LonLat> frontier_lonlat;  // the line as read (for checks and measures)

  LineLayer provinces;    // outlines: style 0 = Vietnamese province, 1 = Guangxi
  LineLayer prefectures;  // Chinese prefecture outlines (Chongzuo, Fangchenggang)
  LineLayer rivers;       // style 0 = stream, 1 = named river
  LineLayer roads;        // style 0 = national road (QL), 1 = other road
  LineLayer railways;
  std::vector<PointFeature> towns;

  std::vector<GatePair> gates;  // the data behind the symbols
  std::vector<GateSymbol> gate_symbols;
  std::vector<LabelSpec> labels;

  // Credits for the map's attribution line, per layer (data/attribution.csv).
  std::vector<std::pair<LayerId, std::string>> attributions;
  // The wall's short credits (gatemap present), per layer, in the file's order: attribution.csv's
  // `wall_credit` items, or a row's `text` when it has none ("-": no credit on the wall).
  std::vector<std::pair<LayerId, std::string>> wall_credits;
  std::vector<std::string> problems;  // rows skipped while loading (file:line: problem)

  size_t feature_count(LayerId id) const;
  XY to_map(const float p[2]) const { return {origin.x + p[0], origin.y + p[1]}; }
  // Every field equal (geo/scene_io's round-trip test relies on it listing them all).
  bool operator==(const Scene&) const = default;
};

struct SceneSources {
  std::string data_dir;  // folder (or /vsimem/ prefix) holding the default file names
};

// Reads, validates, projects and triangulates. Throws geo::Error on a missing or broken file.
Scene build_scene(const SceneSources& src);

}  // namespace geo
