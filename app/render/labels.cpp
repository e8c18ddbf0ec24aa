#include "app/render/labels.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace gatemap::render {

namespace {

constexpr float kDefaultCellPx = 64.0f;
constexpr int kMaxGridCells = 1 << 20;  // a cap for absurd viewports; cells grow instead
constexpr std::size_t kPrefetchAhead = 16;

inline void prefetch(const void* p) {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(p);
#else
  (void)p;
#endif
}

bool overlaps(const LabelRect& a, const LabelRect& b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

bool inside(const LabelRect& box, const LabelRect& area) {
  return box.x0 >= area.x0 && box.y0 >= area.y0 && box.x1 <= area.x1 && box.y1 <= area.y1;
}

LabelRect inflate(const LabelRect& r, float d) { return {r.x0 - d, r.y0 - d, r.x1 + d, r.y1 + d}; }

LabelRect box_at(const LabelCandidate& c, const LabelPosition& p) {
  const float x0 = c.x + p.offset_x - p.align_x * c.width;
  const float y0 = c.y + p.offset_y - p.align_y * c.height;
  return {x0, y0, x0 + c.width, y0 + c.height};
}

// Sort key: priority descending, then index ascending, as one unsigned 64-bit number.
std::uint64_t order_key(float priority, std::uint32_t index) {
  if (std::isnan(priority)) priority = -INFINITY;
  priority += 0.0f;  // -0 -> +0: equal priorities must tie
  const auto bits = std::bit_cast<std::uint32_t>(priority);
  const std::uint32_t ascending = (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
  return (static_cast<std::uint64_t>(~ascending) << 32) | index;
}

}  // namespace

std::vector<LabelPosition> standard_positions(float gap_px) {
  const float g = gap_px;
  const float d = gap_px * 0.7071f;  // diagonals keep the same distance from the anchor
  return {
      {g, 0, 0, 0.5f},   // right
      {-g, 0, 1, 0.5f},  // left
      {0, -g, 0.5f, 1},  // above
      {0, g, 0.5f, 0},   // below
      {d, -d, 0, 1},     // above-right
      {d, d, 0, 0},      // below-right
      {-d, -d, 1, 1},    // above-left
      {-d, d, 1, 0},     // below-left
  };
}

const PlacedLabel* PlacementResult::find(std::uint32_t candidate) const {
  auto it = std::lower_bound(placed.begin(), placed.end(), candidate,
                             [](const PlacedLabel& p, std::uint32_t c) { return p.candidate < c; });
  return (it != placed.end() && it->candidate == candidate) ? &*it : nullptr;
}

void LabelPlacer::reset_grid(const LabelRect& viewport, float cell) {
  const float w = std::max(viewport.x1 - viewport.x0, 1.0f);
  const float h = std::max(viewport.y1 - viewport.y0, 1.0f);
  while ((w / cell) * (h / cell) > static_cast<float>(kMaxGridCells)) cell *= 2;
  origin_x_ = viewport.x0;
  origin_y_ = viewport.y0;
  inv_cell_ = 1.0f / cell;
  cols_ = std::max(1, static_cast<int>(std::ceil(w / cell)));
  rows_ = std::max(1, static_cast<int>(std::ceil(h / cell)));
  const auto n = static_cast<std::size_t>(cols_) * static_cast<std::size_t>(rows_);
  if (cells_.size() < n) cells_.resize(n);
  for (std::size_t i = 0; i < n; ++i) cells_[i].clear();  // keeps capacity across frames
  boxes_.clear();
  box_priorities_.clear();
}

void LabelPlacer::insert(const LabelRect& box, float priority) {
  const int cx0 = std::clamp(static_cast<int>(std::floor((box.x0 - origin_x_) * inv_cell_)), 0, cols_ - 1);
  const int cx1 = std::clamp(static_cast<int>(std::floor((box.x1 - origin_x_) * inv_cell_)), 0, cols_ - 1);
  const int cy0 = std::clamp(static_cast<int>(std::floor((box.y0 - origin_y_) * inv_cell_)), 0, rows_ - 1);
  const int cy1 = std::clamp(static_cast<int>(std::floor((box.y1 - origin_y_) * inv_cell_)), 0, rows_ - 1);
  const auto id = static_cast<std::uint32_t>(boxes_.size());
  boxes_.push_back(box);
  box_priorities_.push_back(priority);
  for (int cy = cy0; cy <= cy1; ++cy)
    for (int cx = cx0; cx <= cx1; ++cx) cells_[static_cast<std::size_t>(cy * cols_ + cx)].push_back(id);
}

bool LabelPlacer::collides(const LabelRect& box, float priority) const {
  // Boxes outside the grid were clamped into its border cells, so clamping the query is exact.
  const int cx0 = std::clamp(static_cast<int>(std::floor((box.x0 - origin_x_) * inv_cell_)), 0, cols_ - 1);
  const int cx1 = std::clamp(static_cast<int>(std::floor((box.x1 - origin_x_) * inv_cell_)), 0, cols_ - 1);
  const int cy0 = std::clamp(static_cast<int>(std::floor((box.y0 - origin_y_) * inv_cell_)), 0, rows_ - 1);
  const int cy1 = std::clamp(static_cast<int>(std::floor((box.y1 - origin_y_) * inv_cell_)), 0, rows_ - 1);
  for (int cy = cy0; cy <= cy1; ++cy)
    for (int cx = cx0; cx <= cx1; ++cx)
      for (std::uint32_t id : cells_[static_cast<std::size_t>(cy * cols_ + cx)])
        if (overlaps(boxes_[id], box) && !(priority > box_priorities_[id])) return true;
  return false;
}

PlacementResult LabelPlacer::place(std::span<const LabelCandidate> candidates,
                                   std::span<const std::vector<LabelPosition>> position_sets,
                                   std::span<const LabelRect> obstacles, const PlacementSettings& settings) {
  return place(candidates, position_sets, obstacles, {}, settings);
}

PlacementResult LabelPlacer::place(std::span<const LabelCandidate> candidates,
                                   std::span<const std::vector<LabelPosition>> position_sets,
                                   std::span<const LabelRect> obstacles, std::span<const float> obstacle_priorities,
                                   const PlacementSettings& settings) {
  PlacementResult result;
  const LabelRect& vp = settings.viewport;
  const LabelRect area = inflate(vp, -settings.margin_px);
  if (!(area.x1 > area.x0 && area.y1 > area.y0)) return result;
  reset_grid(vp, settings.cell_px > 0 ? settings.cell_px : kDefaultCellPx);
  const LabelRect reach = inflate(area, settings.padding_px);  // obstacles beyond it cannot matter
  for (std::size_t i = 0; i < obstacles.size(); ++i)
    if (overlaps(obstacles[i], reach))
      insert(obstacles[i], i < obstacle_priorities.size() ? obstacle_priorities[i] : INFINITY);

  // Cull: a valid candidate whose anchor is inside the viewport gets a sort key.
  keys_.clear();
  keys_.reserve(candidates.size());  // untouched capacity costs nothing; no regrowth copies
  const std::size_t n = std::min<std::size_t>(candidates.size(), 0xFFFFFFFFu);
  for (std::size_t i = 0; i < n; ++i) {
    const LabelCandidate& c = candidates[i];
    if (!(c.x >= vp.x0 && c.x < vp.x1 && c.y >= vp.y0 && c.y < vp.y1)) continue;  // also rejects NaN
    if (!(c.width > 0 && c.height > 0 && std::isfinite(c.width) && std::isfinite(c.height))) continue;
    if (c.position_set >= position_sets.size() || position_sets[c.position_set].empty()) continue;
    keys_.push_back(order_key(c.priority, static_cast<std::uint32_t>(i)));
  }
  result.in_viewport = keys_.size();

  // Order lazily: with a stopping rule only the first chunks are ever sorted.
  const bool may_stop_early = settings.max_labels > 0 || settings.max_consecutive_rejections > 0;
  std::size_t chunk = may_stop_early ? std::max<std::size_t>(4096, settings.max_labels * 8) : keys_.size();
  std::size_t rejections_in_a_row = 0;
  for (std::size_t begin = 0; begin < keys_.size(); chunk *= 2) {
    const std::size_t end = std::min(keys_.size(), begin + chunk);
    const auto first = keys_.begin() + static_cast<std::ptrdiff_t>(begin);
    const auto last = keys_.begin() + static_cast<std::ptrdiff_t>(end);
    if (end < keys_.size()) std::nth_element(first, last, keys_.end());
    std::sort(first, last);
    for (std::size_t k = begin; k < end; ++k) {
      // Priority order visits the candidates at random: fetch a few ahead (a cache miss each).
      if (k + kPrefetchAhead < end) prefetch(&candidates[keys_[k + kPrefetchAhead] & 0xFFFFFFFFu]);
      const auto index = static_cast<std::uint32_t>(keys_[k] & 0xFFFFFFFFu);
      const LabelCandidate& c = candidates[index];
      const std::vector<LabelPosition>& positions = position_sets[c.position_set];
      ++result.tried;
      bool placed = false;
      for (std::size_t p = 0; p < positions.size() && !placed; ++p) {
        const LabelRect box = box_at(c, positions[p]);
        if (!inside(box, area) || collides(inflate(box, settings.padding_px), c.priority)) continue;
        insert(box, INFINITY);
        result.placed.push_back({index, static_cast<std::uint32_t>(p), box});
        placed = true;
      }
      rejections_in_a_row = placed ? 0 : rejections_in_a_row + 1;
      if (settings.max_labels > 0 && result.placed.size() >= settings.max_labels) {
        result.stop = PlacementStop::budget;
        break;
      }
      if (settings.max_consecutive_rejections > 0 && rejections_in_a_row >= settings.max_consecutive_rejections) {
        result.stop = PlacementStop::screen_full;
        break;
      }
    }
    if (result.stop != PlacementStop::exhausted) break;
    begin = end;
  }
  std::sort(result.placed.begin(), result.placed.end(),
            [](const PlacedLabel& a, const PlacedLabel& b) { return a.candidate < b.candidate; });
  return result;
}

PlacementResult place_labels(std::span<const LabelCandidate> candidates,
                             std::span<const std::vector<LabelPosition>> position_sets,
                             std::span<const LabelRect> obstacles, const PlacementSettings& settings) {
  LabelPlacer placer;
  return placer.place(candidates, position_sets, obstacles, settings);
}

}  // namespace gatemap::render
