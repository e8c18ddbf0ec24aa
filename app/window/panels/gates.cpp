#include <imgui.h>

#include <algorithm>

#include "app/window/panels/panels.hpp"
#include "geo/projection.hpp"

namespace gatemap::panels {

void gate_list(ViewState& v, const geo::Scene& scene, double now_s) {
  ImGui::SetNextWindowPos(ImVec2(10, 350), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(300, 330), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Gates")) {
    ImGui::End();
    return;
  }
  ImGui::TextDisabled("Click a gate to fly to it");
  for (size_t i = 0; i < scene.gates.size(); ++i) {
    const geo::GatePair& g = scene.gates[i];
    ImGui::PushID(static_cast<int>(i));
    std::string label = g.name_vi + (g.name_zh.empty() ? "" : " – " + g.name_zh);
    if (g.name_zh_status == "unconfirmed") label += " (?)";
    const bool selected = v.selected_gate == static_cast<int>(i);
    if (auto a = g.anchor()) {
      if (ImGui::Selectable(label.c_str(), selected)) {
        v.selected_gate = static_cast<int>(i);
        fly_to(v, geo::map_projector().forward(*a), std::min(v.camera.m_per_px, 40.0), now_s);
      }
    } else {
      ImGui::BeginDisabled();
      ImGui::Selectable(label.c_str(), selected);
      ImGui::EndDisabled();
      ImGui::SameLine();
      ImGui::TextDisabled("location not found in sources");
    }
    if (ImGui::IsItemHovered() && !g.name_en.empty())
      ImGui::SetTooltip("%s\n%s · %s", g.name_en.c_str(), g.kind.c_str(), g.district.c_str());
    ImGui::PopID();
  }
  ImGui::End();
}

void hover_tooltip(const ViewState& v, const geo::Scene& scene) {
  if (v.hovered_gate < 0 || static_cast<size_t>(v.hovered_gate) >= scene.gates.size()) return;
  const geo::GatePair& g = scene.gates[static_cast<size_t>(v.hovered_gate)];
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(g.name_vi.c_str());
  if (!g.name_zh.empty())
    ImGui::Text("%s%s", g.name_zh.c_str(), g.name_zh_status == "unconfirmed" ? "  (unconfirmed)" : "");
  ImGui::TextDisabled("%s", g.name_en.c_str());
  ImGui::Separator();
  auto line = [](const char* what, const std::optional<geo::GatePoint>& p) {
    if (!p) return;
    if (p->pos)
      ImGui::Text("%s: %.5f° E, %.5f° N (%s)", what, p->pos->lon, p->pos->lat, geo::to_string(p->confidence));
    else
      ImGui::Text("%s: location not found in sources", what);
  };
  line("VN side", g.vn);
  line("CN side", g.cn);
  line("Crossing", g.crossing);
  ImGui::EndTooltip();
}

void status_bar(const ViewState& v, const geo::Scene& scene, const geo::LonLat* cursor) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float h = ImGui::GetFrameHeight();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + vp->Size.y - h));
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x, h));
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                           ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6, 2));
  if (ImGui::Begin("##status", nullptr, flags)) {
    ImGui::Text("Frontier %.2f km (OSM line shown) · %.2f km official", scene.frontier_geodesic_km,
                scene.frontier_official_km);
    if (cursor) {
      ImGui::SameLine();
      ImGui::TextDisabled("  |  %.5f° E, %.5f° N", cursor->lon, cursor->lat);
    }
    ImGui::SameLine();
    ImGui::TextDisabled("  |  F1 panels · F2 stats · 0 reset view");
    if (!v.message.empty()) {
      ImGui::SameLine();
      ImGui::TextColored(ImVec4(0.8f, 0.2f, 0.1f, 1), "  %s", v.message.c_str());
    }
  }
  ImGui::End();
  ImGui::PopStyleVar();
}

}  // namespace gatemap::panels
