// The split view of two dates: its row in the Timeline (D1 and the swipe's sides) and the swipe
// line over the map, dragged with the mouse. The map itself is drawn by the window
// (StripRenderer::render_split_to_screen); this file only edits ViewState::compare.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "app/window/panels/panels.hpp"

namespace gatemap::panels {

namespace {
constexpr float kGrab = 16;  // the swipe handle's width in window coordinates: easy to take
}

void compare_controls(ViewState& v, const geo::Timeline& t) {
  auto span = t.span();
  if (!span || !v.time.date) return;
  geo::Date& d2 = *v.time.date;
  if (ImGui::Checkbox("Compare", &v.compare.on) && v.compare.on && !v.compare.left)
    v.compare.left = default_compare_left(d2, span->first);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Split view: the map at D1 left of a swipe line, at the timeline's date (D2) right of it;\n"
        "drag the line. Gates whose status differs between the dates are highlighted on both sides.");
  if (!v.compare.on) return;
  if (!v.compare.left) v.compare.left = default_compare_left(d2, span->first);
  geo::Date& d1 = *v.compare.left;
  const int days = span->last - span->first;
  int day = std::clamp(d1 - span->first, 0, days);
  ImGui::SameLine();
  ImGui::TextUnformatted("D1 (left)");
  ImGui::SameLine();
  if (ImGui::ArrowButton("##d1back", ImGuiDir_Left)) day = std::max(0, day - 1);
  ImGui::SameLine();
  if (ImGui::ArrowButton("##d1fwd", ImGuiDir_Right)) day = std::min(days, day + 1);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::max(120.0f, ImGui::GetContentRegionAvail().x * 0.45f));
  const std::string label = d1.iso();
  ImGui::SliderInt("##d1", &day, 0, days, label.c_str());
  d1 = span->first.add_days(day);
  ImGui::SameLine();
  if (ImGui::Button("Swap")) std::swap(d1, d2);
  ImGui::SameLine();
  ImGui::Text("D2 (right): %s, the timeline's date", d2.iso().c_str());
  if (v.time.window) ImGui::TextDisabled("The split view shows single days: the window of dates applies without it.");
}

void swipe_line(ViewState& v, const ScreenRect& area, geo::Date d1, geo::Date d2) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float width = vp->Size.x;
  if (width < 2 || area.y1 <= area.y0) return;
  const float x = vp->Pos.x + std::clamp(v.compare.swipe, 0.0f, 1.0f) * width;
  const float y0 = vp->Pos.y + area.y0, y1 = vp->Pos.y + area.y1;

  // The handle: a thin borderless window along the line, so that the map neither pans nor picks
  // under it (ImGui takes the mouse there) and the panels stay above it.
  ImGui::SetNextWindowPos(ImVec2(x - kGrab / 2, y0));
  ImGui::SetNextWindowSize(ImVec2(kGrab, y1 - y0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowMinSize, ImVec2(1, 1));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav |
                                 ImGuiWindowFlags_NoMove;
  ImGui::Begin("##swipe", nullptr, flags);
  ImGui::InvisibleButton("swipe", ImVec2(kGrab, y1 - y0));
  const bool active = ImGui::IsItemActive();
  if (active) v.compare.swipe = std::clamp((ImGui::GetIO().MousePos.x - vp->Pos.x) / width, 0.0f, 1.0f);
  if (active || ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
  ImGui::End();
  ImGui::PopStyleVar(3);

  // The line, its handle and the two dates, over the map and under the panels.
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  const ImU32 dark = IM_COL32(30, 30, 30, 230), light = IM_COL32(255, 255, 255, 255);
  dl->AddLine(ImVec2(x, y0), ImVec2(x, y1), dark, 4);
  dl->AddLine(ImVec2(x, y0), ImVec2(x, y1), active ? IM_COL32(255, 210, 60, 255) : light, 2);
  const float cy = (y0 + y1) / 2, r = 13;
  dl->AddCircleFilled(ImVec2(x, cy), r, light);
  dl->AddCircle(ImVec2(x, cy), r, dark, 0, 2);
  dl->AddTriangleFilled(ImVec2(x - 3, cy - 5), ImVec2(x - 3, cy + 5), ImVec2(x - 9, cy), dark);
  dl->AddTriangleFilled(ImVec2(x + 3, cy - 5), ImVec2(x + 3, cy + 5), ImVec2(x + 9, cy), dark);
  const std::string left = "D1 " + d1.iso(), right = "D2 " + d2.iso();
  const ImVec2 lsz = ImGui::CalcTextSize(left.c_str()), rsz = ImGui::CalcTextSize(right.c_str());
  const float pad = 4, ty = y0 + 8;
  const ImVec2 lp(x - 10 - lsz.x, ty), rp(x + 10, ty);
  dl->AddRectFilled(ImVec2(lp.x - pad, ty - pad), ImVec2(lp.x + lsz.x + pad, ty + lsz.y + pad),
                    IM_COL32(255, 255, 255, 225), 3);
  dl->AddRectFilled(ImVec2(rp.x - pad, ty - pad), ImVec2(rp.x + rsz.x + pad, ty + rsz.y + pad),
                    IM_COL32(255, 255, 255, 225), 3);
  dl->AddText(lp, IM_COL32(20, 20, 20, 255), left.c_str());
  dl->AddText(rp, IM_COL32(20, 20, 20, 255), right.c_str());
}

}  // namespace gatemap::panels
