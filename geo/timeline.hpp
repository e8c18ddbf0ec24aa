#pragma once
// The time model: events (openings, closures, restrictions, resumptions, annotations), flows
// (vehicles, queues, passengers) and trade figures, read from CSV with file and physical line kept
// for every row, and the status of each gate pair at any date derived from the events.
//
// Dates are civil calendar days (geo::Date, no time zone). Every answer points back to the rows it
// came from (file, line) so that the inspector and `gatemap info` can cite them.
//
// Drawn as the map's time overlays by app/view/frame_builder.cpp (each gate's state in the frame
// snapshot), app/render/renderer.cpp (status symbols) and app/render/decorations.cpp (legend, date
// stamp); the Timeline panel (app/window/panels/timeline.cpp) is the date slider.
//
// Status rules (issue 5):
//  * Event -> effect: closed, status_closed -> both types closed; reopened, status_open, opened_new
//    -> both open; resumed_cargo -> cargo open; resumed_passengers, resumed_tourism -> passengers
//    open; suspended_passengers -> passengers closed; suspended_cargo -> cargo closed; restricted ->
//    both restricted; restricted_cargo -> cargo restricted. Every other known event type (pilot
//    included) changes nothing: it is an annotation.
//  * A row's role (events column `role`, empty = status): only `status` rows may change a status;
//    `planned` rows (announced for the future) and `context` rows (roads, railways on one side)
//    never do, whatever their event type: they are annotations, shown as planned / context.
//  * An event with an end_date applies from `date` through `end_date` inclusive; from the next day
//    the status is what the other events give, as if it had not happened.
//  * Among the events in effect on a day the later start wins, and on the same start day the later
//    row of the file. (Hence a start on a day wins over an event that ends that day.)
//  * A group event applies to the gates that are members of the group on the event's start date.
//    It never cuts short a member's own event with an end_date that is in effect, unless the group
//    event starts on that own event's last day (a start wins over an end on the same day).
//  * Rows of confidence `low` never change a status; they are annotations.
//  * Month-precision dates (`YYYY-MM`, or date_precision month) apply from the 1st; a YYYY-MM
//    end_date means the month's last day; a quarter (`YYYY-Qn`, date_precision quarter) likewise
//    from its first day, an end through its last. Every date_precision other than `day` (week,
//    month, quarter, approx) marks the answer approximate.
//  * Before a gate's first status event: unknown. After the data's "as of" date (as_of_date()),
//    statuses hold and the answer is flagged `as_of` that date.
//  * Overall: open if every known type is open, closed if every known type is closed, unknown if no
//    type is known, otherwise restricted.
//
// Flows and trade are series with gaps: a figure applies only within its own [start, end] (both
// inclusive); a date outside every figure has no value (std::nullopt), never zero; a figure of a
// group or a statistical scope is only ever returned for that id, never split among gates; figures
// of different scope, basis or unit are never added up (nothing here adds figures at all).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "geo/csv.hpp"
#include "geo/dates.hpp"
#include "geo/gates.hpp"   // Confidence
#include "geo/schema.hpp"  // LoadReport

namespace geo {

enum class Status : std::uint8_t { unknown, open, restricted, closed };
const char* to_string(Status s);

enum class Traffic : std::uint8_t { cargo, passengers };
const char* to_string(Traffic t);

// What one event row does to one traffic type. `none` = leaves it as the other events give.
struct EventEffect {
  Status cargo = Status::unknown;  // unknown here means "no effect"
  Status passengers = Status::unknown;
  bool changes_status() const { return cargo != Status::unknown || passengers != Status::unknown; }
  Status on(Traffic t) const { return t == Traffic::cargo ? cargo : passengers; }
};
// The event -> effect mapping above; std::nullopt for an event type that is not known at all.
std::optional<EventEffect> event_effect(std::string_view event);

enum class EventPrecision : std::uint8_t { day, week, month, quarter, approx };
const char* to_string(EventPrecision p);

// events column `role` (empty = status): whether a row may change a status at all.
enum class EventRole : std::uint8_t { status, planned, context };
const char* to_string(EventRole r);

struct EventRow {
  Date date;                        // first day of effect (the 1st for a month-precision date)
  std::optional<Date> end_date;     // last day of effect, inclusive
  std::string date_text, end_text;  // as written in the file
  EventPrecision precision = EventPrecision::day;
  EventRole role = EventRole::status;
  std::string gate_id;  // a gate pair, a group or a context id
  std::string event, initiated_by, note, publisher, source_date, url;
  Confidence confidence = Confidence::high;
  EventEffect effect;
  bool group = false;  // gate_id names a group of groups.csv
  std::string file;    // as given to load_timeline
  int line = 0;        // physical line (header = 1)

