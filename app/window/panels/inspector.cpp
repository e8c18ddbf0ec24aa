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
                 const std::string& file_shown, int line, const void* id) {
  ImGui::PushID(id);
  ImGui::PushTextWrapPos(0);  // a planner's path can be long: wrap, never clip
  // Low confidence: ambiguous or contradicted by other sources (see the README's caveats).
  const char* conf_text = conf == geo::Confidence::low ? "low: ambiguous or contradicted" : geo::to_string(conf);
  if (conf == geo::Confidence::low)
    ImGui::TextColored(ImVec4(0.75f, 0.35f, 0.0f, 1), "%s, %s · confidence %s · %s:%d", publisher.c_str(), date.c_str(),
                       conf_text, file_shown.c_str(), line);
  else
    ImGui::TextDisabled("%s, %s · confidence %s · %s:%d", publisher.c_str(), date.c_str(), conf_text,
                        file_shown.c_str(), line);
  if (url.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.7f, 0.4f, 0.0f, 1), "no URL (seed article, unverified)");
  } else {
    if (ImGui::SmallButton("Copy URL")) ImGui::SetClipboardText(url.c_str());
    ImGui::SameLine();
    ImGui::TextWrapped("%s", url.c_str());
  }
  ImGui::PopTextWrapPos();
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

void status_section(const geo::GatePair& g, const AppData& data, geo::Date d) {
  const geo::Timeline& t = data.timeline;
  const geo::GateStatus st = t.status_at(g.id, d);
  ImGui::Text("Status on %s: %s (cargo %s, passengers %s)%s", d.iso().c_str(), geo::to_string(st.overall),
              geo::to_string(st.cargo.status), geo::to_string(st.passengers.status),
              st.approximate ? " · approximate date" : "");
  if (st.as_of)
    ImGui::TextColored(ImVec4(0.6f, 0.3f, 0, 1), "held as of %s (no later data)", st.as_of_date.iso().c_str());
  if (st.set_by) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("set by %s %s (%s:%d)", st.set_by->date_text.c_str(), st.set_by->event.c_str(),
                        file_label(data, st.set_by->file).c_str(), st.set_by->line);
    ImGui::PopTextWrapPos();
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

void events_section(const geo::GatePair& g, const AppData& data, geo::Date d) {
  const geo::Timeline& t = data.timeline;
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
    source_line(e->publisher, e->source_date, e->url, e->confidence, file_label(data, e->file), e->line, e);
    ImGui::Unindent();
  }
}

void flows_section(const std::string& id, const AppData& data, geo::Date d, const char* title) {
  const geo::Timeline& t = data.timeline;
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
    source_line(f->publisher, f->source_date, f->url, f->confidence, file_label(data, f->file), f->line, f);
    ImGui::Unindent();
  }
}

// The longest series of whole-year import + export figures in one unit and one basis, by year.
std::vector<const geo::TradeRow*> trade_series(const std::vector<const geo::TradeRow*>& rows) {
  std::vector<std::vector<const geo::TradeRow*>> groups;
  for (const geo::TradeRow* r : rows) {
    const bool whole_year = r->start.month() == 1 && r->start.day() == 1 && r->end.month() == 12 &&
                            r->end.day() == 31 && r->start.year() == r->end.year();
    if (r->metric != "import_export" || !whole_year) continue;
    auto g = std::find_if(groups.begin(), groups.end(),
                          [&](const auto& x) { return x[0]->unit == r->unit && x[0]->basis == r->basis; });
    if (g == groups.end())
      groups.push_back({r});
    else if (std::none_of(g->begin(), g->end(), [&](const geo::TradeRow* x) { return x->start == r->start; }))
      g->push_back(r);  // one figure a year: the first row of it (the others stay listed below)
  }
  std::vector<const geo::TradeRow*> best;
  for (auto& g : groups)
    if (g.size() > best.size()) best = g;
  std::sort(best.begin(), best.end(), [](const auto* a, const auto* b) { return a->start < b->start; });
  return best;
}

