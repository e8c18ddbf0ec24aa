// geo::PointIndex: view culling and thinning by priority (the index behind the renderer's gate
// symbols and labels when a scene holds a million points).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <vector>

#include "geo/point_index.hpp"

namespace {

struct Points {
  std::vector<float> xy, priority;
  void add(float x, float y, float p) { xy.push_back(x), xy.push_back(y), priority.push_back(p); }
  size_t size() const { return priority.size(); }
};

Points random_points(size_t n, float extent_m, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> pos(-extent_m / 2, extent_m / 2), pri(-20, 0);
  Points p;
  for (size_t i = 0; i < n; ++i) p.add(pos(rng), pos(rng), pri(rng));
  return p;
}

std::vector<uint32_t> brute_force(const Points& p, double x0, double y0, double x1, double y1) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < p.size(); ++i)
    if (p.xy[2 * i] >= x0 && p.xy[2 * i] <= x1 && p.xy[2 * i + 1] >= y0 && p.xy[2 * i + 1] <= y1)
      out.push_back(static_cast<uint32_t>(i));
  return out;
}

TEST(PointIndex, WithoutThinningAQueryIsExactlyThePointsInTheRectangleInOrder) {
  const Points p = random_points(50000, 200'000, 1);
  geo::PointIndex index;
  index.build(p.xy, p.priority);
  std::vector<uint32_t> got;
  for (auto [x0, y0, x1, y1] :
       {std::array<double, 4>{-10'000, -5'000, 12'000, 7'000}, std::array<double, 4>{-1e6, -1e6, 1e6, 1e6},
        std::array<double, 4>{90'000, 90'000, 1e6, 1e6}, std::array<double, 4>{200'000, 200'000, 300'000, 300'000}}) {
    index.query(x0, y0, x1, y1, 0, got);
    EXPECT_EQ(got, brute_force(p, x0, y0, x1, y1));
    EXPECT_GE(index.count_at_most(x0, y0, x1, y1, 0), got.size());
  }
  // Off-screen points are dropped: a 20 km view of a 200 km scene holds about 1 % of them.
  index.query(-10'000, -10'000, 10'000, 10'000, 0, got);
  EXPECT_LT(got.size(), 1000u);
  EXPECT_GT(got.size(), 200u);
}

TEST(PointIndex, ThinningKeepsOnePointPerCellAndTheMostImportantWins) {
  Points p = random_points(5000, 100'000, 2);
  p.add(123, 456, 100);  // a real gate among the bulk
  p.add(50'000, 0, 80);  // another, on the edge
  geo::PointIndex index;
  index.build(p.xy, p.priority);
  ASSERT_GT(index.levels(), 5);
  std::vector<uint32_t> got;
  for (int level = 0; level < index.levels(); ++level) {
    const double cell = index.cell_m(level);
    index.query(-1e6, -1e6, 1e6, 1e6, cell, got);
    std::set<std::pair<long, long>> cells;
    for (uint32_t i : got)
      EXPECT_TRUE(
          cells.insert({std::lround(std::floor(p.xy[2 * i] / cell)), std::lround(std::floor(p.xy[2 * i + 1] / cell))})
              .second)
          << "two points in one cell at level " << level;
    EXPECT_TRUE(std::binary_search(got.begin(), got.end(), 5000u))
        << "the priority-100 point thinned at level " << level;
    EXPECT_TRUE(std::is_sorted(got.begin(), got.end()));
    EXPECT_GE(index.count_at_most(-1e6, -1e6, 1e6, 1e6, cell), got.size());
  }
  // Within a cell, the highest priority is the one kept.
  index.query(-1e6, -1e6, 1e6, 1e6, index.cell_m(3), got);
  const double cell = index.cell_m(3);
  for (uint32_t kept : got)
    for (size_t i = 0; i < p.size(); ++i) {
      const bool same_cell = std::floor(p.xy[2 * i] / cell) == std::floor(p.xy[2 * kept] / cell) &&
                             std::floor(p.xy[2 * i + 1] / cell) == std::floor(p.xy[2 * kept + 1] / cell);
      if (same_cell) {
        ASSERT_LE(p.priority[i], p.priority[kept]);
      }
    }
}

TEST(PointIndex, LevelsNestAndShrink) {
  const Points p = random_points(30000, 100'000, 3);
  geo::PointIndex index;
  index.build(p.xy, p.priority);
  std::vector<uint32_t> finer, coarser;
  index.query(-1e6, -1e6, 1e6, 1e6, 0, finer);
  EXPECT_EQ(finer.size(), p.size());
  for (int level = 0; level < index.levels(); ++level) {
    index.query(-1e6, -1e6, 1e6, 1e6, index.cell_m(level), coarser);
    EXPECT_LE(coarser.size(), finer.size());
    EXPECT_TRUE(std::includes(finer.begin(), finer.end(), coarser.begin(), coarser.end())) << "level " << level;
    finer = coarser;
  }
  EXPECT_LE(finer.size(), 4u);  // the coarsest cells (aligned on the origin) hold the whole scene
}

TEST(PointIndex, IgnoresNonFinitePointsAndHandlesEmptyAndTinyInput) {
  geo::PointIndex index;
  std::vector<uint32_t> got{7};
  index.build({}, {});
  index.query(-1, -1, 1, 1, 0, got);
  EXPECT_TRUE(got.empty());
  Points p;
  p.add(0, 0, 0);
  p.add(NAN, 0, 5);
  p.add(INFINITY, 1, 5);
  p.add(1, 1, 0);
  index.build(p.xy, p.priority);
  index.query(-10, -10, 10, 10, 0, got);
  EXPECT_EQ(got, (std::vector<uint32_t>{0, 3}));
  index.query(-10, -10, 10, 10, 1e9, got);
  EXPECT_EQ(got, (std::vector<uint32_t>{0}));  // equal priorities: the lower index
}

TEST(PointIndex, PointsAboveTheThresholdAreNeverThinnedNorThinOthers) {
  Points p = random_points(5000, 10'000, 4);  // priorities -20 .. 0
  p.add(0, 0, 50);                            // two real gates 10 m apart
  p.add(10, 0, 30);
  geo::PointIndex::Settings settings;
  settings.never_thin_from = 0;
  geo::PointIndex index;
  index.build(p.xy, p.priority, settings);
  std::vector<uint32_t> got;
  index.query(-1e6, -1e6, 1e6, 1e6, 1e9, got);
  EXPECT_TRUE(std::binary_search(got.begin(), got.end(), 5000u));
  EXPECT_TRUE(std::binary_search(got.begin(), got.end(), 5001u));
  EXPECT_GE(got.size(), 3u);  // and at least one of the crowd: the real ones take no cell
  EXPECT_LE(got.size(), 6u);
}

}  // namespace
