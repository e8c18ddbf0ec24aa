#pragma once
// What the renderer and the label pass look up about a scene's points every frame, built once
// per scene: spatial indexes of the gate symbols and of the labels (geo::PointIndex: view culling
// and thinning by priority) and the gate pair → symbol links. With them a frame costs what the
// view shows, not what the scene holds (a million gate-like points: docs/performance.md).
#include <cstdint>
#include <vector>

#include "app/render/frame.hpp"
#include "geo/point_index.hpp"
#include "geo/scene.hpp"

namespace gatemap::render {

struct ScenePoints {
  ScenePoints() = default;
  explicit ScenePoints(const geo::Scene& scene);

  // Gate symbols, each at the centre of the box of its sides; `gate_reach_m`: the farthest a
  // side lies from that centre (widen a query by it).
  geo::PointIndex gates;
  float gate_reach_m = 0;
  geo::PointIndex labels;  // by anchor, priority = LabelSpec::priority
  // Per gate pair: its first symbol, and its last located (not approximate) one; -1 for none.
  std::vector<std::int32_t> first_symbol, last_located_symbol;
  bool any_approximate = false;
};

// Per-frame budgets: when more points than these fall in a view, they are thinned (the most
// important kept, at least a symbol's or a label's size apart on screen). Far above what a
// real dataset of this map holds (tens of gates), so the real data is never thinned.
inline constexpr std::size_t kMaxSymbolsPerFrame = 20000;
// Points of the real data have priorities of 0 and up (geo/scene_builder.cpp: 20–100) and are
// never thinned; only bulk points below it are (the synthetic scene's, -20 to -1).
inline constexpr float kNeverThinFrom = 0;
inline constexpr std::size_t kMaxLabelCandidatesPerFrame = 2000;
// The label placer's stopping rules (PlacementSettings): labels placed, and candidates in a row
// that found no room ("screen full").
inline constexpr std::size_t kMaxLabelsPerFrame = 1000;
inline constexpr std::size_t kMaxConsecutiveRejections = 500;

// The gate symbols (indices into Scene::gate_symbols, ascending: the drawing order) whose symbol
// can touch the frame's image, thinned when over kMaxSymbolsPerFrame.
// Returns true when thinned: the view is crowded, and the labels of important points may then
// cover (hide) lesser symbols.
bool visible_gate_symbols(const geo::Scene& scene, const ScenePoints& points, const FrameSnapshot& frame,
                          std::vector<std::uint32_t>& out);
// The labels (indices into Scene::labels, ascending) whose anchor lies in the frame's image (the
// label placer drops the others), thinned when over kMaxLabelCandidatesPerFrame. Layers unfiltered.
void visible_labels(const geo::Scene& scene, const ScenePoints& points, const FrameSnapshot& frame,
                    std::vector<std::uint32_t>& out);

}  // namespace gatemap::render