void trade_section(const std::string& scope, const AppData& data, const char* title) {
  const geo::Timeline& t = data.timeline;
  std::vector<const geo::TradeRow*> rows;
  for (const geo::TradeRow& r : t.trade())
    if (r.scope == scope) rows.push_back(&r);
  if (!ImGui::CollapsingHeader(title, ImGuiTreeNodeFlags_DefaultOpen)) return;
  if (rows.empty()) {
    ImGui::TextDisabled("No trade figure in the data for this gate.");
    return;
  }
  // Sparkline: one series = one metric, one unit and one basis (never mixed); a missing year is a
  // gap in the years listed, never drawn as zero.
  const std::vector<const geo::TradeRow*> series = trade_series(rows);
  if (series.size() >= 2) {
    std::vector<float> values;
    float top = 0;
    for (const geo::TradeRow* r : series) {
      values.push_back(static_cast<float>(r->value));
      top = std::max(top, values.back());
    }
    const geo::TradeRow& first = *series.front();
    const std::string unit = first.unit == "USD_million"   ? "million USD"
                             : first.unit == "CNY_million" ? "million CNY"
                                                           : first.unit;
    ImGui::Text("Import + export, %s, %s basis, %d–%d:", unit.c_str(), first.basis.c_str(), first.start.year(),
                series.back()->start.year());
    ImGui::PlotLines("##spark", values.data(), static_cast<int>(values.size()), 0, nullptr, 0, top * 1.1f,
                     ImVec2(-1, 50));
    std::string figures;
    for (size_t i = 0; i < series.size(); ++i) {
      if (i > 0 && series[i]->start.year() != series[i - 1]->start.year() + 1) figures += "  (gap)";
      figures += (figures.empty() ? "" : "  ") + std::to_string(series[i]->start.year()) + ": " +
                 format_number(series[i]->value);
    }
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", figures.c_str());
    ImGui::PopTextWrapPos();
  } else {
    ImGui::TextDisabled("No trade series: fewer than two whole years in one unit and basis.");
  }
  for (const geo::TradeRow* r : rows) {
    ImGui::Text("%s … %s  %s: %s %s (%s)", r->start.iso().c_str(), r->end.iso().c_str(), r->metric.c_str(),
                format_number(r->value).c_str(), r->unit.c_str(), r->basis.c_str());
    ImGui::Indent();
    source_line(r->publisher, r->source_date, r->url, r->confidence, file_label(data, r->file), r->line, r);
    ImGui::Unindent();
  }
}

}  // namespace

void inspector(ViewState& v, const AppData& data) {
  if (!v.show_inspector || v.selected_gate < 0) return;
  const std::vector<GateRef> gates = all_gates(data);
  if (static_cast<size_t>(v.selected_gate) >= gates.size()) return;
  const GateRef& ref = gates[static_cast<size_t>(v.selected_gate)];
  const geo::GatePair& g = *ref.pair;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - 470, vp->Pos.y + 60), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(460, vp->Size.y - 260), ImGuiCond_FirstUseEver);
  bool open = true;
  const bool expanded = ImGui::Begin("Gate inspector", &open);
  note_panel(v);
  if (!expanded) {
    ImGui::End();
    if (!open) v.selected_gate = -1;
    return;
  }
  ImGui::Text("%s", g.name_vi.c_str());
  if (!g.name_zh.empty()) {
    ImGui::SameLine();
    ImGui::Text("– %s%s", g.name_zh.c_str(), g.name_zh_status == "unconfirmed" ? "  (unconfirmed)" : "");
  }
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s · %s · %s district · id %s", g.name_en.c_str(), g.kind.c_str(), g.district.c_str(),
                      g.id.c_str());
  if (ref.layer) ImGui::TextDisabled("your gate, from %s", ref.layer->path.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Separator();
  for (const geo::GatePoint& p : g.rows) point_row((std::string(side_name(p.side)) + " (" + p.row_id + ")").c_str(), p);
  if (!g.located())
    ImGui::TextColored(ImVec4(0.6f, 0.3f, 0, 1), "No source gives a position: the map marker is approximate.");
  if (v.time.date) {
    ImGui::Separator();
    status_section(g, data, *v.time.date);
    events_section(g, data, *v.time.date);
    flows_section(g.id, data, *v.time.date, "Flows at this gate");
    flows_section("all_lang_son", data, *v.time.date, "Flows of all Lạng Sơn gates (a total, not split among gates)");
    trade_section(g.id, data, "Trade (this gate's scope)");
  }
  ImGui::End();
  if (!open) v.selected_gate = -1;
}

}  // namespace gatemap::panels
