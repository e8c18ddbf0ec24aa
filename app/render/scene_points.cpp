#include "app/render/scene_points.hpp"

#include <algorithm>
#include <cmath>

#include "app/render/style.hpp"

namespace gatemap::render {

ScenePoints::ScenePoints(const geo::Scene& scene) {
  std::vector<float> xy, priority;
  xy.reserve(2 * scene.gate_symbols.size());
  priority.reserve(scene.gate_symbols.size());
  first_symbol.assign(scene.gates.size(), -1);
  last_located_symbol.assign(scene.gates.size(), -1);
  for (size_t i = 0; i < scene.gate_symbols.size(); ++i) {
    const geo::GateSymbol& g = scene.gate_symbols[i];
    float x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (const float* p : {g.has_vn ? g.vn : nullptr, g.has_cn ? g.cn : nullptr, g.has_crossing ? g.crossing : nullptr})
      if (p) x0 = std::min(x0, p[0]), x1 = std::max(x1, p[0]), y0 = std::min(y0, p[1]), y1 = std::max(y1, p[1]);
    if (!(x1 >= x0)) x0 = x1 = y0 = y1 = NAN;  // no side: nothing drawn
    xy.push_back((x0 + x1) / 2), xy.push_back((y0 + y1) / 2);
    if (x1 >= x0) gate_reach_m = std::max({gate_reach_m, (x1 - x0) / 2, (y1 - y0) / 2});
    priority.push_back(static_cast<float>(g.priority));
    any_approximate |= g.approximate;
    if (g.pair_index < scene.gates.size()) {
      std::int32_t& first = first_symbol[g.pair_index];
      if (first < 0) first = static_cast<std::int32_t>(i);
      if (!g.approximate) last_located_symbol[g.pair_index] = static_cast<std::int32_t>(i);
    }
  }
  geo::PointIndex::Settings settings;
  settings.never_thin_from = kNeverThinFrom;
  gates.build(xy, priority, settings);
  xy.clear(), priority.clear();
  for (const geo::LabelSpec& l : scene.labels) {
    xy.push_back(l.anchor[0]), xy.push_back(l.anchor[1]);
    priority.push_back(static_cast<float>(l.priority));
  }
  labels.build(xy, priority, settings);
}

namespace {

// The frame's image in metres from the scene origin, widened by `margin_m`; then the points of
// `index` in it, thinned at `spacing_px` and coarser (doubling) until at most `budget` remain.
bool visible(const geo::PointIndex& index, const geo::Scene& scene, const FrameSnapshot& frame, double margin_m,
             double spacing_px, std::size_t budget, std::vector<std::uint32_t>& out) {
  const geo::Camera& cam = frame.camera;
  const geo::XY a = cam.pixel_to_map(0, 0), b = cam.pixel_to_map(cam.width_px, cam.height_px);
  const double x0 = std::min(a.x, b.x) - scene.origin.x - margin_m, x1 = std::max(a.x, b.x) - scene.origin.x + margin_m;
  const double y0 = std::min(a.y, b.y) - scene.origin.y - margin_m, y1 = std::max(a.y, b.y) - scene.origin.y + margin_m;
  double spacing_m = 0;
  if (index.count_at_most(x0, y0, x1, y1, 0) > budget) {
    spacing_m = spacing_px * cam.m_per_px;
    for (int i = 0; i < 40 && index.count_at_most(x0, y0, x1, y1, spacing_m) > budget; ++i) spacing_m *= 2;
  }
  index.query(x0, y0, x1, y1, spacing_m, out);
  return spacing_m > 0;
}

}  // namespace

bool visible_gate_symbols(const geo::Scene& scene, const ScenePoints& points, const FrameSnapshot& frame,
                          std::vector<std::uint32_t>& out) {
  const float ps = frame.pixel_scale;
  // The largest symbol: a status badge growing with its pulse (radius × 1.3 × 1.8) and its stroke.
  const double margin_px = (style::kGateRadius * 2.5 + 8) * ps;
  return visible(points.gates, scene, frame, points.gate_reach_m + margin_px * frame.camera.m_per_px,
                 2 * (style::kGateRadius + 3) * ps, kMaxSymbolsPerFrame, out);
}

void visible_labels(const geo::Scene& scene, const ScenePoints& points, const FrameSnapshot& frame,
                    std::vector<std::uint32_t>& out) {
  visible(points.labels, scene, frame, frame.camera.m_per_px, 48 * frame.pixel_scale, kMaxLabelCandidatesPerFrame, out);
}

}  // namespace gatemap::render
