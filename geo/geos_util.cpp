#include "geo/geos_util.hpp"

#include <cmath>
#include <cstdarg>
#include <cstring>
#include <unordered_map>

#include "geo/error.hpp"

namespace geo {

namespace {
void geos_message(const char*, void*) {}  // GEOS notices are reported through our own errors
}  // namespace

GeosContext::GeosContext() : h_(GEOS_init_r()) {
  if (!h_) throw Error("", "", "GEOS could not be initialised");
  GEOSContext_setNoticeMessageHandler_r(h_, geos_message, nullptr);
  GEOSContext_setErrorMessageHandler_r(h_, geos_message, nullptr);
}

GeosContext::~GeosContext() { GEOS_finish_r(h_); }

namespace {
GEOSCoordSequence* make_seq(const GeosContext& ctx, const std::vector<XY>& pts, bool close) {
  size_t n = pts.size() +
             ((close && !pts.empty() && (pts.front().x != pts.back().x || pts.front().y != pts.back().y)) ? 1 : 0);
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx.get(), static_cast<unsigned>(n), 2);
  for (size_t i = 0; i < n; ++i) {
    const XY& p = i < pts.size() ? pts[i] : pts.front();
    GEOSCoordSeq_setXY_r(ctx.get(), seq, static_cast<unsigned>(i), p.x, p.y);
  }
  return seq;
}
}  // namespace

GeomPtr make_line(const GeosContext& ctx, const std::vector<XY>& pts) {
  return GeomPtr(GEOSGeom_createLineString_r(ctx.get(), make_seq(ctx, pts, false)), GeomDeleter{ctx.get()});
}

GeomPtr make_polygon(const GeosContext& ctx, const std::vector<std::vector<XY>>& rings) {
  if (rings.empty()) return GeomPtr(GEOSGeom_createEmptyPolygon_r(ctx.get()), GeomDeleter{ctx.get()});
  GEOSGeometry* shell = GEOSGeom_createLinearRing_r(ctx.get(), make_seq(ctx, rings[0], true));
  std::vector<GEOSGeometry*> holes;
  for (size_t i = 1; i < rings.size(); ++i)
    holes.push_back(GEOSGeom_createLinearRing_r(ctx.get(), make_seq(ctx, rings[i], true)));
  return GeomPtr(GEOSGeom_createPolygon_r(ctx.get(), shell, holes.data(), static_cast<unsigned>(holes.size())),
                 GeomDeleter{ctx.get()});
}

std::vector<XY> coords_of(const GeosContext& ctx, const GEOSGeometry* g) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx.get(), g);
  unsigned n = 0;
  if (!seq || !GEOSCoordSeq_getSize_r(ctx.get(), seq, &n)) return {};
  std::vector<XY> out(n);
  for (unsigned i = 0; i < n; ++i) GEOSCoordSeq_getXY_r(ctx.get(), seq, i, &out[i].x, &out[i].y);
  return out;
}

void triangulate(const GeosContext& ctx, const GEOSGeometry* polygon, const XY& origin, std::vector<float>& xy,
                 std::vector<uint32_t>& indices) {
  GEOSContextHandle_t h = ctx.get();
  GeomPtr valid(GEOSisValid_r(h, polygon) == 1 ? GEOSGeom_clone_r(h, polygon) : GEOSMakeValid_r(h, polygon),
                GeomDeleter{h});
  if (!valid) return;
  GeomPtr tris(GEOSConstrainedDelaunayTriangulation_r(h, valid.get()), GeomDeleter{h});
  if (!tris) return;
  struct KeyHash {
    size_t operator()(const std::pair<double, double>& k) const {
      uint64_t a, b;
      std::memcpy(&a, &k.first, 8);
      std::memcpy(&b, &k.second, 8);
      return std::hash<uint64_t>()(a * 0x9E3779B97F4A7C15ull ^ b);
    }
  };
  std::unordered_map<std::pair<double, double>, uint32_t, KeyHash> seen;
  const int n = GEOSGetNumGeometries_r(h, tris.get());
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* tri = GEOSGetGeometryN_r(h, tris.get(), i);
    std::vector<XY> c = coords_of(ctx, GEOSGetExteriorRing_r(h, tri));
    if (c.size() < 3) continue;
    for (int k = 0; k < 3; ++k) {
      auto key = std::make_pair(c[static_cast<size_t>(k)].x, c[static_cast<size_t>(k)].y);
      auto [it, inserted] = seen.try_emplace(key, static_cast<uint32_t>(xy.size() / 2));
      if (inserted) {
        xy.push_back(static_cast<float>(key.first - origin.x));
        xy.push_back(static_cast<float>(key.second - origin.y));
      }
      indices.push_back(it->second);
    }
  }
}

namespace {

double ring_area(const GeosContext& ctx, const GEOSGeometry* ring) {
  const std::vector<XY> c = coords_of(ctx, ring);
  double twice = 0;
  for (size_t i = 0; i + 1 < c.size(); ++i) twice += c[i].x * c[i + 1].y - c[i + 1].x * c[i].y;
  return std::abs(twice) / 2;
}

}  // namespace

