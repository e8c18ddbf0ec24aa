// Label placement: priority, positions, viewport, obstacles, no overlaps, determinism, scale.
#include "app/render/labels.hpp"
#include "tests/render/million_labels.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

namespace gatemap::render {
namespace {

const LabelRect kViewport{0, 0, 1920, 1080};

bool overlap(const LabelRect& a, const LabelRect& b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}
LabelRect grown(const LabelRect& r, float d) { return {r.x0 - d, r.y0 - d, r.x1 + d, r.y1 + d}; }
bool within(const LabelRect& box, const LabelRect& area) {
  return box.x0 >= area.x0 && box.y0 >= area.y0 && box.x1 <= area.x1 && box.y1 <= area.y1;
}
LabelRect box_at(const LabelCandidate& c, const LabelPosition& p) {
  const float x0 = c.x + p.offset_x - p.align_x * c.width;
  const float y0 = c.y + p.offset_y - p.align_y * c.height;
  return {x0, y0, x0 + c.width, y0 + c.height};
}

// The same greedy rule without any index: O(n^2), the reference the grid must agree with.
std::vector<PlacedLabel> reference_placement(const std::vector<LabelCandidate>& cands,
                                             const std::vector<std::vector<LabelPosition>>& sets,
                                             const std::vector<LabelRect>& obstacles, const PlacementSettings& s) {
  std::vector<std::uint32_t> order(cands.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return cands[a].priority > cands[b].priority; });
  const LabelRect area = grown(s.viewport, -s.margin_px);
  std::vector<PlacedLabel> placed;
  for (std::uint32_t i : order) {
    const LabelCandidate& c = cands[i];
    if (!(c.x >= s.viewport.x0 && c.x < s.viewport.x1 && c.y >= s.viewport.y0 && c.y < s.viewport.y1)) continue;
    const auto& positions = sets[c.position_set];
    for (std::size_t p = 0; p < positions.size(); ++p) {
      const LabelRect box = box_at(c, positions[p]);
      if (!within(box, area)) continue;
      const LabelRect probe = grown(box, s.padding_px);
      bool hit = std::any_of(obstacles.begin(), obstacles.end(), [&](const LabelRect& o) { return overlap(o, probe); });
      hit =
          hit || std::any_of(placed.begin(), placed.end(), [&](const PlacedLabel& l) { return overlap(l.box, probe); });
      if (hit) continue;
      placed.push_back({i, static_cast<std::uint32_t>(p), box});
      break;
    }
  }
  std::sort(placed.begin(), placed.end(),
            [](const PlacedLabel& a, const PlacedLabel& b) { return a.candidate < b.candidate; });
  return placed;
}

struct RandomScene {
  std::vector<LabelCandidate> candidates;
  std::vector<std::vector<LabelPosition>> sets;
  std::vector<LabelRect> obstacles;
};

// Fixed seed; integer draws only, so the scene is the same with any standard library.
RandomScene random_scene(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  auto uniform = [&](int lo, int hi) {
    return static_cast<float>(lo + static_cast<int>(rng() % static_cast<unsigned>(hi - lo + 1)));
  };
  RandomScene s;
  s.sets = {standard_positions(6), {standard_positions(6)[0]}, {}};
  s.candidates.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    LabelCandidate c;
    c.x = uniform(-200, 2120);  // some anchors outside the viewport
    c.y = uniform(-100, 1180);
    c.width = uniform(20, 160);
    c.height = uniform(12, 40);
    c.priority = uniform(0, 20);  // many ties
    c.position_set = static_cast<std::uint32_t>(rng() % 10 == 0 ? 1 : 0);
    s.candidates.push_back(c);
  }
  s.obstacles = {{20, 900, 420, 1060}, {1500, 20, 1900, 120}};  // legend, scale bar
  for (int i = 0; i < 50; ++i) {
    const float x = uniform(0, 1920), y = uniform(0, 1080);
    s.obstacles.push_back({x - 5, y - 5, x + 5, y + 5});  // gate symbols
  }
  return s;
}

