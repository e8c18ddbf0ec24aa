#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

#include "app/window/panels/panels.hpp"
#include "geo/window.hpp"

namespace gatemap::panels {

namespace {

geo::Date step_date(geo::Date d, TimeState::Step s, int n) {
  switch (s) {
    case TimeState::Step::day: return d.add_days(n);
    case TimeState::Step::week: return d.add_weeks(n);
    case TimeState::Step::month: return d.add_months(n);
  }
  return d;
}

// The panel grows and shrinks with its rows (the window summary, the compare row, the figures
// opened): sized once at first use, the rows added later were cut off below the screen's edge.
// Before Begin: the height fits the rows every frame; the width stays the user's.
void fit_height(const char* name) {
  const ImGuiWindow* w = ImGui::FindWindowByName(name);
  if (w && !w->Collapsed) ImGui::SetNextWindowSize(ImVec2(w->SizeFull.x, 0), ImGuiCond_Always);  // 0: fit
}

// After Begin: a panel that sat on the bottom edge (above the status bar) stays there as its height
// changes, and none hangs below it; elsewhere the user's place is kept.
void keep_bottom_on_screen() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float bottom = vp->Pos.y + vp->Size.y - ImGui::GetFrameHeight();  // the status bar's top
  ImGuiStorage* st = ImGui::GetStateStorage();
  const ImGuiID last_h_id = ImGui::GetID("##last_height"), anchored_id = ImGui::GetID("##on_bottom");
  const ImVec2 pos = ImGui::GetWindowPos();
  const float h = ImGui::GetWindowHeight(), last_h = st->GetFloat(last_h_id, h);
  const bool anchored = st->GetBool(anchored_id, false);
  float y = pos.y;
  if ((h != last_h && anchored) || y + h > bottom) y = std::max(vp->Pos.y, bottom - h);
  if (y != pos.y) ImGui::SetWindowPos(ImVec2(pos.x, y));
  st->SetFloat(last_h_id, h);
  st->SetBool(anchored_id, std::fabs(y + h - bottom) < 2);
}

// The window's changes and figures (geo/window.hpp's rule), under the bar.
void window_summary(const geo::Timeline& t, geo::DateWindow w) {
  size_t changes = 0;
  for (const std::string& g : t.gate_ids()) changes += geo::changes_in_window(t, g, w).size();
  const std::vector<geo::FigureRow> rows = geo::figure_rows(t);
  const std::vector<geo::WindowFigure> figures = geo::window_figures(rows, w);
  ImGui::TextWrapped("Window %s (%d days): %zu status changes marked on the map, %zu figures", w.label().c_str(),
                     w.days(), changes, figures.size());
  if (!figures.empty() && ImGui::TreeNode("Figures over the window")) {
    for (const geo::WindowFigure& f : figures) {
      ImGui::Bullet();  // keeps the line: the figure wraps beside it
      ImGui::TextWrapped("%s", f.describe().c_str());
    }
    ImGui::TreePop();
  }
}

// A bar over [0, max] days with two handles, lo and hi, each dragged on its own (the nearer one is
// taken when the drag starts). Returns true when either moved.
bool range_bar(const char* id, int& lo, int& hi, int max, bool lo_fixed) {
  const float h = ImGui::GetFrameHeight(), grab = 10;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float w = std::max(50.0f, ImGui::GetContentRegionAvail().x);
  ImGui::InvisibleButton(id, ImVec2(w, h));
  ImGuiStorage* st = ImGui::GetStateStorage();
  const ImGuiID which_id = ImGui::GetID("which");
  auto x_of = [&](int day) { return p.x + grab / 2 + (w - grab) * static_cast<float>(day) / std::max(1, max); };
  auto day_at = [&](float x) {
    return std::clamp(static_cast<int>(std::lround((x - p.x - grab / 2) / (w - grab) * max)), 0, max);
  };
  bool moved = false;
  if (ImGui::IsItemActivated()) {
    const float mx = ImGui::GetIO().MousePos.x;
    st->SetInt(which_id, !lo_fixed && std::fabs(mx - x_of(lo)) < std::fabs(mx - x_of(hi)) ? 0 : 1);
  }
  if (ImGui::IsItemActive()) {
    const int day = day_at(ImGui::GetIO().MousePos.x);
    int& end = st->GetInt(which_id, 1) == 0 ? lo : hi;
    if (day != end) {
      end = day;
      moved = true;
    }
    if (lo > hi) std::swap(lo, hi), st->SetInt(which_id, 1 - st->GetInt(which_id, 1));
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ImGui::GetColorU32(ImGuiCol_FrameBg), 3);
  dl->AddRectFilled(ImVec2(x_of(lo), p.y + 2), ImVec2(x_of(hi), p.y + h - 2),
                    ImGui::GetColorU32(ImGuiCol_SliderGrab, 0.45f));
  for (int end : {lo, hi}) {
    if (end == lo && lo_fixed && lo != hi) continue;
    dl->AddRectFilled(ImVec2(x_of(end) - grab / 2, p.y), ImVec2(x_of(end) + grab / 2, p.y + h),
                      ImGui::GetColorU32(ImGuiCol_SliderGrabActive), 2);
  }
  return moved;
}

}  // namespace

