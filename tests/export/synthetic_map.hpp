#pragma once
// A deterministic, map-like RGBA image for encoder tests and benchmarks: what PNG compression
// sees in a gatemap export — large flat fills (sea, land, provinces), anti-aliased borders,
// rivers and roads, a thick frontier line, round gate markers and text-like labels with
// anti-aliased edges. Sizes scale with the width (a 4K image looks like the 1080p one, larger).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace gatemap::exporter::testing {

struct Rgb {
  float r, g, b;
};

class SyntheticMap {
 public:
  SyntheticMap(int width, int height, std::uint32_t seed = 1)
      : w_(width), h_(height), rgba_(std::size_t(width) * height * 4) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(0.f, 1.f);
    const float s = width / 1920.f;  // scale of line widths and text
    fill_regions(rng);
    for (int i = 0; i < 7; ++i) {  // rivers: wandering polylines
      std::vector<std::pair<float, float>> pts;
      float x = u(rng) * w_, y = 0, a = u(rng) * 6.28f;
      while (y < h_ && pts.size() < 400) {
        pts.emplace_back(x, y);
        a += (u(rng) - 0.5f) * 0.6f;
        x += std::cos(a) * 18 * s;
        y += std::abs(std::sin(a)) * 18 * s + 4 * s;
      }
      polyline(pts, 1.2f * s + 0.4f * i, {0.45f, 0.65f, 0.85f});
    }
    for (int i = 0; i < 25; ++i)  // roads: straight segments
      polyline({{u(rng) * w_, u(rng) * h_}, {u(rng) * w_, u(rng) * h_}}, 1.0f * s, {0.85f, 0.55f, 0.3f});
    std::vector<std::pair<float, float>> frontier;
    for (int i = 0; i <= 300; ++i) {
      float t = i / 300.f;
      frontier.emplace_back(t * w_, h_ * (0.45f + 0.12f * std::sin(t * 9) + 0.04f * std::sin(t * 37)));
    }
    polyline(frontier, 3.0f * s, {0.8f, 0.1f, 0.1f});
    for (int i = 0; i < 40; ++i) disc(u(rng) * w_, u(rng) * h_, 5 * s, {0.1f, 0.1f, 0.1f});
    for (int i = 0; i < 160; ++i) label(rng, u(rng) * w_ * 0.9f, u(rng) * h_ * 0.97f, 11 * s);
  }

  int width() const { return w_; }
  int height() const { return h_; }
  const std::uint8_t* data() const { return rgba_.data(); }
  std::uint8_t* data() { return rgba_.data(); }
  std::size_t stride() const { return std::size_t(w_) * 4; }
  const std::uint8_t* row(int y) const { return rgba_.data() + std::size_t(y) * stride(); }

 private:
  void put(int x, int y, Rgb c, float coverage) {
    if (x < 0 || y < 0 || x >= w_ || y >= h_ || coverage <= 0) return;
    coverage = std::min(coverage, 1.f);
    std::uint8_t* p = &rgba_[(std::size_t(y) * w_ + x) * 4];
    const float c3[3] = {c.r, c.g, c.b};
    for (int k = 0; k < 3; ++k) p[k] = std::uint8_t(std::lround(p[k] * (1 - coverage) + 255 * c3[k] * coverage));
    p[3] = 255;
  }

  void fill_regions(std::mt19937& rng) {
    std::uniform_real_distribution<float> u(0.f, 1.f);
    struct Seed {
      float x, y;
      Rgb c;
    };
    std::vector<Seed> seeds;
    for (int i = 0; i < 24; ++i)
      seeds.push_back(
          {u(rng) * w_, u(rng) * h_, {0.90f + 0.08f * u(rng), 0.88f + 0.08f * u(rng), 0.80f + 0.1f * u(rng)}});
    const Rgb sea{0.67f, 0.83f, 0.87f}, border{0.55f, 0.55f, 0.6f};
    const float s = w_ / 1920.f;
    for (int y = 0; y < h_; ++y) {
      for (int x = 0; x < w_; ++x) {
        float coast = h_ * 0.85f + 40 * s * std::sin(x * 0.004f / s) + 15 * s * std::sin(x * 0.031f / s);
        std::uint8_t* p = &rgba_[(std::size_t(y) * w_ + x) * 4];
        Rgb c = sea;
        if (y < coast) {
          float d1 = 1e30f, d2 = 1e30f;
          int best = 0;
          // Warp the coordinates a little so that borders wiggle like real ones.
          float wx = x + 6 * s * std::sin(y * 0.05f / s), wy = y + 6 * s * std::sin(x * 0.05f / s);
          for (int i = 0; i < int(seeds.size()); ++i) {
            float d = std::hypot(wx - seeds[i].x, wy - seeds[i].y);
            if (d < d1) {
              d2 = d1, d1 = d, best = i;
            } else if (d < d2) {
              d2 = d;
            }
          }
          c = seeds[best].c;
          float edge = std::clamp(1.5f * s - (d2 - d1) * 0.5f, 0.f, 1.f);  // anti-aliased province border
          c = {c.r + (border.r - c.r) * edge, c.g + (border.g - c.g) * edge, c.b + (border.b - c.b) * edge};
          float shore = std::clamp(coast - y, 0.f, 1.f);
          c = {sea.r + (c.r - sea.r) * shore, sea.g + (c.g - sea.g) * shore, sea.b + (c.b - sea.b) * shore};
        }
        p[0] = std::uint8_t(std::lround(c.r * 255));
        p[1] = std::uint8_t(std::lround(c.g * 255));
        p[2] = std::uint8_t(std::lround(c.b * 255));
        p[3] = 255;
      }
    }
  }

  static float seg_dist(float px, float py, float ax, float ay, float bx, float by) {
    float vx = bx - ax, vy = by - ay, l2 = vx * vx + vy * vy;
    float t = l2 > 0 ? std::clamp(((px - ax) * vx + (py - ay) * vy) / l2, 0.f, 1.f) : 0.f;
    return std::hypot(px - ax - t * vx, py - ay - t * vy);
  }

  void polyline(const std::vector<std::pair<float, float>>& pts, float width, Rgb c) {
    for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
      auto [ax, ay] = pts[i];
      auto [bx, by] = pts[i + 1];
      int x0 = int(std::min(ax, bx) - width - 1), x1 = int(std::max(ax, bx) + width + 1);
      int y0 = int(std::min(ay, by) - width - 1), y1 = int(std::max(ay, by) + width + 1);
      for (int y = std::max(0, y0); y <= std::min(h_ - 1, y1); ++y)
        for (int x = std::max(0, x0); x <= std::min(w_ - 1, x1); ++x) {
          float d = seg_dist(x + 0.5f, y + 0.5f, ax, ay, bx, by);
          float cov = std::clamp(width * 0.5f + 0.5f - d, 0.f, 1.f);
          // Overlapping segments would blend twice: keep the larger coverage instead.
          if (cov > 0 && cov > coverage_at(x, y, c)) put(x, y, c, cov);
        }
    }
  }

  float coverage_at(int x, int y, Rgb c) const {  // rough: already of colour c → covered
    const std::uint8_t* p = &rgba_[(std::size_t(y) * w_ + x) * 4];
    return (std::abs(p[0] - 255 * c.r) < 2 && std::abs(p[1] - 255 * c.g) < 2 && std::abs(p[2] - 255 * c.b) < 2) ? 1.f
                                                                                                                : 0.f;
  }

  void disc(float cx, float cy, float r, Rgb c) {
    for (int y = int(cy - r - 1); y <= int(cy + r + 1); ++y)
      for (int x = int(cx - r - 1); x <= int(cx + r + 1); ++x)
        put(x, y, c, std::clamp(r + 0.5f - std::hypot(x + 0.5f - cx, y + 0.5f - cy), 0.f, 1.f));
  }

  // Text-like: glyphs of random 5×7 patterns, scaled to `size` pixels high, with soft edges,
  // on a faint halo as map labels have.
  void label(std::mt19937& rng, float x0, float y0, float size) {
    std::uniform_int_distribution<int> bits(0, (1 << 5) - 1), len(4, 12);
    int n = len(rng);
    float cell = size / 7.f;
    for (int g = 0; g < n; ++g) {
      int rows[7];
      for (int& r : rows) r = bits(rng);
      for (int gy = 0; gy < 7; ++gy)
        for (int gx = 0; gx < 5; ++gx) {
          if (!(rows[gy] >> gx & 1)) continue;
          float fx = x0 + (g * 6 + gx) * cell, fy = y0 + gy * cell;
          for (int y = int(fy); y <= int(fy + cell); ++y)
            for (int x = int(fx); x <= int(fx + cell); ++x) {
              float cx = std::min(x + 1.f, fx + cell) - std::max(float(x), fx);
              float cy = std::min(y + 1.f, fy + cell) - std::max(float(y), fy);
              put(x, y, {0.15f, 0.15f, 0.2f}, std::max(0.f, cx) * std::max(0.f, cy) * 0.9f);
            }
        }
    }
  }

  int w_, h_;
  std::vector<std::uint8_t> rgba_;
};

}  // namespace gatemap::exporter::testing
