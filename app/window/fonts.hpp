#pragma once
// ImGui's font for the window's panels.
#include "geo/scene.hpp"

namespace gatemap {

// Noto Sans for Vietnamese with Noto Sans CJK merged in for the Chinese names, holding the glyphs
// the scene's labels use; rasterised at `scale` (the monitor's content scale) and drawn at 1/scale.
// Without the fonts, says so on stderr and keeps ImGui's built-in font.
void load_imgui_fonts(const geo::Scene& scene, float scale);

}  // namespace gatemap
