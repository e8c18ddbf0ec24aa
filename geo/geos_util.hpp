#pragma once
// RAII around the reentrant GEOS C API (GEOS_init_r / *_r calls only).
#include <geos_c.h>

#include <memory>
#include <vector>

#include "geo/types.hpp"

namespace geo {

class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;
  GEOSContextHandle_t get() const { return h_; }

 private:
  GEOSContextHandle_t h_;
};

struct GeomDeleter {
  GEOSContextHandle_t h;
  void operator()(GEOSGeometry* g) const {
    if (g) GEOSGeom_destroy_r(h, g);
  }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

// Builders from map-metre coordinates.
GeomPtr make_line(const GeosContext& ctx, const std::vector<XY>& pts);
GeomPtr make_polygon(const GeosContext& ctx, const std::vector<std::vector<XY>>& rings);
// The coordinates of a LineString or LinearRing.
std::vector<XY> coords_of(const GeosContext& ctx, const GEOSGeometry* g);

// Triangulates a (multi)polygon in map metres (made valid first) with GEOS's constrained
// Delaunay triangulation; appends vertices (relative to origin) and indices.
void triangulate(const GeosContext& ctx, const GEOSGeometry* polygon, const XY& origin, std::vector<float>& xy,
                 std::vector<uint32_t>& indices);

// The same, cut first into square cells of cell_m metres (GEOSClipByRect) and triangulated cell
// by cell: no triangle is longer than a cell's diagonal. A whole polygon triangulated at once is
// mostly long slivers across the map, and a software rasteriser pays for every tile a triangle's
// box touches (llvmpipe: the default land at 1080p cost 3-4x as much as the same area in cells).
void triangulate_in_cells(const GeosContext& ctx, const GEOSGeometry* polygon, double cell_m, const XY& origin,
                          std::vector<float>& xy, std::vector<uint32_t>& indices);

// A level of detail of a (multi)polygon in map metres: its rings of less than tolerance² area
// dropped (islands, and holes filled: at the scales this level is drawn at, half a pixel per
// tolerance or more, such a ring covers under a quarter of a pixel), then simplified keeping the
// topology (GEOS TopologyPreserveSimplify). Null if GEOS fails.
GeomPtr simplify_polygon(const GeosContext& ctx, const GEOSGeometry* polygon, double tolerance_m);

// Douglas-Peucker simplification that keeps the topology (GEOS TopologyPreserveSimplify).
std::vector<XY> simplify_line(const GeosContext& ctx, const std::vector<XY>& pts, double tolerance_m);

}  // namespace geo
