#pragma once
// The label placer at scale, shared by tests/render/labels_test.cpp (what is placed) and
// bench/text_bench.cpp (how long it takes): a million candidates around a 1920 × 1080 viewport
// (a quarter of the anchors on screen), five positions each, one obstacle (the legend's place)
// and a budget of 500 labels.
#include <random>
#include <vector>

#include "app/render/labels.hpp"

namespace gatemap::test_util {

struct MillionLabelCase {
  std::vector<render::LabelCandidate> candidates;
  std::vector<std::vector<render::LabelPosition>> position_sets = {render::standard_positions(5)};
  std::vector<render::LabelRect> obstacles = {{20, 900, 420, 1060}};
  render::PlacementSettings settings{.viewport = {0, 0, 1920, 1080},
                                     .margin_px = 4,
                                     .padding_px = 2,
                                     .max_labels = 500,
                                     .max_consecutive_rejections = 2000};

  MillionLabelCase() : candidates(1'000'000) {
    std::mt19937 rng(42);
    for (render::LabelCandidate& c : candidates) {
      c.x = static_cast<float>(rng() % 3840) - 960;
      c.y = static_cast<float>(rng() % 2160) - 540;
      c.width = 60 + static_cast<float>(rng() % 80);
      c.height = 16 + static_cast<float>(rng() % 20);
      c.priority = static_cast<float>(rng() % 1000);
    }
  }
};

}  // namespace gatemap::test_util
