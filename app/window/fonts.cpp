#include "app/window/fonts.hpp"

#include <imgui.h>

#include <exception>
#include <iostream>
#include <string>

#include "app/render/text.hpp"

namespace gatemap {

void load_imgui_fonts(const geo::Scene& scene, float scale) {
  ImGuiIO& io = ImGui::GetIO();
  render::FontFiles files;
  try {
    files = render::find_font_files();
  } catch (const std::exception& e) {
    std::cerr << "gatemap: " << e.what() << " (using ImGui's built-in font)\n";
    return;
  }
  static ImVector<ImWchar> ranges;  // must outlive the atlas build
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
  ranges.clear();
  b.BuildRanges(&ranges);
  const float size = 16.0f * scale;
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  io.Fonts->AddFontFromFileTTF(files.latin_regular.c_str(), size, &cfg, ranges.Data);
  ImFontConfig merge;
  merge.MergeMode = true;
  merge.FontNo = files.cjk_face_index;
  merge.OversampleH = 1;
  io.Fonts->AddFontFromFileTTF(files.cjk_regular.c_str(), size, &merge, ranges.Data);
  io.FontGlobalScale = 1.0f / scale;
}

}  // namespace gatemap
