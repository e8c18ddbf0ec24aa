#pragma once
// Everything drawn in screen space: gate and town labels (with the collision pass), the scale bar,
// title, legend, north arrow, attribution and date stamp. CPU only: fills UiGeometry and keeps
// the glyph atlas that the renderer uploads.
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "app/render/frame.hpp"
#include "app/render/strip_frame.hpp"
#include "app/render/ui_geometry.hpp"
#include "geo/scene.hpp"

namespace gatemap::render {

struct ScenePoints;

struct PixelRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  // As an obstacle: labels of a higher priority may cover it (a thinned crowd's symbols; the
  // renderer hides those then). As a placed label: its priority.
  float priority = INFINITY;
};

// A map symbol drawn in screen space (legend swatches), after the screen-space geometry.
struct OverlaySymbol {
  float x = 0, y = 0;  // pixels, y down
  int shape = 0;       // as in shaders/symbol.frag.glsl: 0 circle, 1 square, 2 diamond, 3 triangle, 4 cross
  float radius = 5;    // pixels
  style::Rgba fill{0, 0, 0, 1}, stroke{1, 1, 1, 1};
  float stroke_px = 1.5f;
  bool dashed = false;
};

struct LegendBands {
  float right = 0, bottom = 0;
};

struct AtlasView {
  const uint8_t* pixels = nullptr;  // two channels per texel: R coverage, G halo
  int width = 0, height = 0;
  uint64_t generation = 0;  // changes whenever the pixels change
};

class Decorations {
 public:
  Decorations();  // loads the fonts; throws std::runtime_error naming a missing font file
  ~Decorations();
  Decorations(const Decorations&) = delete;
  Decorations& operator=(const Decorations&) = delete;

  // symbol_boxes: where gate symbols are drawn (labels avoid them). points: the scene's indexes
  // (ScenePoints(scene)), so that only the labels in view are laid out.
  void build(const geo::Scene& scene, const ScenePoints& points, const FrameSnapshot& frame,
             const std::vector<PixelRect>& symbol_boxes, UiGeometry& out, std::vector<OverlaySymbol>& overlay,
             FrameStats& stats);
  AtlasView atlas() const;
  // The boxes of the labels placed by the last build(), with their priorities (pixels).
  const std::vector<PixelRect>& placed_labels() const;
  // For each of placed_labels(), the gate whose name it is (index into Scene::gates), or -1.
  const std::vector<int>& placed_label_gates() const;
  // Where the last build() drew the frontier strip's columns and days (invalid for a map frame).
  const StripPicks& strip_picks() const;
  // The boxes of the decorations (title, scale bar, date, legend, …) and of the legend alone, drawn
  // by the last build() (pixels; the legend's is all zero when none was drawn).
  const std::vector<PixelRect>& decoration_boxes() const;
  PixelRect legend_box() const;
  // The smallest text the last build() laid out (pixels; FrameStats::least_*_text_px, the lesser).
  float least_text_px() const;
  // The map frame when the last build() put the legend outside it, in a band along the right or
  // bottom edge of the decorations' area (pixels); all zero when the map fills the area.
  PixelRect map_frame() const;
  // When no place inside the area was free of gate symbols: the width of the band the legend
  // needs along the right edge and the height of the one along the bottom (pixels; 0 where a band
  // would leave the map less than half the area); all zero otherwise.
  LegendBands legend_bands() const;
  // The leader lines drawn by the last build(): from (x0, y0), a symbol's centre, to (x1, y1), on
  // the edge of the label tied to it (pixels).
  const std::vector<PixelRect>& leader_lines() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace gatemap::render