  bool approximate() const { return precision != EventPrecision::day; }
  // Shown on the timeline and in the inspector but never changes a status.
  bool annotation() const {
    return !effect.changes_status() || confidence == Confidence::low || role != EventRole::status;
  }
  Date last_day() const { return end_date.value_or(date); }
  bool pilot() const { return event == "pilot"; }
  // A pilot (or any row with a period) is in force from `date` through `end_date` (open-ended
  // without one).
  bool in_force(Date d) const { return date <= d && (!end_date || d <= *end_date); }
};

struct FlowRow {
  std::optional<Date> start;  // empty when the source does not say (a YYYY-MM start: its 1st)
  Date end;                   // inclusive; equal to start for a one-day snapshot
  // `end` written YYYY-MM: the period ends on some day of that month that the source does not give
  // ("early July"); `end` is then the month's last day (the latest it can be) for date queries, and
  // data_as_of counts the month's first day (the earliest), so neither claims more than the source.
  bool end_month = false;
  std::string start_text, end_text;  // as written in the file
  std::string counted_by;            // vn, cn, both, or empty (not said): series of different counters never join
  std::string gate_id, metric;
  double value = 0;  // low end of a range
  std::optional<double> value_high;
  std::string qualifier, note, publisher, source_date, url;
  Confidence confidence = Confidence::high;
  std::string file;
  int line = 0;

  Date first() const { return start.value_or(end); }
  bool covers(Date d) const { return first() <= d && d <= end; }
};

struct TradeRow {
  Date start, end;  // inclusive period
  std::string scope, metric;
  double value = 0;  // in `unit`
  std::string unit;  // USD_million | CNY_million | percent
  std::optional<double> usd_million_as_reported, yoy_pct;
  std::string basis, note, publisher, source_date, url;
  Confidence confidence = Confidence::high;
  std::string file;
  int line = 0;

  // "USD", "CNY", or "" for a percentage.
  std::string_view currency() const;
};

struct Membership {
  std::string group_id, gate_id;
  std::optional<Date> from, to;  // inclusive; empty = unbounded
  std::string source;
  Confidence confidence = Confidence::high;
  std::string file;
  int line = 0;
  bool contains(Date d) const { return (!from || *from <= d) && (!to || d <= *to); }
};

// One traffic type's status and the row that set it (null when unknown).
struct TypeStatus {
  Status status = Status::unknown;
  const EventRow* set_by = nullptr;
};

// A gate pair's status on one date. `gate` and the row pointers refer into the Timeline that
// answered (for an id that is no gate, `gate` views the caller's string): valid while it lives.
struct GateStatus {
  std::string_view gate;
  Status overall = Status::unknown;
  const EventRow* set_by = nullptr;  // for `overall`: the latest-starting row of the known types
  TypeStatus cargo, passengers;
  bool approximate = false;  // a deciding row has a date that is not day-precise
  bool as_of = false;        // the date is after the data: status held as of `as_of_date`
  Date as_of_date;

