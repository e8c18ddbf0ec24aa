#pragma once
// Label placement: a greedy collision pass in screen space (framebuffer pixels, y down).
//
// Candidates are tried in order of priority (higher first; equal priorities in input order),
// each at its positions in the order given; the first position whose box lies inside the
// viewport (less the margin) and keeps `padding_px` away from every label already placed and
// from every obstacle wins. A candidate with no such position is dropped. Placed boxes sit in a
// uniform grid, so a test costs a few cells whatever the number of labels.
//
// Scale: candidates whose anchor lies outside the viewport are culled first; the rest are
// ordered lazily (nth_element on 64-bit keys, in chunks), so with a budget (`max_labels`) or a
// "screen full" rule (`max_consecutive_rejections`) a million candidates cost one pass over the
// input plus the few thousand tried. Keep one LabelPlacer per view to reuse its buffers.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace gatemap::render {

struct LabelRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // pixels, y down; x0 <= x1, y0 <= y1
};

// Where a label box goes relative to its anchor:
//   box.x0 = anchor.x + offset_x - align_x * width,  box.y0 = anchor.y + offset_y - align_y * height
// align_x: 0 = box starts at the point, 0.5 = centred on it, 1 = ends at it (same for y).
struct LabelPosition {
  float offset_x = 0, offset_y = 0;  // pixels
  float align_x = 0, align_y = 0;    // fractions of the box size
};

// The usual eight, in cartographic order of preference for point labels: right, left, above,
// below, then above-right, below-right, above-left, below-left; `gap_px` from the anchor
// (e.g. symbol radius + 2 px). Two-line labels (Vietnamese over Chinese) read best centred
// beside the symbol, hence right/left first.
std::vector<LabelPosition> standard_positions(float gap_px);

struct LabelCandidate {
  float x = 0, y = 0;              // anchor, pixels
  float width = 0, height = 0;     // label box, pixels (TextBlock width/height, plus halo if wanted)
  float priority = 0;              // higher is placed first; NaN counts as lowest
  std::uint32_t position_set = 0;  // index into the position sets passed to place()
};

struct PlacementSettings {
  LabelRect viewport;          // e.g. {0, 0, framebuffer width, framebuffer height}
  float margin_px = 0;         // labels stay this far inside the viewport
  float padding_px = 0;        // least gap between two labels and between a label and an obstacle
  std::size_t max_labels = 0;  // stop after this many placed; 0 = no budget
  // "Screen full": stop after this many candidates in a row found no position; 0 = never.
  std::size_t max_consecutive_rejections = 0;
  float cell_px = 0;  // grid cell size; 0 = 64 px
};

struct PlacedLabel {
  std::uint32_t candidate = 0;  // index into the candidates
  std::uint32_t position = 0;   // index into the candidate's position set
  LabelRect box;                // where the label's box goes, pixels
};

enum class PlacementStop : std::uint8_t {
  exhausted,    // every candidate in the viewport was tried
  budget,       // max_labels reached
  screen_full,  // max_consecutive_rejections reached
};

struct PlacementResult {
  std::vector<PlacedLabel> placed;  // sorted by candidate index
  std::size_t in_viewport = 0;      // candidates left after culling (valid, anchor inside)
  std::size_t tried = 0;            // candidates tried, in priority order
  PlacementStop stop = PlacementStop::exhausted;

  // The placement of a candidate, or nullptr when it was not placed.
  const PlacedLabel* find(std::uint32_t candidate) const;
};

class LabelPlacer {
 public:
  // position_sets[c.position_set] are the positions tried for candidate c; a candidate whose
  // set is missing or empty, or whose size is not positive and finite, is ignored. Obstacles
  // are boxes no label may cover (gate symbols, legend, scale bar), in pixels.
  PlacementResult place(std::span<const LabelCandidate> candidates,
                        std::span<const std::vector<LabelPosition>> position_sets, std::span<const LabelRect> obstacles,
                        const PlacementSettings& settings);
  // The same with a priority per obstacle (obstacle_priorities[i] for obstacles[i]; missing ones
  // count as +infinity): an obstacle stops only the candidates whose priority is not above its
  // own, so that the label of an important point may cover a lesser point's symbol (which the
  // caller then hides, as it drew that symbol only to fill a crowded view).
  PlacementResult place(std::span<const LabelCandidate> candidates,
                        std::span<const std::vector<LabelPosition>> position_sets, std::span<const LabelRect> obstacles,
                        std::span<const float> obstacle_priorities, const PlacementSettings& settings);

 private:
  void reset_grid(const LabelRect& viewport, float cell);
  void insert(const LabelRect& box, float priority);
  bool collides(const LabelRect& box, float priority) const;

  std::vector<std::uint64_t> keys_;
  std::vector<LabelRect> boxes_;                   // obstacles, then placed labels
  std::vector<float> box_priorities_;              // per box: candidates above it ignore it
  std::vector<std::vector<std::uint32_t>> cells_;  // indices into boxes_, per grid cell
  float origin_x_ = 0, origin_y_ = 0;
  float inv_cell_ = 1.0f / 64.0f;
  int cols_ = 0, rows_ = 0;
};

// One-shot convenience (allocates its buffers each call).
PlacementResult place_labels(std::span<const LabelCandidate> candidates,
                             std::span<const std::vector<LabelPosition>> position_sets,
                             std::span<const LabelRect> obstacles, const PlacementSettings& settings);

}  // namespace gatemap::render