void expect_same(const PlacementResult& a, const PlacementResult& b) {
  ASSERT_EQ(a.placed.size(), b.placed.size());
  for (std::size_t i = 0; i < a.placed.size(); ++i) {
    EXPECT_EQ(a.placed[i].candidate, b.placed[i].candidate);
    EXPECT_EQ(a.placed[i].position, b.placed[i].position);
    EXPECT_EQ(a.placed[i].box.x0, b.placed[i].box.x0);
    EXPECT_EQ(a.placed[i].box.y0, b.placed[i].box.y0);
  }
}

TEST(Labels, HigherPriorityWinsAndTheOtherMoves) {
  // Two labels whose "right" boxes overlap; the second has the higher priority.
  const std::vector<LabelCandidate> cands = {
      {.x = 500, .y = 500, .width = 100, .height = 20, .priority = 1, .position_set = 0},
      {.x = 520, .y = 505, .width = 100, .height = 20, .priority = 5, .position_set = 0},
  };
  const std::vector<std::vector<LabelPosition>> sets = {standard_positions(4)};
  const PlacementSettings s{.viewport = kViewport};
  const PlacementResult r = place_labels(cands, sets, {}, s);
  ASSERT_EQ(r.placed.size(), 2u);
  const PlacedLabel* high = r.find(1);
  const PlacedLabel* low = r.find(0);
  ASSERT_TRUE(high && low);
  EXPECT_EQ(high->position, 0u);  // right: its first choice
  EXPECT_EQ(high->box.x0, 524.0f);
  EXPECT_EQ(high->box.y0, 495.0f);
  EXPECT_EQ(low->position, 1u);  // left of its anchor
  EXPECT_EQ(low->box.x1, 496.0f);
  EXPECT_FALSE(overlap(high->box, low->box));
}

TEST(Labels, LowerPriorityIsDroppedWhenNoPositionIsFree) {
  const std::vector<LabelCandidate> cands = {
      {.x = 500, .y = 500, .width = 100, .height = 20, .priority = 1},
      {.x = 520, .y = 505, .width = 100, .height = 20, .priority = 5},
  };
  const std::vector<std::vector<LabelPosition>> sets = {{standard_positions(4)[0]}};  // right only
  const PlacementResult r = place_labels(cands, sets, {}, PlacementSettings{.viewport = kViewport});
  ASSERT_EQ(r.placed.size(), 1u);
  EXPECT_EQ(r.placed[0].candidate, 1u);
  EXPECT_EQ(r.find(0), nullptr);
  EXPECT_EQ(r.tried, 2u);
}

TEST(Labels, TiesGoToTheEarlierCandidate) {
  const std::vector<LabelCandidate> cands = {
      {.x = 500, .y = 500, .width = 100, .height = 20, .priority = 3},
      {.x = 510, .y = 500, .width = 100, .height = 20, .priority = 3},
      {.x = 505, .y = 500, .width = 100, .height = 20, .priority = -0.0f},
  };
  const std::vector<std::vector<LabelPosition>> sets = {{standard_positions(4)[0]}};
  const PlacementResult r = place_labels(cands, sets, {}, PlacementSettings{.viewport = kViewport});
  ASSERT_EQ(r.placed.size(), 1u);
  EXPECT_EQ(r.placed[0].candidate, 0u);
}