  const TypeStatus& of(Traffic t) const { return t == Traffic::cargo ? cargo : passengers; }
};

// A change in a gate's status, e.g. "reopened 2022-09-26".
struct Transition {
  std::string_view gate;
  Date date;                                            // first day of the new status
  std::int32_t days_ago = 0;                            // query date - date
  Status from = Status::unknown, to = Status::unknown;  // overall
  Status cargo_from = Status::unknown, cargo_to = Status::unknown;
  Status passengers_from = Status::unknown, passengers_to = Status::unknown;
  const EventRow* set_by = nullptr;  // the row that made the change (or whose end made it)
  // A short label for the map: "reopened 2022-09-26", "closed 2023-01-21", "cargo reopened 2023-01-27".
  std::string label() const;
};

struct DateSpan {
  Date first, last;
};

// A flow figure answering a date query.
struct FlowFigure {
  const FlowRow* row = nullptr;
  Date date;                  // the figure's last day (its period's end)
  bool current = false;       // the query date lies within the figure's own [start, end]
  std::int32_t age_days = 0;  // query date - date when not current, else 0
};

// A value read off one series of flows (one gate/group id, one metric).
struct FlowEstimate {
  double value = 0;
  bool interpolated = false;        // true: linear between `before` and `after`, not a figure of a source
  const FlowRow* before = nullptr;  // equal to `after` when the date lies within a figure
  const FlowRow* after = nullptr;
};

struct TradeMatch {
  const TradeRow* row = nullptr;
  bool exact = false;  // the figure's period is the requested period exactly
};

struct TimelineOptions {
  // Gate pairs whose status is computed (e.g. the ids of load_gates()), in display order.
  // Empty: every id of groups.csv's gate_id column and of events.csv that is not a group, in order of
  // appearance, and ids are not checked. Given: an id in events, flows or groups that is neither one
  // of these, a group, nor a context id is a problem and its row is skipped.
  std::vector<std::string> gate_ids;
  // Ids accepted in events and flows that are neither gates nor groups (e.g. "cb_ta_lung"). They get
  // no status; their events still count for the data span and the event dates.
  std::vector<std::string> context_ids;
  // Where gate_ids come from (e.g. the gates and gate_pairs files), named in "unknown gate id" messages.
  std::vector<std::string> gate_files;
};

// Several files of each kind, read in order (a later file's rows come after an earlier one's:
// on the same day, the later row wins). Planners' own files are appended after the default ones.
struct TimelineFiles {
  std::vector<std::string> events, flows, trade, groups;
};

// Reads one CSV file of a TimelineFiles list (the path as given); throws geo::Error.
using CsvReader = std::function<CsvTable(const std::string& path)>;

class Timeline {
 public:
  Timeline() = default;

  const std::vector<EventRow>& events() const { return events_; }
  const std::vector<FlowRow>& flows() const { return flows_; }
  const std::vector<TradeRow>& trade() const { return trade_; }
  const std::vector<Membership>& memberships() const { return memberships_; }
  // `file:line: problem` for every problem of a row that was skipped (load_report().lines()).
  const std::vector<std::string>& problems() const { return problems_; }
  // The rows loaded and skipped, per file. A row is loaded exactly when `gatemap check` accepts it
  // (both judge it by geo/schema.hpp's check_record).
  const LoadReport& load_report() const { return report_; }

  const std::vector<std::string>& gate_ids() const { return gate_ids_; }
  int gate_index(std::string_view gate) const;  // -1 when not a gate
  bool is_group(std::string_view id) const;
  bool is_member(std::string_view group, std::string_view gate, Date d) const;

  // ---- status -------------------------------------------------------------------------------
  GateStatus status_at(std::string_view gate, Date d) const;  // unknown for an id that is no gate
  GateStatus status_at(std::size_t gate_index, Date d) const;
  // All gates at once, in gate_ids() order; reuses `out`'s storage (no allocation once sized).
  void statuses_at(Date d, std::vector<GateStatus>& out) const;
  std::vector<GateStatus> statuses_at(Date d) const;
  // The latest status change of each gate in [d - within_days, d] (gates with none are left out).
  std::vector<Transition> transitions(Date d, int within_days) const;
  // Every change of a gate, in date order.
  std::vector<Transition> changes_of(std::string_view gate) const;
  // The data's "as of" date (`data_as_of` of `gatemap info`): the latest of the events' `date`
  // (planned rows excluded), the flows' `end` (a month end counts as the month's first day) and the
  // trade figures' `end`. An event's end_date never counts: a pilot's announced end is not data.
  // After it statuses are held "as of" it. Empty with no rows.
  std::optional<Date> as_of_date() const { return as_of_; }

  // ---- annotations and ticks ----------------------------------------------------------------
  // The event rows that concern a gate: its own rows and those of groups it belonged to on the
  // row's date, in date order (status events and annotations alike).
  std::vector<const EventRow*> events_of(std::string_view gate) const;
  // The annotations of a gate (non-status events and low-confidence rows) in effect at some day of
  // [from, to].
  std::vector<const EventRow*> annotations(std::string_view gate, Date from, Date to) const;
  // Sorted, unique start and end dates of all event rows: ticks and prev/next jumps.
  const std::vector<Date>& event_dates() const { return event_dates_; }
  std::optional<Date> next_event_date(Date d) const;  // first event date > d
  std::optional<Date> prev_event_date(Date d) const;  // last event date < d
  // First and last dates of every row of events, flows and trade (empty with no rows).
  std::optional<DateSpan> span() const { return span_; }
  std::optional<DateSpan> events_span() const { return events_span_; }

