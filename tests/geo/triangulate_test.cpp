// The land's triangulation in cells: the same area as the polygon, and no triangle wider or
// taller than a cell (the point of cutting: no slivers across the map for the rasteriser).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "geo/geos_util.hpp"

using namespace geo;

namespace {

double triangles_area(const std::vector<float>& xy, const std::vector<uint32_t>& idx) {
  double a = 0;
  for (size_t i = 0; i + 2 < idx.size(); i += 3) {
    const float* p = &xy[2 * idx[i]];
    const float* q = &xy[2 * idx[i + 1]];
    const float* r = &xy[2 * idx[i + 2]];
    a += std::abs((double(q[0]) - p[0]) * (double(r[1]) - p[1]) - (double(r[0]) - p[0]) * (double(q[1]) - p[1])) / 2;
  }
  return a;
}

TEST(TriangulateInCells, SameAreaAndNoTriangleWiderThanACell) {
  GeosContext ctx;
  // An L of 120 km × 90 km with a 20 km square hole and a long diagonal edge, off the grid's origin.
  const XY o{503'210, 2'410'770};
  auto at = [&](double x, double y) { return XY{o.x + x * 1000, o.y + y * 1000}; };
  const std::vector<std::vector<XY>> rings = {{at(0, 0), at(120, 0), at(120, 30), at(40, 90), at(0, 90), at(0, 0)},
                                              {at(10, 10), at(10, 30), at(30, 30), at(30, 10), at(10, 10)}};
  GeomPtr poly = make_polygon(ctx, rings);
  ASSERT_TRUE(poly);
  const double expected = 120.0 * 30 + 0.5 * (120 + 40) * 60 - 20.0 * 20;  // km², trapezoid on top of the band
  std::vector<float> whole_xy, cells_xy;
  std::vector<uint32_t> whole_idx, cells_idx;
  triangulate(ctx, poly.get(), o, whole_xy, whole_idx);
  const double cell = 7'000;
  triangulate_in_cells(ctx, poly.get(), cell, o, cells_xy, cells_idx);
  EXPECT_NEAR(triangles_area(whole_xy, whole_idx) / 1e6, expected, 1e-3);
  EXPECT_NEAR(triangles_area(cells_xy, cells_idx) / 1e6, expected, 1e-3);

  double widest_whole = 0, widest_cells = 0;
  auto widest = [](const std::vector<float>& xy, const std::vector<uint32_t>& idx) {
    double w = 0;
    for (size_t i = 0; i + 2 < idx.size(); i += 3) {
      float x0 = 1e30f, x1 = -1e30f, y0 = 1e30f, y1 = -1e30f;
      for (size_t k = 0; k < 3; ++k) {
        const float* p = &xy[2 * idx[i + k]];
        x0 = std::min(x0, p[0]), x1 = std::max(x1, p[0]), y0 = std::min(y0, p[1]), y1 = std::max(y1, p[1]);
      }
      w = std::max({w, double(x1 - x0), double(y1 - y0)});
    }
    return w;
  };
  widest_whole = widest(whole_xy, whole_idx);
  widest_cells = widest(cells_xy, cells_idx);
  EXPECT_LE(widest_cells, cell + 1) << "a triangle spans more than one cell";
  EXPECT_GT(widest_whole, 3 * cell)
      << "the uncut triangulation should have long triangles (else this test shows nothing)";
  for (uint32_t k : cells_idx) ASSERT_LT(k, cells_xy.size() / 2);
}

}  // namespace