void advance_time(ViewState& v, const geo::Timeline& t, double dt) {
  auto span = t.span();
  if (!span || !v.time.date || !v.time.playing) return;
  v.time.fraction += dt * v.time.days_per_second;
  const int whole = static_cast<int>(std::floor(v.time.fraction));
  v.time.fraction -= whole;
  geo::Date d = v.time.date->add_days(whole);
  if (d > span->last) {
    if (v.time.loop) {
      d = span->first;
    } else {
      d = span->last;
      v.time.playing = false;
    }
  }
  v.time.date = d;
}

void timeline(ViewState& v, const geo::Timeline& t, double dt) {
  auto span = t.span();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + 320, vp->Pos.y + vp->Size.y - 130), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(std::max(400.0f, vp->Size.x - 640), 0), ImGuiCond_FirstUseEver);
  fit_height("Timeline");
  const bool expanded = ImGui::Begin("Timeline");
  if (expanded) keep_bottom_on_screen();
  note_panel(v);
  if (!expanded) {
    ImGui::End();
    advance_time(v, t, dt);
    return;
  }
  if (!span || !v.time.date) {
    ImGui::TextDisabled("No dated data loaded.");
    ImGui::End();
    return;
  }
  advance_time(v, t, dt);
  geo::Date& d = *v.time.date;

  // Row 1: player and steps.
  if (ImGui::Button(v.time.playing ? "Pause" : "Play")) v.time.playing = !v.time.playing;
  ImGui::SameLine();
  ImGui::Checkbox("Loop", &v.time.loop);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(140);
  ImGui::SliderFloat("days/s", &v.time.days_per_second, 1, 365, "%.0f", ImGuiSliderFlags_Logarithmic);
  ImGui::SameLine();
  int step = static_cast<int>(v.time.step);
  ImGui::SetNextItemWidth(90);
  ImGui::Combo("##step", &step, "day\0week\0month\0");
  v.time.step = static_cast<TimeState::Step>(step);
  ImGui::SameLine();
  if (ImGui::ArrowButton("##back", ImGuiDir_Left)) d = std::max(span->first, step_date(d, v.time.step, -1));
  ImGui::SameLine();
  if (ImGui::ArrowButton("##fwd", ImGuiDir_Right)) d = std::min(span->last, step_date(d, v.time.step, 1));
  ImGui::SameLine();
  if (ImGui::Button("|< event")) {
    if (auto p = t.prev_event_date(d)) d = *p;
  }
  ImGui::SameLine();
  if (ImGui::Button("event >|")) {
    if (auto n = t.next_event_date(d)) d = *n;
  }
  ImGui::SameLine();
  ImGui::Text("  %s", d.iso().c_str());
  if (auto as_of = t.as_of_date(); as_of && d > *as_of) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.6f, 0.3f, 0.0f, 1), "(statuses as of %s)", as_of->iso().c_str());
  }

  // Row 2: the slider (a window: a bar with two ends), with a tick per event date drawn under it.
  ImGui::Checkbox("Window", &v.time.window);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("A window of dates: status at its end, every change inside it marked, figures over it");
  if (v.time.window) {
    ImGui::SameLine();
    ImGui::Checkbox("Cumulative", &v.time.cumulative);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The window starts at the data's first date");
  }
  ImGui::SameLine();
  int day = d - span->first;
  const int days = span->last - span->first;
  ImGui::SetNextItemWidth(-1);
  const std::string label = d.iso();
  if (v.time.window) {
    if (!v.time.window_from) v.time.window_from = std::max(span->first, d.add_months(-3));
    int from = v.time.cumulative ? 0 : std::clamp(*v.time.window_from - span->first, 0, days);
    if (range_bar("##window", from, day, days, v.time.cumulative)) {
      d = span->first.add_days(day);
      if (!v.time.cumulative) v.time.window_from = span->first.add_days(from);
      v.time.fraction = 0;
    }
  } else if (ImGui::SliderInt("##date", &day, 0, days, label.c_str())) {
    d = span->first.add_days(day);
    v.time.fraction = 0;
  }
  const ImVec2 mn = ImGui::GetItemRectMin(), mx = ImGui::GetItemRectMax();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float grab = 10;  // keep ticks within the slider's travel
  // One tick per row date: red a status event (its start and end), grey a context event (short),
  // blue a planned one.
  auto tick = [&](geo::Date e, ImU32 colour, float height) {
    const float x = mn.x + grab / 2 + (mx.x - mn.x - grab) * static_cast<float>(e - span->first) / std::max(1, days);
    dl->AddLine(ImVec2(x, mx.y - height), ImVec2(x, mx.y), colour, 1.0f);
  };
  for (const geo::EventRow& e : t.events()) {
    if (e.role == geo::EventRole::context) {
      tick(e.date, IM_COL32(110, 110, 110, 200), 3);
    } else if (e.role == geo::EventRole::planned) {
      tick(e.date, IM_COL32(30, 90, 200, 220), 7);
    } else {
      tick(e.date, IM_COL32(180, 30, 30, 200), 5);
      if (e.end_date) tick(*e.end_date, IM_COL32(180, 30, 30, 200), 5);
    }
  }
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s … %s · %zu event dates (red ticks; grey: context, blue: planned)", span->first.iso().c_str(),
                      span->last.iso().c_str(), t.event_dates().size());
  ImGui::PopTextWrapPos();
  compare_controls(v, t);
  if (auto w = shown_window(v.time, span->first); w && !v.compare.on) window_summary(t, *w);
  ImGui::End();
}

}  // namespace gatemap::panels