  // ---- flows --------------------------------------------------------------------------------
  // Rows of exactly this id and metric, by start then end.
  std::vector<const FlowRow*> flow_series(std::string_view id, std::string_view metric) const;
  // The figure whose own [start, end] contains d (the shortest such period; ties: later start,
  // later row), or nullopt.
  std::optional<FlowFigure> flow_at(std::string_view id, std::string_view metric, Date d) const;
  // flow_at, else the last figure ending before d, with its date; nullopt before the first figure.
  std::optional<FlowFigure> latest_flow(std::string_view id, std::string_view metric, Date d) const;
  // flow_at's value, else a linear interpolation between the figures on either side (period
  // midpoints), flagged interpolated; never between figures of different `counted_by`. Only for rates and snapshots
  // (metrics ending in `_per_day`, and `trucks_waiting`): totals over periods of different lengths are not one series.
  // The low end of a range is used. nullopt outside the series or for a total.
  std::optional<FlowEstimate> interpolated_flow(std::string_view id, std::string_view metric, Date d) const;

  // ---- trade --------------------------------------------------------------------------------
  // Figures of this scope and metric whose period lies within `p` (exact ones flagged), optionally
  // of one basis only; in start then end order. Never summed: a caller showing one value must
  // pick one basis and unit.
  std::vector<TradeMatch> trade_for_period(std::string_view scope, std::string_view metric, const Period& p,
                                           std::string_view basis = {}) const;

 private:
  friend Timeline load_timeline(const TimelineFiles&, const TimelineOptions&, const CsvReader&);

  // A gate's state from `date` until the next change point.
  struct StatePoint {
    Date date;
    std::int32_t cargo_row = -1, passengers_row = -1, overall_row = -1;  // indices into events_
    Status cargo = Status::unknown, passengers = Status::unknown, overall = Status::unknown;
    bool approximate = false;
  };
  struct GateTrack {
    std::vector<Date> dates;         // change-point dates, ascending (binary-searched)
    std::vector<StatePoint> states;  // same size
  };

  void build();
  // `rows`: the indices of the events that apply to the gate (its own and its groups'), ascending.
  void build_track(std::size_t gate, const std::vector<std::int32_t>& rows);
  GateStatus make_status(std::size_t gate, const StatePoint* p, Date d) const;
  bool is_change(std::size_t gate, std::size_t state) const;  // statuses differ from the state before
  Transition make_transition(std::size_t gate, std::size_t state) const;
  bool applies_to(const EventRow& e, std::string_view gate) const;

  std::vector<EventRow> events_;
  std::vector<FlowRow> flows_;
  std::vector<TradeRow> trade_;
  std::vector<Membership> memberships_;
  std::vector<std::string> problems_;
  LoadReport report_;
  std::vector<std::string> gate_ids_;
  // gate_ids_[i] -> i: loading 100,000 gate pairs stays near-linear (bench/timeline_bench.cpp).
  struct IdHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, int, IdHash, std::equal_to<>> gate_index_;
  std::vector<std::string> group_ids_;
  std::vector<GateTrack> tracks_;  // one per gate
  std::vector<Date> event_dates_;
  std::optional<DateSpan> span_, events_span_;
  std::optional<Date> as_of_;
};

// Reads the four CSV files (events.csv, flows.csv, trade.csv, groups.csv in the documented schemas).
// An empty path skips that file. Every row is judged by the rules of `gatemap check`
// (geo/schema.hpp): a row it rejects is skipped and reported in problems() / load_report() as
// `file:line: problem`, with check's message; the rest loads. A file that cannot be read, or lacks a
// column of its schema, throws geo::Error.
Timeline load_timeline(const std::string& events_csv, const std::string& flows_csv, const std::string& trade_csv,
                       const std::string& groups_csv, const TimelineOptions& options = {});
Timeline load_timeline(const TimelineFiles& files, const TimelineOptions& options = {});
// The same with each file read by `read` (e.g. parse_csv of bytes embedded in the binary), called
// in the order groups, events, flows, trade. This one needs no GDAL: the two above read through
// read_csv (GDAL's file layer) and live in timeline_read.cpp.
Timeline load_timeline(const TimelineFiles& files, const TimelineOptions& options, const CsvReader& read);

}  // namespace geo
