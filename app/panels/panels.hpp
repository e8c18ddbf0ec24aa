#pragma once
// ImGui panels: each is a function that reads and edits ViewState and owns no data.
#include "app/view_state.hpp"
#include "geo/scene.hpp"

namespace gatemap::panels {

// Layers: one checkbox per layer, map layers and decorations.
void layers(ViewState& v, const geo::Scene& scene);
// Gate list: click a gate to fly to it; gates without a position say so.
void gate_list(ViewState& v, const geo::Scene& scene, double now_s);
// Tooltip for the hovered gate: both names and coordinates.
void hover_tooltip(const ViewState& v, const geo::Scene& scene);
// Status bar: frontier lengths, cursor position, last message.
void status_bar(const ViewState& v, const geo::Scene& scene, const geo::LonLat* cursor);

}  // namespace gatemap::panels