TEST(Labels, StayInsideTheViewportWithItsMargin) {
  const std::vector<LabelCandidate> cands = {
      {.x = 1900, .y = 540, .width = 100, .height = 20, .priority = 1},  // right would leave: goes left
      {.x = 1930, .y = 540, .width = 10, .height = 10, .priority = 9},   // anchor outside: culled
      {.x = -1, .y = 300, .width = 10, .height = 10, .priority = 9},     // anchor outside: culled
      {.x = 960, .y = 1075, .width = 100, .height = 20, .priority = 1},  // near the bottom: above
      {.x = 5, .y = 5, .width = 3000, .height = 20, .priority = 1},      // wider than the screen
  };
  const std::vector<std::vector<LabelPosition>> sets = {standard_positions(4)};
  const PlacementSettings s{.viewport = kViewport, .margin_px = 8};
  const PlacementResult r = place_labels(cands, sets, {}, s);
  EXPECT_EQ(r.in_viewport, 3u);
  ASSERT_EQ(r.placed.size(), 2u);
  EXPECT_EQ(r.placed[0].candidate, 0u);
  EXPECT_EQ(r.placed[0].position, 1u);  // left
  EXPECT_EQ(r.placed[1].candidate, 3u);
  EXPECT_EQ(r.placed[1].position, 2u);  // above
  const LabelRect area = grown(kViewport, -8);
  for (const PlacedLabel& p : r.placed) EXPECT_TRUE(within(p.box, area));
}

TEST(Labels, ObstaclesAreRespectedWithPadding) {
  const std::vector<LabelCandidate> cands = {{.x = 500, .y = 500, .width = 100, .height = 20, .priority = 1}};
  const std::vector<std::vector<LabelPosition>> sets = {standard_positions(8)};
  // The point's own symbol, and an obstacle 3 px right of where the "right" box (508..608)
  // would end: with 4 px padding it blocks that position.
  const std::vector<LabelRect> obstacles = {{611, 480, 700, 520}, {497, 497, 503, 503}};
  const PlacementSettings s{.viewport = kViewport, .padding_px = 4};
  PlacementResult r = place_labels(cands, sets, obstacles, s);
  ASSERT_EQ(r.placed.size(), 1u);
  EXPECT_EQ(r.placed[0].position, 1u);  // left
  // Without padding the right position is fine again.
  r = place_labels(cands, sets, obstacles, PlacementSettings{.viewport = kViewport});
  ASSERT_EQ(r.placed.size(), 1u);
  EXPECT_EQ(r.placed[0].position, 0u);
  // A legend covering everything around the point: dropped.
  const std::vector<LabelRect> legend = {{300, 300, 800, 800}};
  r = place_labels(cands, sets, legend, PlacementSettings{.viewport = kViewport});
  EXPECT_TRUE(r.placed.empty());
}

TEST(Labels, RandomScenesNeverOverlapAndMatchTheReference) {
  const RandomScene scene = random_scene(5000, 20240611u);
  const PlacementSettings s{.viewport = kViewport, .margin_px = 4, .padding_px = 2, .cell_px = 48};
  const PlacementResult r = place_labels(scene.candidates, scene.sets, scene.obstacles, s);
  ASSERT_GT(r.placed.size(), 150u);
  EXPECT_LT(r.in_viewport, scene.candidates.size());  // some were culled
  const LabelRect area = grown(kViewport, -4);
  for (std::size_t i = 0; i < r.placed.size(); ++i) {
    const PlacedLabel& a = r.placed[i];
    const LabelCandidate& c = scene.candidates[a.candidate];
    EXPECT_TRUE(c.x >= 0 && c.x < 1920 && c.y >= 0 && c.y < 1080) << a.candidate;
    EXPECT_TRUE(within(a.box, area)) << a.candidate;
    EXPECT_NEAR(a.box.x1 - a.box.x0, c.width, 1e-3f);
    for (const LabelRect& o : scene.obstacles) ASSERT_FALSE(overlap(grown(a.box, 2), o)) << a.candidate;
    for (std::size_t j = i + 1; j < r.placed.size(); ++j)
      ASSERT_FALSE(overlap(grown(a.box, 2), r.placed[j].box)) << a.candidate << " vs " << r.placed[j].candidate;
  }
  // Exactly what the brute-force greedy does: the grid changes the cost, not the answer.
  const std::vector<PlacedLabel> expected = reference_placement(scene.candidates, scene.sets, scene.obstacles, s);
  ASSERT_EQ(r.placed.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ(r.placed[i].candidate, expected[i].candidate) << i;
    ASSERT_EQ(r.placed[i].position, expected[i].position) << i;
  }
}

