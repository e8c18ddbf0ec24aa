#include "app/window/fonts.hpp"

#include <imgui.h>

#include <exception>
#include <iostream>
#include <list>
#include <string>

#include "app/render/text.hpp"

namespace gatemap {

void load_imgui_fonts(const geo::Scene& scene, float scale, const std::vector<std::string>& extra_text,
                      const std::vector<float>& sizes_px) {
  ImGuiIO& io = ImGui::GetIO();
  render::FontFiles files;
  try {
    files = render::find_font_files();
  } catch (const std::exception& e) {
    std::cerr << "gatemap: " << e.what() << " (using ImGui's built-in font)\n";
    return;
  }
  // Must outlive the atlas build, which comes at the first frame: one per call, as each ImGui
  // context (the wall's window, the presenter view) builds its own atlas.
  static std::list<ImVector<ImWchar>> all_ranges;
  ImVector<ImWchar>& ranges = all_ranges.emplace_back();
  ImFontGlyphRangesBuilder b;
  b.AddRanges(io.Fonts->GetGlyphRangesDefault());
  b.AddRanges(io.Fonts->GetGlyphRangesVietnamese());
  b.AddText("–—·°…“”‘’×→←≈●▲■◆✕≥≤");
  for (const geo::GatePair& g : scene.gates) {
    for (const std::string* s : {&g.name_vi, &g.name_zh, &g.name_en, &g.district}) {
      std::string n = render::nfc_vietnamese(*s);
      b.AddText(n.c_str());
    }
    for (const auto& r : g.rows) b.AddText(r.name_zh.c_str()), b.AddText(render::nfc_vietnamese(r.name_vi).c_str());
  }
  b.AddText("谅山广西边境中国越南凭祥友谊关");
  for (const std::string& s : extra_text) b.AddText(render::nfc_vietnamese(s).c_str());
  b.BuildRanges(&ranges);
  for (const float size_px : sizes_px) {
    const float size = size_px * scale;
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    io.Fonts->AddFontFromFileTTF(files.latin_regular.c_str(), size, &cfg, ranges.Data);
    ImFontConfig merge;
    merge.MergeMode = true;
    merge.FontNo = files.cjk_face_index;
    merge.OversampleH = 1;
    io.Fonts->AddFontFromFileTTF(files.cjk_regular.c_str(), size, &merge, ranges.Data);
  }
  io.FontGlobalScale = 1.0f / scale;
}

}  // namespace gatemap
