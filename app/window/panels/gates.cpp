#include <imgui.h>

#include <algorithm>

#include "app/window/panels/panels.hpp"
#include "geo/utm.hpp"

namespace gatemap::panels {

void note_panel(ViewState& v) {
  const ImVec2 p = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
  v.panels.push_back({p.x, p.y, p.x + s.x, p.y + s.y});
}

// A built-in gate that no source locates: its approximate marker on its district's stretch.
static const geo::GateSymbol* approximate_marker(const geo::Scene& scene, const GateRef& g) {
  if (g.layer) return nullptr;
  const auto index = static_cast<size_t>(g.pair - scene.gates.data());
  for (const geo::GateSymbol& s : scene.gate_symbols)
    if (s.pair_index == index && s.approximate) return &s;
  return nullptr;
}

void gate_list(ViewState& v, const AppData& data, double now_s) {
  ImGui::SetNextWindowPos(ImVec2(10, 350), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(300, 330), ImGuiCond_FirstUseEver);
  const bool expanded = ImGui::Begin("Gates");
  note_panel(v);
  if (!expanded) {
    ImGui::End();
    return;
  }
  ImGui::TextDisabled("Click a gate to fly to it");
  const std::vector<GateRef> gates = all_gates(data);
  const UserLayer* section = nullptr;
  for (size_t i = 0; i < gates.size(); ++i) {
    const geo::GatePair& g = *gates[i].pair;
    if (gates[i].layer && gates[i].layer != section) {
      section = gates[i].layer;
      ImGui::Separator();
      ImGui::TextDisabled("Your gates: %s", section->name.c_str());
    }
    ImGui::PushID(static_cast<int>(i));
    std::string label = g.name_vi + (g.name_zh.empty() ? "" : " – " + g.name_zh);
    if (g.name_zh_status == "unconfirmed") label += " (?)";
    const bool selected = v.selected_gate == static_cast<int>(i);
    if (auto a = g.anchor()) {
      if (ImGui::Selectable(label.c_str(), selected)) {
        v.selected_gate = static_cast<int>(i);
        fly_to(v, geo::utm::forward(*a), std::min(v.camera.m_per_px, 40.0), now_s);
      }
    } else if (const geo::GateSymbol* approx = approximate_marker(data.scene, gates[i])) {
      // No source locates it: fly to its approximate marker on its district's stretch of frontier.
      if (ImGui::Selectable(label.c_str(), selected)) {
        v.selected_gate = static_cast<int>(i);
        const float* p = approx->has_crossing ? approx->crossing : approx->has_vn ? approx->vn : approx->cn;
        fly_to(v, data.scene.to_map(p), std::min(v.camera.m_per_px, 60.0), now_s);
      }
      ImGui::SameLine();
      ImGui::TextDisabled("location not found in sources");
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

void hover_tooltip(const ViewState& v, const AppData& data) {
  if (v.hovered_gate < 0) return;
  const std::vector<GateRef> gates = all_gates(data);
  if (static_cast<size_t>(v.hovered_gate) >= gates.size()) return;
  const GateRef& ref = gates[static_cast<size_t>(v.hovered_gate)];
  const geo::GatePair& g = *ref.pair;
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(g.name_vi.c_str());
  if (!g.name_zh.empty())
    ImGui::Text("%s%s", g.name_zh.c_str(), g.name_zh_status == "unconfirmed" ? "  (unconfirmed)" : "");
  if (!g.name_en.empty()) ImGui::TextDisabled("%s", g.name_en.c_str());
  if (ref.layer) ImGui::TextDisabled("your gate · %s", ref.layer->path.c_str());
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

void status_bar(ViewState& v, const geo::Scene& scene, const geo::LonLat* cursor) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float h = ImGui::GetFrameHeight();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + vp->Size.y - h));
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x, h));
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                           ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6, 2));
  if (ImGui::Begin("##status", nullptr, flags)) {
    note_panel(v);
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
