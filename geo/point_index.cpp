#include "geo/point_index.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>

namespace geo {

namespace {

constexpr int kMaxLevels = 40;
constexpr std::size_t kMaxStorageCells = std::size_t(1) << 22;

// Priority descending, then index ascending, as one unsigned number (as the label placer does).
std::uint64_t importance_key(float priority, std::uint32_t index) {
  if (std::isnan(priority)) priority = -INFINITY;
  priority += 0.0f;  // -0 -> +0
  const auto bits = std::bit_cast<std::uint32_t>(priority);
  const std::uint32_t ascending = (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
  return (static_cast<std::uint64_t>(~ascending) << 32) | index;
}

// "Is this cell taken yet?" for one thinning level: open addressing on 64-bit cell keys (an
// unordered_set costs several times more for the million inserts of a large scene).
class CellSet {
 public:
  explicit CellSet(std::size_t n) {
    std::size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    slots_.assign(cap, kEmpty);
    mask_ = cap - 1;
  }
  bool insert(std::uint64_t key) {  // true when the key was new
    std::size_t h = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 17) & mask_;
    while (slots_[h] != kEmpty) {
      if (slots_[h] == key) return false;
      h = (h + 1) & mask_;
    }
    slots_[h] = key;
    return true;
  }

 private:
  static constexpr std::uint64_t kEmpty = ~0ull;
  std::vector<std::uint64_t> slots_;
  std::size_t mask_ = 0;
};

}  // namespace

double PointIndex::cell_m(int level) const { return std::ldexp(base_cell_m_, level); }

void PointIndex::build(std::span<const float> xy, std::span<const float> priority, const Settings& settings) {
  *this = PointIndex{};
  base_cell_m_ = settings.base_cell_m > 0 ? settings.base_cell_m : 25;
  const std::size_t n = std::min<std::size_t>(xy.size() / 2, 0xFFFFFFFFu);
  n_ = n;
  auto finite = [&](std::size_t i) { return std::isfinite(xy[2 * i]) && std::isfinite(xy[2 * i + 1]); };
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  std::size_t valid = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (finite(i)) {
      x0 = std::min<double>(x0, xy[2 * i]), x1 = std::max<double>(x1, xy[2 * i]);
      y0 = std::min<double>(y0, xy[2 * i + 1]), y1 = std::max<double>(y1, xy[2 * i + 1]);
      ++valid;
    }
  if (valid == 0) return;
  gx0_ = x0, gy0_ = y0;

  // Thinning ranks: level by level over the survivors of the level before, most important first.
  std::vector<std::uint64_t> keys;
  keys.reserve(valid);
  std::vector<std::uint8_t> rank(n, 0);
  std::vector<std::uint32_t> protected_points;
  for (std::size_t i = 0; i < n; ++i) {
    if (!finite(i)) continue;
    const float p = i < priority.size() ? priority[i] : 0.f;
    if (p >= settings.never_thin_from)
      protected_points.push_back(static_cast<std::uint32_t>(i));
    else
      keys.push_back(importance_key(p, static_cast<std::uint32_t>(i)));
  }
  std::sort(keys.begin(), keys.end());
  std::vector<std::uint32_t> alive(keys.size()), next;
  for (std::size_t k = 0; k < keys.size(); ++k) alive[k] = static_cast<std::uint32_t>(keys[k] & 0xFFFFFFFFu);
  const double extent = std::max(x1 - x0, y1 - y0);
  while (levels_ < kMaxLevels && alive.size() > 1) {
    const double cell = cell_m(levels_);
    CellSet taken(alive.size());
    next.clear();
    for (std::uint32_t i : alive) {
      // Cells aligned on the origin, not on the points' box: two indexes of the same points
      // (e.g. symbols and their labels) thin alike.
      const auto cx = static_cast<std::uint32_t>(static_cast<std::int64_t>(std::floor(xy[2 * i] / cell)));
      const auto cy = static_cast<std::uint32_t>(static_cast<std::int64_t>(std::floor(xy[2 * i + 1] / cell)));
      // (The flip keeps cell (-1, -1) off the hash table's empty marker, ~0.)
      if (taken.insert((static_cast<std::uint64_t>(cx) << 32 | cy) ^ 0x8000000080000000ull)) next.push_back(i);
    }
    for (std::uint32_t i : next) rank[i] = static_cast<std::uint8_t>(levels_ + 1);
    alive.swap(next);
    ++levels_;
    if (cell > extent) break;  // one cell holds everything: coarser levels would keep the same point
  }
  for (std::uint32_t i : protected_points) rank[i] = static_cast<std::uint8_t>(kMaxLevels + 1);

  // Storage grid: about per_cell points a cell; each cell sorted by rank descending (then index),
  // so that a query at any level reads a prefix of each cell.
  const double per_cell = static_cast<double>(settings.per_cell ? settings.per_cell : 8);
  const double cells_wanted =
      std::clamp(static_cast<double>(valid) / per_cell, 1.0, static_cast<double>(kMaxStorageCells));
  const double w = std::max(x1 - x0, 1.0), h = std::max(y1 - y0, 1.0);
  const double cell = std::max(std::sqrt(w * h / cells_wanted), std::max(w, h) / 4096.0);
  inv_cell_ = 1.0 / cell;
  cols_ = static_cast<int>(w * inv_cell_) + 1;
  rows_ = static_cast<int>(h * inv_cell_) + 1;
  const std::size_t ncell = static_cast<std::size_t>(cols_) * static_cast<std::size_t>(rows_);
  auto cell_of = [&](std::size_t i) {
    const int cx = std::min(cols_ - 1, static_cast<int>((xy[2 * i] - gx0_) * inv_cell_));
    const int cy = std::min(rows_ - 1, static_cast<int>((xy[2 * i + 1] - gy0_) * inv_cell_));
    return static_cast<std::size_t>(cy) * static_cast<std::size_t>(cols_) + static_cast<std::size_t>(cx);
  };
  cell_start_.assign(ncell + 1, 0);
  for (std::size_t i = 0; i < n; ++i)
    if (finite(i)) ++cell_start_[cell_of(i) + 1];
  std::partial_sum(cell_start_.begin(), cell_start_.end(), cell_start_.begin());
  index_.resize(valid);
  std::vector<std::uint32_t> fill(cell_start_.begin(), cell_start_.end() - 1);
  for (std::size_t i = 0; i < n; ++i)
    if (finite(i)) index_[fill[cell_of(i)]++] = static_cast<std::uint32_t>(i);
  rank_.resize(valid);
  xy_.resize(2 * valid);
  for (std::size_t c = 0; c < ncell; ++c) {
    const auto first = index_.begin() + cell_start_[c], last = index_.begin() + cell_start_[c + 1];
    std::sort(first, last,
              [&](std::uint32_t a, std::uint32_t b) { return rank[a] != rank[b] ? rank[a] > rank[b] : a < b; });
  }
  for (std::size_t k = 0; k < valid; ++k) {
    rank_[k] = rank[index_[k]];
    xy_[2 * k] = xy[2 * index_[k]], xy_[2 * k + 1] = xy[2 * index_[k] + 1];
  }
}

int PointIndex::level_for(double min_spacing_m) const {
  if (!(min_spacing_m > 0)) return 0;
  for (int j = 0; j < levels_; ++j)
    if (cell_m(j) >= min_spacing_m) return j + 1;
  return levels_;
}

template <class Fn>
void PointIndex::for_cells(double x0, double y0, double x1, double y1, Fn&& fn) const {
  if (index_.empty() || !(x1 >= x0 && y1 >= y0)) return;
  auto clamp_col = [&](double x) {
    return static_cast<int>(std::clamp(std::floor((x - gx0_) * inv_cell_), 0.0, cols_ - 1.0));
  };
  auto clamp_row = [&](double y) {
    return static_cast<int>(std::clamp(std::floor((y - gy0_) * inv_cell_), 0.0, rows_ - 1.0));
  };
  if (x1 < gx0_ || y1 < gy0_ || (x0 - gx0_) * inv_cell_ > cols_ || (y0 - gy0_) * inv_cell_ > rows_) return;
  const int c0 = clamp_col(x0), c1 = clamp_col(x1), r0 = clamp_row(y0), r1 = clamp_row(y1);
  for (int r = r0; r <= r1; ++r)
    for (int c = c0; c <= c1; ++c)
      fn(static_cast<std::size_t>(r) * static_cast<std::size_t>(cols_) + static_cast<std::size_t>(c));
}

void PointIndex::query(double x0, double y0, double x1, double y1, double min_spacing_m,
                       std::vector<std::uint32_t>& out) const {
  out.clear();
  const int need = level_for(min_spacing_m);
  for_cells(x0, y0, x1, y1, [&](std::size_t c) {
    for (std::uint32_t k = cell_start_[c]; k < cell_start_[c + 1] && rank_[k] >= need; ++k) {
      const double x = xy_[2 * k], y = xy_[2 * k + 1];
      if (x >= x0 && x <= x1 && y >= y0 && y <= y1) out.push_back(index_[k]);
    }
  });
  std::sort(out.begin(), out.end());
}

std::size_t PointIndex::count_at_most(double x0, double y0, double x1, double y1, double min_spacing_m) const {
  const int need = level_for(min_spacing_m);
  std::size_t count = 0;
  for_cells(x0, y0, x1, y1, [&](std::size_t c) {
    if (need == 0) {
      count += cell_start_[c + 1] - cell_start_[c];
      return;
    }
    for (std::uint32_t k = cell_start_[c]; k < cell_start_[c + 1] && rank_[k] >= need; ++k) ++count;
  });
  return count;
}

}  // namespace geo
