#include <imgui.h>

#include <string>

#include "app/window/panels/panels.hpp"

namespace gatemap::panels {

void layers(ViewState& v, const std::function<size_t(geo::LayerId)>& count) {
  ImGui::SetNextWindowPos(ImVec2(10, 30), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(230, 0), ImGuiCond_FirstUseEver);
  const bool expanded = ImGui::Begin("Layers");
  note_panel(v);
  if (!expanded) {
    ImGui::End();
    return;
  }
  auto row = [&](geo::LayerId id) {
    bool on = v.layers.has(id);
    std::string label(geo::layer_name(id));
    const size_t n = count(id);
    if (!geo::is_decoration(id) && n == 0) {
      ImGui::BeginDisabled();
      ImGui::Checkbox((label + " (no data)").c_str(), &on);
      ImGui::EndDisabled();
      return;
    }
    if (ImGui::Checkbox(label.c_str(), &on)) v.layers.set(id, on);
    if (!geo::is_decoration(id)) {
      ImGui::SameLine();
      ImGui::TextDisabled("%zu", n);
    }
  };
  ImGui::TextDisabled("Map");
  for (size_t i = 0; i < static_cast<size_t>(geo::LayerId::count); ++i) {
    auto id = static_cast<geo::LayerId>(i);
    if (id == geo::LayerId::title) {
      ImGui::Separator();
      ImGui::TextDisabled("Decorations");
    }
    row(id);
  }
  ImGui::End();
}

}  // namespace gatemap::panels
