#include "geo/window.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

#include "geo/timeline.hpp"

namespace geo {

std::string DateWindow::label() const { return from.iso() + " → " + to.iso(); }

const char* to_string(Aggregation a) {
  switch (a) {
    case Aggregation::sum: return "sum";
    case Aggregation::day_mean: return "day_mean";
    case Aggregation::latest: return "latest";
    case Aggregation::longest: return "longest";
  }
  return "sum";
}

Aggregation aggregation_of(std::string_view metric, std::string_view unit) {
  if (unit == "percent") return Aggregation::longest;
  if (metric.ends_with("_per_day")) return Aggregation::day_mean;
  if (metric == "trucks_waiting") return Aggregation::latest;
  return Aggregation::sum;
}

std::string flow_unit(std::string_view metric) {
  if (metric.ends_with("_per_day")) return "per_day";
  if (metric.find("tonnes") != std::string_view::npos) return "tonnes";
  if (metric.find("teu") != std::string_view::npos) return "TEU";
  if (metric == "trucks_waiting") return "trucks";
  return "count";
}

std::vector<FigureRow> figure_rows(const Timeline& t) {
  std::vector<FigureRow> out;
  for (const FlowRow& f : t.flows())
    out.push_back({f.gate_id, f.metric, "", flow_unit(f.metric), f.first(), f.end, f.start.has_value(), f.value,
                   f.value_high, f.url, f.file, f.line});
  for (const TradeRow& r : t.trade())
    out.push_back(
        {r.scope, r.metric, r.basis, r.unit, r.start, r.end, true, r.value, std::nullopt, r.url, r.file, r.line});
  return out;
}

// "1,234.5": thousands separated, one decimal unless whole.
std::string grouped_number(double v) {
  char buf[64];
  const bool whole = std::fabs(v - std::round(v)) < 1e-9;
  std::snprintf(buf, sizeof buf, whole ? "%.0f" : "%.1f", v);
  const std::string s = buf;
  const size_t start = s[0] == '-' ? 1 : 0;
  const size_t end = std::min(s.find('.'), s.size());
  std::string out = s.substr(0, start);
  for (size_t i = start; i < end; ++i) {
    out += s[i];
    const size_t left = end - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return out + s.substr(end);
}

namespace {

// The rows of one series chosen by the rule: longest first, none overlapping another.
std::vector<size_t> take_rows(std::span<const FigureRow> rows, std::vector<size_t> series, Aggregation a) {
  auto length = [&](size_t i) { return rows[i].end - rows[i].start; };
  if (a == Aggregation::latest) {
    const size_t best = *std::max_element(series.begin(), series.end(), [&](size_t x, size_t y) {
      return std::tuple(rows[x].end, -length(x), x) < std::tuple(rows[y].end, -length(y), y);
    });
    return {best};
  }
  std::sort(series.begin(), series.end(), [&](size_t x, size_t y) {
    return std::tuple(length(x), rows[x].end, x) > std::tuple(length(y), rows[y].end, y);
  });
  std::vector<size_t> taken;
  for (size_t i : series) {
    const bool overlaps = std::any_of(taken.begin(), taken.end(), [&](size_t j) {
      return rows[i].start <= rows[j].end && rows[j].start <= rows[i].end;
    });
    if (!overlaps) taken.push_back(i);
    if (a == Aggregation::longest) break;
  }
  std::sort(taken.begin(), taken.end(), [&](size_t x, size_t y) { return rows[x].start < rows[y].start; });
  return taken;
}

WindowFigure combine(std::span<const FigureRow> rows, const std::vector<size_t>& taken, Aggregation a, DateWindow w) {
  const FigureRow& r0 = rows[taken.front()];
  WindowFigure f{r0.scope, r0.metric, r0.basis, r0.unit, w, a, 0, std::nullopt, taken, r0.start, r0.end, 0};
  double low = 0, high = 0, weight = 0;
  bool all_high = true;
  for (size_t i : taken) {
    const FigureRow& r = rows[i];
    const double days = r.end - r.start + 1;
    const double k = a == Aggregation::day_mean ? days : 1.0;
    low += k * r.value;
    high += k * r.value_high.value_or(r.value);
    all_high = all_high && r.value_high.has_value();
    weight += k;
    f.covered_days += static_cast<std::int32_t>(days);
    f.first = std::min(f.first, r.start);
    f.last = std::max(f.last, r.end);
  }
  const double div = a == Aggregation::day_mean ? weight : 1.0;
  f.value = low / div;
  if (all_high) f.value_high = high / div;
  return f;
}

}  // namespace

std::string value_text(double value, std::string_view unit) {
  if (unit == "USD_million" || unit == "CNY_million") {
    const std::string cur(unit.substr(0, 3));
    if (std::fabs(value) >= 1000) return grouped_number(std::round(value / 100.0) / 10.0) + " bn " + cur;
    return grouped_number(value) + " million " + cur;
  }
  if (unit == "percent") return grouped_number(value) + " %";
  if (unit == "per_day") return grouped_number(value) + " per day";
  if (unit == "count") return grouped_number(value);
  return grouped_number(value) + " " + std::string(unit);
}

std::string WindowFigure::describe(std::string_view scope_name) const {
  std::string s(scope_name.empty() ? std::string_view(scope) : scope_name);
  s += ", " + metric;
  if (!basis.empty()) {
    std::string b = basis;
    std::replace(b.begin(), b.end(), '_', '-');
    s += ", " + b + " basis";
  }
  s += ", " + first.iso() + " → " + last.iso() + " of " + window.label();
  if (!contiguous()) s += " (" + std::to_string(covered_days) + " days covered)";
  s += ", " + value_text(value, unit);
  if (value_high) s += " – " + value_text(*value_high, unit);
  if (aggregation == Aggregation::day_mean && rows.size() > 1)
    s += " (mean over " + std::to_string(covered_days) + " days)";
  s += ", " + std::to_string(rows.size()) + (rows.size() == 1 ? " row" : " rows");
  return s;
}

std::vector<WindowFigure> window_figures(std::span<const FigureRow> rows, DateWindow w) {
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Key, std::vector<size_t>> series;
  for (size_t i = 0; i < rows.size(); ++i) {
    const FigureRow& r = rows[i];
    if (!w.covers(r.start, r.end)) continue;
    if (!r.start_known && aggregation_of(r.metric, r.unit) != Aggregation::latest) continue;
    series[Key{r.scope, r.metric, r.basis, r.unit}].push_back(i);
  }
  std::vector<WindowFigure> out;
  for (const auto& [key, members] : series) {
    const Aggregation a = aggregation_of(std::get<1>(key), std::get<3>(key));
    out.push_back(combine(rows, take_rows(rows, members, a), a, w));
  }
  return out;
}

std::vector<Transition> changes_in_window(const Timeline& t, std::string_view gate, DateWindow w) {
  std::vector<Transition> out;
  for (const Transition& x : t.changes_of(gate))
    if (w.contains(x.date)) out.push_back(x);
  return out;
}

}  // namespace geo
