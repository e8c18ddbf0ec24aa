#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/window/panels/panels.hpp"

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
  const bool expanded = ImGui::Begin("Timeline");
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

  // Row 2: the slider, with a tick per event date drawn under it.
  int day = d - span->first;
  const int days = span->last - span->first;
  ImGui::SetNextItemWidth(-1);
  const std::string label = d.iso();
  if (ImGui::SliderInt("##date", &day, 0, days, label.c_str())) {
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
  ImGui::TextDisabled("%s … %s · %zu event dates (red ticks; grey: context, blue: planned)", span->first.iso().c_str(),
                      span->last.iso().c_str(), t.event_dates().size());
  ImGui::End();
}

}  // namespace gatemap::panels
