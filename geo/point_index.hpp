#pragma once
// A spatial index of many points for drawing the few that matter: view culling and thinning.
// Built once per scene (O(n log n)), queried per frame in time proportional to the cells of the
// view and the points returned, not to the points held. No GL: the renderer and the label pass
// use it for gate-like points and labels.
//
// Points are in map metres (any origin, e.g. Scene::origin), each with a priority (higher is more
// important; NaN counts as lowest). Thinning levels j = 0 .. levels()-1 keep at most one point per
// square cell of cell_m(j) = base_cell_m * 2^j metres (cells aligned on the origin), the
// most important first (equal priorities: the lower index), chosen among the points kept at level
// j-1, so that the levels nest: a point shown at a coarse level is shown at every finer one.
// A query asks for the points of a rectangle at least `min_spacing_m` apart in that sense: the
// finest level whose cell is at least min_spacing_m; every point when min_spacing_m <= 0.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace geo {

class PointIndex {
 public:
  struct Settings {
    double base_cell_m = 25;   // cell of thinning level 0, metres
    std::size_t per_cell = 8;  // mean points per cell of the storage grid (0: 8)
    // Points of at least this priority are never thinned and take no cell from the others
    // (e.g. the real gates among a synthetic crowd); every level returns them.
    float never_thin_from = INFINITY;
  };

  // xy: x0, y0, x1, y1, … (metres); priority: one per point (empty: all equal). Points with a
  // non-finite coordinate are never returned.
  void build(std::span<const float> xy, std::span<const float> priority, const Settings& settings);
  void build(std::span<const float> xy, std::span<const float> priority) { build(xy, priority, Settings{}); }

  std::size_t size() const { return n_; }
  int levels() const { return levels_; }
  double cell_m(int level) const;

  // Appends to `out`, in ascending order, the indices of the points inside [x0, x1] × [y0, y1]
  // (metres, edges included) kept at the spacing `min_spacing_m` (see above). Clears `out` first.
  void query(double x0, double y0, double x1, double y1, double min_spacing_m, std::vector<std::uint32_t>& out) const;

  // At least the number of points query() would return (the points of every storage cell that
  // meets the rectangle), without visiting the points: cheap, to choose a spacing before querying.
  std::size_t count_at_most(double x0, double y0, double x1, double y1, double min_spacing_m) const;

 private:
  int level_for(double min_spacing_m) const;  // the rank a point needs to be shown
  template <class Fn>
  void for_cells(double x0, double y0, double x1, double y1, Fn&& fn) const;

  std::size_t n_ = 0;
  int levels_ = 0;
  double base_cell_m_ = 25;
  // Storage grid over the points' box: each cell's points, most thinning-resistant first.
  double gx0_ = 0, gy0_ = 0, inv_cell_ = 1;
  int cols_ = 0, rows_ = 0;
  std::vector<std::uint32_t> cell_start_;  // cols_ * rows_ + 1 offsets into the arrays below
  std::vector<std::uint32_t> index_;       // point index
  std::vector<std::uint8_t> rank_;         // number of thinning levels that keep the point
  std::vector<float> xy_;                  // the point, for the rectangle test without a jump
};

}  // namespace geo
