#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "geo/check.hpp"
#include "geo/csv.hpp"
#include "geo/error.hpp"
#include "geo/geos_util.hpp"
#include "geo/projection.hpp"
#include "geo/scene.hpp"
#include "geo/schema.hpp"
#include "geo/vector_io.hpp"

namespace geo {

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

void to_float(const Scene& s, const LonLat& ll, float out[2]) {
  XY p = map_projector().forward(ll);
  out[0] = static_cast<float>(p.x - s.origin.x);
  out[1] = static_cast<float>(p.y - s.origin.y);
}

// The layer files are judged feature by feature by the rules of `gatemap check` (geo/check.hpp,
// read_checked_vector): the frontier and the land must be whole, so a feature check rejects
// refuses the file with check's message; a context layer (provinces, rivers, towns, …) skips such a
// feature and lists it in the scene's problems.
VectorLayer whole_layer(const std::string& path) {
  CheckedVector v = read_checked_vector(path, {}, KnownIds{});
  if (!v.report.skipped.empty()) {
    const CheckProblem& p = v.report.skipped.front();
    throw Error(path, p.location, p.message);
  }
  return std::move(v.layer);
}

VectorLayer context_layer(Scene& s, const std::string& path) {
  CheckedVector v = read_checked_vector(path, {}, KnownIds{});
  for (const std::string& p : v.report.lines()) s.problems.push_back(p);
  return std::move(v.layer);
}

void load_land(Scene& s, const GeosContext& ctx, const std::string& path) {
  VectorLayer layer = whole_layer(path);
  s.land.simplified.clear();
  for (double tolerance : kLandLodTolerances) s.land.simplified.push_back({tolerance, {}, {}, {}});
  for (const Feature& f : layer.features) {
    const std::string& a3 = f.prop("A3");
    uint16_t style = a3 == "CHN" ? 1 : 0;
    if (a3 != "CHN" && a3 != "VNM")
      throw Error(path, "feature " + std::to_string(f.index), "property A3 must be VNM or CHN, found '" + a3 + "'");
    PolygonLayer::Part part{style, static_cast<uint32_t>(s.land.indices.size()), 0};
    for (PolygonLayer::Level& level : s.land.simplified)
      level.parts.push_back({style, static_cast<uint32_t>(level.indices.size()), 0});
    for (const Polygon& poly : f.polygons) {
      std::vector<std::vector<XY>> rings;
      for (const Ring& r : poly) rings.push_back(project(r));
      GeomPtr g = make_polygon(ctx, rings);
      triangulate_in_cells(ctx, g.get(), land_cell_m(0), s.origin, s.land.xy, s.land.indices);
      // Each level from the full-resolution polygon (not from the level before): every level
      // then lies within its own tolerance of the true outline.
      for (PolygonLayer::Level& level : s.land.simplified) {
        GeomPtr simple = simplify_polygon(ctx, g.get(), level.tolerance_m);
        if (simple)
          triangulate_in_cells(ctx, simple.get(), land_cell_m(level.tolerance_m), s.origin, level.xy, level.indices);
      }
    }
    part.index_count = static_cast<uint32_t>(s.land.indices.size()) - part.first_index;
    s.land.parts.push_back(part);
    for (PolygonLayer::Level& level : s.land.simplified)
      level.parts.back().index_count = static_cast<uint32_t>(level.indices.size()) - level.parts.back().first_index;
    ++s.land.features;
  }
}

constexpr double kLodTolerances[] = {0.0, 25.0, 100.0, 400.0};

void load_frontier(Scene& s, const GeosContext& ctx, const std::string& path) {
  VectorLayer layer = whole_layer(path);
  if (layer.features.empty() || layer.features[0].lines.empty())
    throw Error(path, "", "expected one LineString feature (the frontier)");
  const Feature& f = layer.features[0];
  if (f.lines.size() != 1 || f.lines[0].size() < 2) throw Error(path, "feature 1", kFrontierTooShort);
  s.frontier_lonlat = f.lines[0];
  s.frontier_geodesic_km = geodesic_length_m(s.frontier_lonlat) / 1000.0;
  const std::optional<double> official_km = finite_number(f.prop("official_km"));
  if (!official_km)
    throw Error(path, "feature 1", "property official_km (the official length, km) is missing or not a number");
  if (*official_km <= 0) throw Error(path, "feature 1", "official_km must be positive");
  s.frontier_official_km = *official_km;
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
  for (double tol : kLodTolerances) {
    LineLayer::Level level;
    level.tolerance_m = tol;
    level.append(simplify_line(ctx, pts, tol), s.origin, 0);
    s.frontier.levels.push_back(std::move(level));
  }
  s.frontier.features = 1;
}

// Polylines (projected) with a style each, turned into a layer with its levels of detail.
struct StyledLines {
  std::vector<std::pair<std::vector<XY>, uint16_t>> lines;
  size_t features = 0;
};

LineLayer make_line_layer(const GeosContext& ctx, const StyledLines& in, const XY& origin) {
  LineLayer layer;
  layer.features = in.features;
  for (double tol : kLodTolerances) {
    LineLayer::Level level;
    level.tolerance_m = tol;
    for (const auto& [pts, style] : in.lines) {
      std::vector<XY> simple = simplify_line(ctx, pts, tol);
      if (simple.size() >= 2) level.append(simple, origin, style);
    }
    layer.levels.push_back(std::move(level));
  }
  return layer;
}

bool file_exists(const std::string& path) {
  try {
    read_text_file(path);
    return true;
  } catch (const Error&) {
    return false;
  }
}

// The label point of a polygon feature: a point on the surface of its largest part (GEOS).
std::optional<XY> label_point(const GeosContext& ctx, const Feature& f) {
  double best_area = -1;
  std::optional<XY> best;
  for (const Polygon& poly : f.polygons) {
    std::vector<std::vector<XY>> rings;
    for (const Ring& r : poly) rings.push_back(project(r));
    GeomPtr g = make_polygon(ctx, rings);
    double area = 0;
    if (!g || !GEOSArea_r(ctx.get(), g.get(), &area) || area <= best_area) continue;
    GeomPtr p(GEOSPointOnSurface_r(ctx.get(), g.get()), GeomDeleter{ctx.get()});
    if (!p) continue;
    XY xy;
    if (GEOSGeomGetX_r(ctx.get(), p.get(), &xy.x) && GEOSGeomGetY_r(ctx.get(), p.get(), &xy.y))
      best = xy, best_area = area;
  }
  return best;
}

void add_area_label(Scene& s, const XY& p, std::string line1, std::string line2, LayerId layer, int priority) {
  LabelSpec l;
  l.anchor[0] = static_cast<float>(p.x - s.origin.x);
  l.anchor[1] = static_cast<float>(p.y - s.origin.y);
  l.line1 = std::move(line1);
  l.line2 = std::move(line2);
  l.style = LabelSpec::area;
  l.layer = layer;
  l.priority = priority;
  s.labels.push_back(std::move(l));
}

void outlines_of(const Feature& f, uint16_t style, StyledLines& out) {
  for (const Polygon& poly : f.polygons)
    for (const Ring& r : poly) out.lines.push_back({project(r), style});
}

void load_context(Scene& s, const GeosContext& ctx, const std::string& dir) {
  auto path = [&](const char* n) { return join(dir, n); };
  // Vietnamese provinces and Guangxi: outlines, and province names.
  StyledLines prov;
  if (file_exists(path("provinces.geojson"))) {
    for (const Feature& f : context_layer(s, path("provinces.geojson")).features) {
      outlines_of(f, 0, prov);
      ++prov.features;
      if (auto p = label_point(ctx, f)) add_area_label(s, *p, f.prop("name"), "", LayerId::provinces, 20);
    }
  }
  if (file_exists(path("guangxi.geojson"))) {
    for (const Feature& f : context_layer(s, path("guangxi.geojson")).features) {
      outlines_of(f, 1, prov);
      ++prov.features;
    }
  }
  s.provinces = make_line_layer(ctx, prov, s.origin);

  StyledLines pref;
  if (file_exists(path("prefectures.geojson"))) {
    for (const Feature& f : context_layer(s, path("prefectures.geojson")).features) {
      outlines_of(f, 0, pref);
      ++pref.features;
      if (auto p = label_point(ctx, f))
        add_area_label(s, *p, f.prop("name_zh"), f.prop("name"), LayerId::prefectures, 20);
    }
  }
  s.prefectures = make_line_layer(ctx, pref, s.origin);

  StyledLines rivers;
  if (file_exists(path("rivers.geojson"))) {
    for (const Feature& f : context_layer(s, path("rivers.geojson")).features) {
      const uint16_t style = f.prop("name").empty() ? 0 : 1;
      for (const Polyline& l : f.lines) rivers.lines.push_back({project(l), style});
      ++rivers.features;
    }
  }
  s.rivers = make_line_layer(ctx, rivers, s.origin);

  StyledLines roads, rail;
  if (file_exists(path("roads_rail.geojson"))) {
    for (const Feature& f : context_layer(s, path("roads_rail.geojson")).features) {
      const bool railway = f.prop("kind") == "railway";
      const std::string& ref = f.prop("ref");
      const uint16_t style = ref.rfind("QL", 0) == 0 ? 0 : 1;
      for (const Polyline& l : f.lines)
        (railway ? rail : roads).lines.push_back({project(l), railway ? uint16_t(0) : style});
      ++(railway ? rail : roads).features;
    }
  }
  s.roads = make_line_layer(ctx, roads, s.origin);
  s.railways = make_line_layer(ctx, rail, s.origin);

  if (file_exists(path("towns.geojson"))) {
    for (const Feature& f : context_layer(s, path("towns.geojson")).features) {
      for (const LonLat& ll : f.points) {
        PointFeature pf;
        XY p = map_projector().forward(ll);
        pf.xy[0] = static_cast<float>(p.x - s.origin.x);
        pf.xy[1] = static_cast<float>(p.y - s.origin.y);
        const bool cn = f.prop("country") == "CN";
        const bool city = f.prop("kind").find("city") != std::string::npos;
        pf.style = static_cast<uint16_t>((cn ? 1 : 0) + (city ? 2 : 0));
        s.towns.push_back(pf);
        LabelSpec l;
        l.anchor[0] = pf.xy[0];
        l.anchor[1] = pf.xy[1];
        l.line1 = !f.prop("name_vi").empty() ? f.prop("name_vi") : f.prop("name");
        l.line2 = f.prop("name_zh");
        if (cn && !f.prop("name_en").empty()) l.line1 = f.prop("name_en");
        l.style = LabelSpec::town;
        l.layer = LayerId::towns;
        l.priority = city ? 60 : 40;
        s.labels.push_back(std::move(l));
      }
    }
  }
}

// Cumulative geodesic distance (km) at each vertex of the frontier, from its south-east end.
std::vector<double> frontier_km(const std::vector<LonLat>& line) {
  std::vector<double> km(line.size(), 0);
  for (size_t i = 1; i < line.size(); ++i) km[i] = km[i - 1] + geodesic_distance_m(line[i - 1], line[i]) / 1000.0;
  return km;
}

LonLat point_at_km(const std::vector<LonLat>& line, const std::vector<double>& km, double at) {
  for (size_t i = 1; i < line.size(); ++i)
    if (km[i] >= at) {
      const double t = km[i] > km[i - 1] ? (at - km[i - 1]) / (km[i] - km[i - 1]) : 0;
      return {line[i - 1].lon + t * (line[i].lon - line[i - 1].lon),
              line[i - 1].lat + t * (line[i].lat - line[i - 1].lat)};
    }
  return line.back();
}

// Judges the rows of a side file by the rules of `gatemap check` (geo/schema.hpp); the problems of
// the rows it rejects go to the scene's problems, and those rows are not used.
std::vector<bool> checked_rows(Scene& s, Schema schema, const CsvTable& t) {
  std::vector<CheckProblem> problems;
  std::vector<bool> loaded = check_table(schema, t, KnownIds{}, problems);
  for (const CheckProblem& p : problems)
    if (p.severity == Severity::error) s.problems.push_back(format_problem(p));
  return loaded;
}

// Gates that no source locates get no point of their own: an approximate marker, drawn hollow
// and dashed, spread along the frontier stretch of their district (data/district_stretches.csv).
void add_approximate_markers(Scene& s, const std::string& dir) {
  const std::string path = join(dir, "district_stretches.csv");
  if (!file_exists(path)) return;
  CsvTable t = read_csv(path);
  if (!missing_column(Schema::district_stretches, t).empty()) {
    s.problems.push_back(path + ":1: expected the columns district,from_km,to_km,source");
    return;
  }
  struct Stretch {
    double from, to;
    std::string source;
  };
  std::map<std::string, Stretch> stretches;
  const std::vector<bool> loaded = checked_rows(s, Schema::district_stretches, t);
  const std::vector<Record> records = records_of(t);
  for (size_t i = 0; i < records.size(); ++i)
    if (loaded[i])
      stretches[records[i].get("district")] = {*finite_number(records[i].get("from_km")),
                                               *finite_number(records[i].get("to_km")), records[i].get("source")};
  const std::vector<double> km = frontier_km(s.frontier_lonlat);
  std::map<std::string, std::vector<size_t>> by_district;
  for (size_t i = 0; i < s.gates.size(); ++i)
    if (!s.gates[i].located() && stretches.count(s.gates[i].district)) by_district[s.gates[i].district].push_back(i);
  for (const auto& [district, gates] : by_district) {
    const Stretch& st = stretches[district];
    for (size_t k = 0; k < gates.size(); ++k) {
      const double at =
          st.from + (st.to - st.from) * static_cast<double>(k + 1) / static_cast<double>(gates.size() + 1);
      GateSymbol sym;
      sym.pair_index = gates[k];
      sym.approximate = true;
      sym.has_crossing = true;
      sym.approx_km = at;
      sym.approx_note = "approximate: somewhere on the " + district + " stretch of the frontier (km " +
                        std::to_string(static_cast<int>(st.from)) + "–" + std::to_string(static_cast<int>(st.to)) +
                        " from the south-east tripoint); no source gives its position";
      to_float(s, point_at_km(s.frontier_lonlat, km, at), sym.crossing);
      sym.priority = 30;  // as its label
      s.gate_symbols.push_back(sym);
      const GatePair& g = s.gates[gates[k]];
      LabelSpec l;
      l.anchor[0] = sym.crossing[0];
      l.anchor[1] = sym.crossing[1];
      l.line1 = g.name_vi + " (approx.)";
      l.line2 = g.name_zh.empty() ? std::string() : g.name_zh + (g.name_zh_status == "unconfirmed" ? " (?)" : "");
      l.style = LabelSpec::approximate_gate;
      l.priority = 30;
      l.gate = static_cast<int>(gates[k]);
      s.labels.push_back(std::move(l));
    }
  }
}

void load_attributions(Scene& s, const std::string& dir) {
  const std::string path = join(dir, "attribution.csv");
  if (!file_exists(path)) {
    s.attributions = {{LayerId::frontier, "Frontier and land: © OpenStreetMap contributors (ODbL)"}};
    s.wall_credits = s.attributions;
    return;
  }
  CsvTable t = read_csv(path);
  if (!missing_column(Schema::attribution, t).empty()) {
    s.problems.push_back(path + ":1: expected the columns layer,text,licence");
    return;
  }
  const std::vector<bool> loaded = checked_rows(s, Schema::attribution, t);
  const std::vector<Record> records = records_of(t);
  for (size_t i = 0; i < records.size(); ++i)
    if (loaded[i]) {
      const LayerId layer = *parse_layer(records[i].get("layer"));
      s.attributions.push_back({layer, records[i].get("text")});
      for (std::string& credit : wall_credit_items(records[i].get("wall_credit"), records[i].get("text")))
        s.wall_credits.push_back({layer, std::move(credit)});
    }
}

// The flow path of a gate: perpendicular to the frontier at the crossing, 1.5 km each way,
// oriented from Vietnam to China (China lies on the side of the CN facility, or north-east).
void set_flow_path(const Scene& s, GateSymbol& sym) {
  const float* c = sym.has_crossing ? sym.crossing : sym.has_vn ? sym.vn : sym.cn;
  const auto& lvl = s.frontier.levels.front();
  size_t best = 0;
  double best_d = 1e30;
  for (size_t i = 0; i + 1 < lvl.xy.size() / 2; ++i) {
    double dx = lvl.xy[2 * i] - c[0], dy = lvl.xy[2 * i + 1] - c[1];
    if (dx * dx + dy * dy < best_d) best_d = dx * dx + dy * dy, best = i;
  }
  double tx = lvl.xy[2 * best + 2] - lvl.xy[2 * best], ty = lvl.xy[2 * best + 3] - lvl.xy[2 * best + 1];
  double len = std::hypot(tx, ty);
  if (len <= 0) tx = 1, ty = 0, len = 1;
  double nx = -ty / len, ny = tx / len;  // a normal of the line
  double ox = 1, oy = 1;                 // towards China by default: north-east
  if (sym.has_cn)
    ox = sym.cn[0] - c[0], oy = sym.cn[1] - c[1];
  else if (sym.has_vn)
    ox = c[0] - sym.vn[0], oy = c[1] - sym.vn[1];
  if (nx * ox + ny * oy < 0) nx = -nx, ny = -ny;
  const double half = 1500;
  sym.path_a[0] = static_cast<float>(c[0] - nx * half);
  sym.path_a[1] = static_cast<float>(c[1] - ny * half);
  sym.path_b[0] = static_cast<float>(c[0] + nx * half);
  sym.path_b[1] = static_cast<float>(c[1] + ny * half);
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
    set_flow_path(s, sym);
    sym.priority = g.kind == "international" ? 100 : g.kind == "main" || g.kind == "rail" ? 80 : 50;
    s.gate_symbols.push_back(sym);
    LabelSpec label;
    const float* a = sym.has_crossing ? sym.crossing : sym.has_vn ? sym.vn : sym.cn;
    label.anchor[0] = a[0];
    label.anchor[1] = a[1];
    label.line1 = g.name_vi;
    label.line2 = g.name_zh.empty() ? std::string() : g.name_zh + (g.name_zh_status == "unconfirmed" ? " (?)" : "");
    label.priority = sym.priority;
    label.style = LabelSpec::gate_label;
    label.gate = static_cast<int>(i);
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
  add_approximate_markers(s, src.data_dir);
  load_context(s, ctx, src.data_dir);
  load_attributions(s, src.data_dir);
  return s;
}

}  // namespace geo
