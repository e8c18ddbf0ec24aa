#pragma once
// ImGui's font for the window's panels.
#include <cstddef>
#include <string>
#include <vector>

#include "geo/scene.hpp"

namespace gatemap {

// Noto Sans for Vietnamese with Noto Sans CJK merged in for the Chinese names, holding the glyphs
// the scene's labels use; rasterised at `scale` (the monitor's content scale) and drawn at 1/scale.
// Without the fonts, says so on stderr and keeps ImGui's built-in font. Into the current ImGui
// context; `extra_text` adds the glyphs of other text (the presenter view's scene titles and
// notes); one font per entry of `sizes_px` (pixels before scaling; the first is the default).
void load_imgui_fonts(const geo::Scene& scene, float scale, const std::vector<std::string>& extra_text = {},
                      const std::vector<float>& sizes_px = {16.0f});

// How many glyph-range lists load_imgui_fonts keeps (one per ImGui font atlas loaded): tests.
size_t imgui_glyph_range_lists();

}  // namespace gatemap