namespace {

// Halves `g` along the grid line (a multiple of cell_m) nearest the middle of its longer extent,
// until a piece lies within one cell: each level of the recursion clips about the polygon's
// vertices once, instead of every cell clipping the whole polygon.
void triangulate_split_on_grid(const GeosContext& ctx, const GEOSGeometry* g, double cell_m, const XY& origin,
                               std::vector<float>& xy, std::vector<uint32_t>& indices, int depth) {
  GEOSContextHandle_t h = ctx.get();
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  GEOSGeom_getXMin_r(h, g, &x0), GEOSGeom_getYMin_r(h, g, &y0);
  GEOSGeom_getXMax_r(h, g, &x1), GEOSGeom_getYMax_r(h, g, &y1);
  // Grid lines strictly inside the piece, on each axis: k0 .. k1.
  const double kx0 = std::floor(x0 / cell_m) + 1, kx1 = std::ceil(x1 / cell_m) - 1;
  const double ky0 = std::floor(y0 / cell_m) + 1, ky1 = std::ceil(y1 / cell_m) - 1;
  const double nx = kx1 - kx0 + 1, ny = ky1 - ky0 + 1;
  if ((nx <= 0 && ny <= 0) || depth > 64) {
    triangulate(ctx, g, origin, xy, indices);
    return;
  }
  const bool along_x = nx >= ny;
  const double cut = std::floor(((along_x ? kx0 + kx1 : ky0 + ky1)) / 2) * cell_m;
  const double halves[2][4] = {{x0, y0, along_x ? cut : x1, along_x ? y1 : cut},
                               {along_x ? cut : x0, along_x ? y0 : cut, x1, y1}};
  for (const auto& r : halves) {
    GeomPtr piece(GEOSClipByRect_r(h, g, r[0], r[1], r[2], r[3]), GeomDeleter{h});
    if (piece && !GEOSisEmpty_r(h, piece.get()))
      triangulate_split_on_grid(ctx, piece.get(), cell_m, origin, xy, indices, depth + 1);
  }
}

}  // namespace

void triangulate_in_cells(const GeosContext& ctx, const GEOSGeometry* polygon, double cell_m, const XY& origin,
                          std::vector<float>& xy, std::vector<uint32_t>& indices) {
  GEOSContextHandle_t h = ctx.get();
  GeomPtr valid(GEOSisValid_r(h, polygon) == 1 ? GEOSGeom_clone_r(h, polygon) : GEOSMakeValid_r(h, polygon),
                GeomDeleter{h});
  if (!valid || GEOSisEmpty_r(h, valid.get())) return;
  // Cells on a grid anchored at multiples of cell_m, so that neighbouring polygons share cut lines.
  triangulate_split_on_grid(ctx, valid.get(), cell_m, origin, xy, indices, 0);
}

GeomPtr simplify_polygon(const GeosContext& ctx, const GEOSGeometry* polygon, double tolerance_m) {
  GEOSContextHandle_t h = ctx.get();
  const double min_area = tolerance_m * tolerance_m;
  std::vector<GEOSGeometry*> kept;  // polygons, owned until handed to the collection
  const int n = GEOSGetNumGeometries_r(h, polygon);
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* p = GEOSGetGeometryN_r(h, polygon, i);
    if (GEOSGeomTypeId_r(h, p) != GEOS_POLYGON || GEOSisEmpty_r(h, p)) continue;
    const GEOSGeometry* shell = GEOSGetExteriorRing_r(h, p);
    if (ring_area(ctx, shell) < min_area) continue;
    std::vector<GEOSGeometry*> holes;
    for (int k = 0; k < GEOSGetNumInteriorRings_r(h, p); ++k) {
      const GEOSGeometry* hole = GEOSGetInteriorRingN_r(h, p, k);
      if (ring_area(ctx, hole) >= min_area) holes.push_back(GEOSGeom_clone_r(h, hole));
    }
    kept.push_back(
        GEOSGeom_createPolygon_r(h, GEOSGeom_clone_r(h, shell), holes.data(), static_cast<unsigned>(holes.size())));
  }
  GeomPtr filtered(GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, kept.data(), static_cast<unsigned>(kept.size())),
                   GeomDeleter{h});
  if (!filtered) return nullptr;
  return GeomPtr(GEOSTopologyPreserveSimplify_r(h, filtered.get(), tolerance_m), GeomDeleter{h});
}

std::vector<XY> simplify_line(const GeosContext& ctx, const std::vector<XY>& pts, double tolerance_m) {
  if (tolerance_m <= 0 || pts.size() < 3) return pts;
  GeomPtr line = make_line(ctx, pts);
  GeomPtr s(GEOSTopologyPreserveSimplify_r(ctx.get(), line.get(), tolerance_m), GeomDeleter{ctx.get()});
  if (!s) return pts;
  return coords_of(ctx, s.get());
}

}  // namespace geo
