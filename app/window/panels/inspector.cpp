#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>

#include "app/view/frame_builder.hpp"
#include "app/window/panels/panels.hpp"

namespace gatemap::panels {

namespace {

// A source line: publisher and date; the URL with a button that copies it.
void source_line(const std::string& publisher, const std::string& date, const std::string& url, geo::Confidence conf,
                 const std::string& file, int line, const void* id) {
  ImGui::PushID(id);
  // Low confidence: ambiguous or contradicted by other sources (see the README's caveats).
  const char* conf_text = conf == geo::Confidence::low ? "low: ambiguous or contradicted" : geo::to_string(conf);
  if (conf == geo::Confidence::low)
    ImGui::TextColored(ImVec4(0.75f, 0.35f, 0.0f, 1), "%s, %s · confidence %s · %s:%d", publisher.c_str(), date.c_str(),
                       conf_text, std::filesystem::path(file).filename().c_str(), line);
  else
    ImGui::TextDisabled("%s, %s · confidence %s · %s:%d", publisher.c_str(), date.c_str(), conf_text,
                        std::filesystem::path(file).filename().c_str(), line);
  if (url.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.7f, 0.4f, 0.0f, 1), "no URL (seed article, unverified)");
  } else {
    if (ImGui::SmallButton("Copy URL")) ImGui::SetClipboardText(url.c_str());
    ImGui::SameLine();
    ImGui::TextWrapped("%s", url.c_str());
  }
  ImGui::PopID();
}

void point_row(const char* what, const geo::GatePoint& p) {
  if (p.pos)
    ImGui::Text("%s: %.5f° E, %.5f° N · confidence %s", what, p.pos->lon, p.pos->lat, geo::to_string(p.confidence));
  else
    ImGui::Text("%s: location not found in sources", what);
  ImGui::Indent();
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s", p.source.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Unindent();
}

const char* side_name(geo::Side s) {
  return s == geo::Side::vn ? "VN side" : s == geo::Side::cn ? "CN side" : "Crossing";
}

void status_section(const geo::GatePair& g, const geo::Timeline& t, geo::Date d) {
  const geo::GateStatus st = t.status_at(g.id, d);
  ImGui::Text("Status on %s: %s (cargo %s, passengers %s)%s", d.iso().c_str(), geo::to_string(st.overall),
              geo::to_string(st.cargo.status), geo::to_string(st.passengers.status),
              st.approximate ? " · approximate date" : "");
  if (st.as_of)
    ImGui::TextColored(ImVec4(0.6f, 0.3f, 0, 1), "held as of %s (no later data)", st.as_of_date.iso().c_str());
  if (st.set_by) {
    ImGui::TextDisabled("set by %s %s (%s:%d)", st.set_by->date_text.c_str(), st.set_by->event.c_str(),
                        std::filesystem::path(st.set_by->file).filename().c_str(), st.set_by->line);
  }
  // Pilots change no status; they are listed here only while in force.
  for (const geo::EventRow* e : t.events_of(g.id))
    if (e->pilot() && e->in_force(d))
      ImGui::TextColored(ImVec4(0.1f, 0.45f, 0.7f, 1), "pilot in force %s → %s (%s:%d)", e->date_text.c_str(),
                         e->end_text.empty() ? "…" : e->end_text.c_str(),
                         std::filesystem::path(e->file).filename().c_str(), e->line);
}

// What kind of row an event is, for its heading: only status rows change a status.
std::string row_kind(const geo::EventRow& e, geo::Date d) {
  if (e.role == geo::EventRole::planned) return "  (planned: changes no status)";
  if (e.role == geo::EventRole::context) return "  (context: changes no status)";
  if (e.pilot()) return e.in_force(d) ? "  (pilot, in force)" : "  (pilot, not in force on this date)";
  return e.annotation() ? "  (annotation)" : "";
}

// Notes that say the sources disagree (or contradict each other) are flagged, like low confidence.
bool says_sources_disagree(const std::string& note) {
  std::string n;
  for (char c : note) n += geo::ascii_lower(c);
  return n.find("disagree") != std::string::npos || n.find("contradict") != std::string::npos ||
         n.find("conflict") != std::string::npos;
}

void events_section(const geo::GatePair& g, const geo::Timeline& t, geo::Date d) {
  auto rows = t.events_of(g.id);
  if (!ImGui::CollapsingHeader(("Events (" + std::to_string(rows.size()) + ")").c_str(),
                               ImGuiTreeNodeFlags_DefaultOpen))
    return;
  if (rows.empty()) ImGui::TextDisabled("No event found in the sources for this gate.");
  for (const geo::EventRow* e : rows) {
    const bool past = e->date <= d;
    ImGui::PushStyleColor(ImGuiCol_Text, past ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : ImVec4(0.5f, 0.5f, 0.5f, 1));
    std::string head = e->date_text + (e->end_text.empty() ? "" : " → " + e->end_text) + "  " + e->event +
                       (e->group ? "  [group " + e->gate_id + "]" : "") + row_kind(*e, d);
    ImGui::TextUnformatted(head.c_str());
    ImGui::PopStyleColor();
    ImGui::Indent();
    if (says_sources_disagree(e->note)) ImGui::TextColored(ImVec4(0.75f, 0.35f, 0.0f, 1), "sources disagree: see note");
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(e->note.c_str());
    ImGui::PopTextWrapPos();
    source_line(e->publisher, e->source_date, e->url, e->confidence, e->file, e->line, e);
    ImGui::Unindent();
  }
}