TEST(Labels, DeterministicAcrossRunsAndReusedPlacers) {
  const RandomScene scene = random_scene(5000, 7u);
  const PlacementSettings s{.viewport = kViewport, .padding_px = 1};
  LabelPlacer placer;
  const PlacementResult first = placer.place(scene.candidates, scene.sets, scene.obstacles, s);
  const PlacementResult other = place_labels(random_scene(5000, 8u).candidates, scene.sets, {}, s);
  const PlacementResult second = placer.place(scene.candidates, scene.sets, scene.obstacles, s);
  const PlacementResult fresh = place_labels(scene.candidates, scene.sets, scene.obstacles, s);
  EXPECT_GT(first.placed.size(), 100u);
  expect_same(first, second);
  expect_same(first, fresh);
  EXPECT_NE(other.placed.size(), 0u);
}

TEST(Labels, BudgetStopsAfterTheTopCandidates) {
  const RandomScene scene = random_scene(5000, 99u);
  const PlacementSettings unlimited{.viewport = kViewport};
  PlacementSettings budget = unlimited;
  budget.max_labels = 25;
  const PlacementResult all = place_labels(scene.candidates, scene.sets, scene.obstacles, unlimited);
  const PlacementResult some = place_labels(scene.candidates, scene.sets, scene.obstacles, budget);
  ASSERT_EQ(some.placed.size(), 25u);
  EXPECT_EQ(some.stop, PlacementStop::budget);
  EXPECT_EQ(all.stop, PlacementStop::exhausted);
  // The budgeted run is a prefix (in priority order) of the full one: same labels, same places.
  for (const PlacedLabel& p : some.placed) {
    const PlacedLabel* q = all.find(p.candidate);
    ASSERT_NE(q, nullptr) << p.candidate;
    EXPECT_EQ(q->position, p.position);
  }
}

TEST(Labels, IgnoresBrokenCandidates) {
  const std::vector<LabelCandidate> cands = {
      {.x = NAN, .y = 10, .width = 10, .height = 10},
      {.x = 10, .y = 10, .width = 0, .height = 10},
      {.x = 10, .y = 10, .width = INFINITY, .height = 10},
      {.x = 10, .y = 10, .width = 10, .height = 10, .position_set = 7},  // no such set
      {.x = 10, .y = 10, .width = 10, .height = 10, .position_set = 1},  // empty set
      {.x = 100, .y = 100, .width = 10, .height = 10, .priority = NAN},  // valid, lowest priority
  };
  const std::vector<std::vector<LabelPosition>> sets = {standard_positions(2), {}};
  const PlacementResult r = place_labels(cands, sets, {}, PlacementSettings{.viewport = kViewport});
  EXPECT_EQ(r.in_viewport, 1u);
  ASSERT_EQ(r.placed.size(), 1u);
  EXPECT_EQ(r.placed[0].candidate, 5u);
  EXPECT_TRUE(place_labels(cands, sets, {}, PlacementSettings{}).placed.empty());  // no viewport
}

TEST(Labels, AMillionCandidatesWithABudget) {
  const test_util::MillionLabelCase c;
  // The budget bounds the work, not a clock (the time is measured by bench/text_bench.cpp):
  // the placer stops after max_labels and tries a small part of the anchors in the viewport.
  const PlacementResult r = LabelPlacer().place(c.candidates, c.position_sets, c.obstacles, c.settings);
  EXPECT_GT(r.placed.size(), 300u);
  EXPECT_LE(r.placed.size(), 500u);
  EXPECT_NE(r.stop, PlacementStop::exhausted);
  EXPECT_GT(r.in_viewport, 230'000u);
  EXPECT_LT(r.in_viewport, 270'000u);
  EXPECT_LT(r.tried, r.in_viewport / 5);
  for (std::size_t i = 0; i < r.placed.size(); ++i)
    for (std::size_t j = i + 1; j < r.placed.size(); ++j) ASSERT_FALSE(overlap(r.placed[i].box, r.placed[j].box));
}

}  // namespace
}  // namespace gatemap::render
