#pragma once
// Figures over a window of dates [from, to] (both inclusive): the one rule by which `gatemap info
// --window`, `gatemap export --window` and the map turn many dated rows into one figure per series.
//
// The rule (also in docs/exports.md):
//  * Only rows whose whole period lies inside the window count. A row that reaches outside it is
//    never cut, scaled or spread over days: nothing is interpolated. A row whose source does not
//    give its start (flows.csv with an empty `start`) is not known to lie inside any window and is
//    left out, except a snapshot (it is of its end day).
//  * Rows are grouped into series by scope (a gate pair, a group or a statistical scope), metric,
//    basis and unit. Rows of different series are never combined.
//  * In a series, rows are taken longest first, skipping every row that overlaps one already
//    taken (ties: later end, then later row). So of nested year-to-date rows (2025-01-01 →
//    04-20, → 08-31, → 10-31) only the longest is taken, never their sum; rows that do not
//    overlap (two quarters) are all taken.
//  * The taken rows are combined by the series' kind (aggregation_of): totals are summed; per-day
//    rates are averaged weighted by the days each row covers; snapshots (trucks waiting) are never
//    added: the latest one is taken; percentages are never added: the longest is taken.
//  * A series with no row inside the window gives no figure (a gap stays a gap, never zero). A
//    figure says how much of the window its rows cover (WindowFigure::covered_days, first, last).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "geo/dates.hpp"

namespace geo {

class Timeline;
// "1,234.5": thousands separated, one decimal unless whole (figures in labels and descriptions).
std::string grouped_number(double v);

struct Transition;

// A window of dates, both ends inclusive (from <= to).
struct DateWindow {
  Date from, to;
  std::int32_t days() const { return to - from + 1; }
  bool contains(Date d) const { return from <= d && d <= to; }
  bool covers(Date first, Date last) const { return from <= first && last <= to; }
  std::string label() const;  // "2025-01-01 → 2025-12-31"
};

// How the rows of one series are combined.
enum class Aggregation : std::uint8_t {
  sum,       // totals over periods (vehicles, trade values)
  day_mean,  // per-day rates: mean weighted by the days each row covers
  latest,    // snapshots (a queue on a day): the latest row
  longest,   // percentages: the longest row
};
const char* to_string(Aggregation a);
// By metric and unit: unit `percent` -> longest; a metric ending in `_per_day` -> day_mean;
// `trucks_waiting` -> latest; anything else -> sum.
Aggregation aggregation_of(std::string_view metric, std::string_view unit);

// One dated row of a series, as the window rule sees it (flows.csv and trade.csv rows alike).
struct FigureRow {
  std::string scope, metric, basis, unit;  // flows: scope = gate_id, basis empty, unit from the metric
  Date start, end;                         // inclusive
  bool start_known = true;                 // false: the source does not say (start = end here)
  double value = 0;
  std::optional<double> value_high;  // high end of a range
  std::string url, file;
  int line = 0;
};

// The unit of a flow metric, for figures: "per_day", "tonnes", "TEU", "trucks" or "count".
std::string flow_unit(std::string_view metric);
// Every flow and trade row of the time model as a FigureRow (flows first, in file order).
std::vector<FigureRow> figure_rows(const Timeline& t);

// One series' figure over a window.
struct WindowFigure {
  std::string scope, metric, basis, unit;
  DateWindow window;
  Aggregation aggregation = Aggregation::sum;
  double value = 0;
  std::optional<double> value_high;  // only when every taken row has one
  std::vector<std::size_t> rows;     // the taken rows (indices into the input), by start date
  Date first, last;                  // the first start and the last end of the taken rows
  std::int32_t covered_days = 0;     // days of the window that the taken rows cover

  bool contiguous() const { return covered_days == last - first + 1; }
  // "Lạng Sơn, through-province basis, 2025-01-01 → 2025-11-27 of 2025-01-01 → 2025-12-31,
  // 84.4 bn USD, 1 row"; `scope_name` defaults to the scope id.
  std::string describe(std::string_view scope_name = {}) const;
};

// A value with its unit for people: 84400 USD_million -> "84.4 bn USD", 390 USD_million -> "390
// million USD", 41 percent -> "41 %", 1200.5 per_day -> "1,200.5 per day".
std::string value_text(double value, std::string_view unit);

// The figures of every series that has a row inside `w`, ordered by scope, metric, basis, unit.
std::vector<WindowFigure> window_figures(std::span<const FigureRow> rows, DateWindow w);

// Every status change of `gate` inside the window, in date order.
std::vector<Transition> changes_in_window(const Timeline& t, std::string_view gate, DateWindow w);

}  // namespace geo
