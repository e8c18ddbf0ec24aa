#include "app/commands/export_state.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "geo/timeline.hpp"

namespace gatemap {

namespace {

using exporter::StateFigure;
using exporter::StatePair;
using exporter::StateTable;

std::string file_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

// The column prefix of a figure on a pair: the metric, and for a trade row its basis and unit too
// (a pair may have the same metric on two bases or in two currencies).
std::string kind_of(const geo::FigureRow& r) {
  if (r.basis.empty()) return r.metric;
  std::string unit = r.unit;
  for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r.metric + "_" + r.basis + "_" + unit;
}

StateFigure figure_of(const std::vector<geo::FigureRow>& rows, const std::vector<size_t>& used, double value,
                      std::optional<double> high, geo::Date first, geo::Date last) {
  const geo::FigureRow& r = rows[used.front()];
  StateFigure f;
  f.kind = kind_of(r);
  f.scope = r.scope;
  f.metric = r.metric;
  f.unit = r.unit;
  f.basis = r.basis;
  f.value = value;
  f.value_high = high;
  f.period = first.iso() + "/" + last.iso();
  std::vector<std::string> urls;
  for (size_t i : used)
    if (!rows[i].url.empty() && std::find(urls.begin(), urls.end(), rows[i].url) == urls.end())
      urls.push_back(rows[i].url);
  for (const std::string& u : urls) f.source_url += (f.source_url.empty() ? "" : " | ") + u;
  f.source_file = file_name(r.file);
  f.source_line = r.line;
  f.rows = static_cast<int>(used.size());
  return f;
}

// At a date: per series (scope, metric, basis, unit), the row whose own period contains the date,
// the shortest (ties: later start, later row) -- Timeline::flow_at's rule, for trade rows too.
std::vector<StateFigure> figures_at(const std::vector<geo::FigureRow>& rows, geo::Date d) {
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Key, size_t> best;
  auto rank = [&](size_t i) { return std::tuple(-(rows[i].end - rows[i].start), rows[i].start, i); };
  for (size_t i = 0; i < rows.size(); ++i) {
    const geo::FigureRow& r = rows[i];
    if (r.start > d || r.end < d) continue;
    auto [it, added] = best.try_emplace(Key{r.scope, r.metric, r.basis, r.unit}, i);
    if (!added && rank(i) > rank(it->second)) it->second = i;
  }
  std::vector<StateFigure> out;
  for (const auto& [key, i] : best) {
    const geo::FigureRow& r = rows[i];
    StateFigure f = figure_of(rows, {i}, r.value, r.value_high, r.start, r.end);
    f.description = r.scope + ", " + r.metric + (r.basis.empty() ? "" : ", " + r.basis + " basis") + ", " +
                    r.start.iso() + " → " + r.end.iso() + " (contains " + d.iso() + "), " +
                    geo::value_text(r.value, r.unit) + ", 1 row";
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<StateFigure> figures_in(const std::vector<geo::FigureRow>& rows, geo::DateWindow w) {
  std::vector<StateFigure> out;
  for (const geo::WindowFigure& wf : geo::window_figures(rows, w)) {
    StateFigure f = figure_of(rows, wf.rows, wf.value, wf.value_high, wf.first, wf.last);
    f.description = wf.describe();
    out.push_back(std::move(f));
  }
  return out;
}

void set_status(StatePair& p, const geo::GateStatus& st) {
  p.status = geo::to_string(st.overall);
  p.cargo = geo::to_string(st.cargo.status);
  p.passengers = geo::to_string(st.passengers.status);
  if (const geo::EventRow* e = st.set_by) {
    p.set_by_file = file_name(e->file);
    p.set_by_line = e->line;
    p.set_by_date = e->date_text;
    p.set_by_url = e->url;
    p.set_by_event = e->event;
  }
}

// The pairs of the data, then those of a planner's gates files that the data lacks.
std::vector<StatePair> pairs_of(const AppData& data) {
  std::vector<StatePair> out;
  std::set<std::string> seen;
  for (const geo::GatePair& g : data.scene.gates) {
    StatePair p;
    p.pair_id = g.id;
    p.name_vi = g.name_vi;
    p.name_zh = g.name_zh;
    p.pos = g.anchor();
    p.located = g.located();
    seen.insert(g.id);
    out.push_back(std::move(p));
  }
  for (const UserLayer& l : data.user_layers) {
    if (l.kind != UserLayer::Kind::gates) continue;
    for (const std::string& id : l.pair_ids) {
      if (!seen.insert(id).second) continue;
      StatePair p;
      p.pair_id = id;
      for (const UserPoint& pt : l.points)
        if (pt.pair_id == id && !p.pos) {
          p.pos = pt.pos;
          p.name_vi = pt.label1;
          p.name_zh = pt.label2;
        }
      p.located = p.pos.has_value();
      out.push_back(std::move(p));
    }
  }
  return out;
}

// Pairs with their status at `at` and the changes of `changes_in`, figures split between the pairs
// and the `figures` layer. The pairs' column sets are every kind any row of a pair has in the data,
// so that the columns stay the same from date to date.
StateTable make_table(const AppData& data, geo::Date at, geo::DateWindow changes_in,
                      const std::vector<geo::FigureRow>& rows, std::vector<StateFigure> figures) {
  StateTable t;
  t.pairs = pairs_of(data);
  std::map<std::string, StatePair*> by_id;
  for (StatePair& p : t.pairs) by_id[p.pair_id] = &p;
  std::set<std::string> kinds;
  for (const geo::FigureRow& r : rows)
    if (by_id.count(r.scope)) kinds.insert(kind_of(r));
  t.figure_kinds.assign(kinds.begin(), kinds.end());
  for (StatePair& p : t.pairs) {
    set_status(p, data.timeline.status_at(p.pair_id, at));
    for (const geo::Transition& x : geo::changes_in_window(data.timeline, p.pair_id, changes_in))
      p.changes += (p.changes.empty() ? "" : "; ") + x.label();
  }
  for (StateFigure& f : figures) {
    auto it = by_id.find(f.scope);
    if (it != by_id.end())
      it->second->figures.push_back(std::move(f));
    else
      t.figures.push_back(std::move(f));
  }
  return t;
}

}  // namespace

StateTable state_table(const AppData& data, geo::Date date) {
  const std::vector<geo::FigureRow> rows = geo::figure_rows(data.timeline);
  StateTable t = make_table(data, date, {date, date}, rows, figures_at(rows, date));
  t.date = date.iso();
  return t;
}

StateTable state_table(const AppData& data, geo::DateWindow window) {
  const std::vector<geo::FigureRow> rows = geo::figure_rows(data.timeline);
  StateTable t = make_table(data, window.to, window, rows, figures_in(rows, window));
  t.date = window.from.iso() + "/" + window.to.iso();
  return t;
}

}  // namespace gatemap