void flows_section(const std::string& id, const geo::Timeline& t, geo::Date d, const char* title) {
  std::vector<const geo::FlowRow*> rows;
  for (const geo::FlowRow& f : t.flows())
    if (f.gate_id == id) rows.push_back(&f);
  if (rows.empty()) return;
  if (!ImGui::CollapsingHeader(title, ImGuiTreeNodeFlags_DefaultOpen)) return;
  ImGui::TextDisabled("Figures apply only within their own period; missing is not zero.");
  for (const geo::FlowRow* f : rows) {
    const bool current = f->covers(d);
    // As written: a month end ("2025-07") is shown as the month, not as a day the source never gave.
    std::string period =
        f->start ? f->start_text + (f->start_text == f->end_text ? "" : " … " + f->end_text) : "… " + f->end_text;
    std::string value = (f->qualifier.empty() ? "" : f->qualifier + " ") + format_number(f->value) +
                        (f->value_high ? "–" + format_number(*f->value_high) : "");
    const char* counter = f->counted_by == "vn"     ? "  [counted by VN]"
                          : f->counted_by == "cn"   ? "  [counted by CN]"
                          : f->counted_by == "both" ? "  [counted by both]"
                                                    : "";
    ImGui::Text("%s%s  %s: %s%s", current ? "● " : "  ", period.c_str(), f->metric.c_str(), value.c_str(), counter);
    ImGui::Indent();
    if (says_sources_disagree(f->note)) ImGui::TextColored(ImVec4(0.75f, 0.35f, 0.0f, 1), "sources disagree: see note");
    if (!f->note.empty()) {
      ImGui::PushTextWrapPos(0);
      ImGui::TextDisabled("%s", f->note.c_str());
      ImGui::PopTextWrapPos();
    }
    source_line(f->publisher, f->source_date, f->url, f->confidence, f->file, f->line, f);
    ImGui::Unindent();
  }
}

void trade_section(const std::string& scope, const geo::Timeline& t, const char* title) {
  std::vector<const geo::TradeRow*> rows;
  for (const geo::TradeRow& r : t.trade())
    if (r.scope == scope) rows.push_back(&r);
  if (rows.empty()) return;
  if (!ImGui::CollapsingHeader(title, ImGuiTreeNodeFlags_DefaultOpen)) return;
  // Sparkline: one series = one metric, one unit and one basis (never mixed).
  std::vector<float> series;
  const geo::TradeRow* first = nullptr;
  for (const geo::TradeRow* r : rows)
    if (r->metric == "import_export" && (!first || (r->unit == first->unit && r->basis == first->basis))) {
      if (!first) first = r;
      series.push_back(static_cast<float>(r->value));
    }
  if (series.size() >= 2) {
    std::string cap = "import_export, " + first->unit + ", " + first->basis;
    ImGui::PlotLines("##spark", series.data(), static_cast<int>(series.size()), 0, cap.c_str(), 0, FLT_MAX,
                     ImVec2(-1, 50));
  }
  for (const geo::TradeRow* r : rows) {
    ImGui::Text("%s … %s  %s: %s %s (%s)", r->start.iso().c_str(), r->end.iso().c_str(), r->metric.c_str(),
                format_number(r->value).c_str(), r->unit.c_str(), r->basis.c_str());
    ImGui::Indent();
    source_line(r->publisher, r->source_date, r->url, r->confidence, r->file, r->line, r);
    ImGui::Unindent();
  }
}

}  // namespace

void inspector(ViewState& v, const geo::Scene& scene, const geo::Timeline& t) {
  if (!v.show_inspector || v.selected_gate < 0 || static_cast<size_t>(v.selected_gate) >= scene.gates.size()) return;
  const geo::GatePair& g = scene.gates[static_cast<size_t>(v.selected_gate)];
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - 470, vp->Pos.y + 60), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(460, vp->Size.y - 260), ImGuiCond_FirstUseEver);
  bool open = true;
  if (!ImGui::Begin("Gate inspector", &open)) {
    ImGui::End();
    if (!open) v.selected_gate = -1;
    return;
  }
  ImGui::Text("%s", g.name_vi.c_str());
  if (!g.name_zh.empty()) {
    ImGui::SameLine();
    ImGui::Text("– %s%s", g.name_zh.c_str(), g.name_zh_status == "unconfirmed" ? "  (unconfirmed)" : "");
  }
  ImGui::TextDisabled("%s · %s · %s district · id %s", g.name_en.c_str(), g.kind.c_str(), g.district.c_str(),
                      g.id.c_str());
  ImGui::Separator();
  for (const geo::GatePoint& p : g.rows) point_row((std::string(side_name(p.side)) + " (" + p.row_id + ")").c_str(), p);
  if (!g.located())
    ImGui::TextColored(ImVec4(0.6f, 0.3f, 0, 1), "No source gives a position: the map marker is approximate.");
  if (v.time.date) {
    ImGui::Separator();
    status_section(g, t, *v.time.date);
    events_section(g, t, *v.time.date);
    flows_section(g.id, t, *v.time.date, "Flows at this gate");
    flows_section("all_lang_son", t, *v.time.date, "Flows of all Lạng Sơn gates (a total, not split among gates)");
    trade_section(g.id, t, "Trade (this gate's scope)");
  }
  ImGui::End();
  if (!open) v.selected_gate = -1;
}

}  // namespace gatemap::panels
