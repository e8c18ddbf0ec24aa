#include "geo/timeline.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <tuple>

#include "geo/csv.hpp"
#include "geo/error.hpp"

namespace geo {

// ---- vocabularies -----------------------------------------------------------------------------

const char* to_string(Status s) {
  switch (s) {
    case Status::unknown: return "unknown";
    case Status::open: return "open";
    case Status::restricted: return "restricted";
    case Status::closed: return "closed";
  }
  return "unknown";
}

const char* to_string(Traffic t) { return t == Traffic::cargo ? "cargo" : "passengers"; }

const char* to_string(EventPrecision p) {
  switch (p) {
    case EventPrecision::day: return "day";
    case EventPrecision::week: return "week";
    case EventPrecision::month: return "month";
    case EventPrecision::approx: return "approx";
  }
  return "day";
}

std::optional<EventEffect> event_effect(std::string_view e) {
  using S = Status;
  if (e == "closed" || e == "status_closed") return EventEffect{S::closed, S::closed};
  if (e == "reopened" || e == "status_open" || e == "opened_new") return EventEffect{S::open, S::open};
  if (e == "resumed_cargo") return EventEffect{S::open, S::unknown};
  if (e == "resumed_passengers" || e == "resumed_tourism") return EventEffect{S::unknown, S::open};
  if (e == "suspended_passengers") return EventEffect{S::unknown, S::closed};
  if (e == "restricted") return EventEffect{S::restricted, S::restricted};
  static constexpr std::string_view kAnnotations[] = {
      "reopening_delayed", "reopening_authorised_vn", "status_report", "policy_change", "planning"};
  for (std::string_view a : kAnnotations)
    if (e == a) return EventEffect{};
  // hours_set, hours_extended, upgrade_planned, upgrade_proposed, upgrade_accepted_cn, ...
  if (e.starts_with("hours_") && e.size() > 6) return EventEffect{};
  if (e.starts_with("upgrade")) return EventEffect{};
  return std::nullopt;
}

std::string_view TradeRow::currency() const {
  if (unit.starts_with("USD")) return "USD";
  if (unit.starts_with("CNY")) return "CNY";
  return "";
}

namespace {

constexpr std::string_view kFlowMetrics[] = {
    "cargo_vehicles_per_day", "export_vehicles_per_day", "import_vehicles_per_day", "vehicles_per_day",
    "cargo_vehicles_total", "export_vehicles_total", "trucks_waiting", "trucks_arriving_per_day",
    "passengers_per_day", "passengers_total", "cn_vehicle_inspections_total", "rail_wagons_total",
    "rail_wagons_per_day", "rail_wagons_export_per_day", "rail_wagons_import_per_day", "rail_freight_tonnes_total",
    "rail_trains_total", "rail_teu_total", "rail_passengers_total"};
constexpr std::string_view kTradeMetrics[] = {"import_export", "export", "import", "local_export",
                                              "import_export_asean", "agri_import_export", "import_export_yoy_pct"};
constexpr std::string_view kTradeUnits[] = {"USD_million", "CNY_million", "percent"};
constexpr std::string_view kInitiators[] = {"", "cn", "vn", "both", "unknown"};

template <size_t N>
bool one_of(std::string_view s, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

template <size_t N>
std::string joined(const std::string_view (&list)[N]) {
  std::string s;
  for (std::string_view v : list) s += (s.empty() ? "" : ", ") + std::string(v);
  return s;
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::optional<double> parse_number(const std::string& s) {
  double v = 0;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  auto r = std::from_chars(b, e, v);
  if (s.empty() || r.ec != std::errc() || r.ptr != e || !std::isfinite(v)) return std::nullopt;
  return v;
}

int require(const CsvTable& t, const char* col) {
  int i = t.column(col);
  if (i < 0) throw Error(t.file, "line 1", std::string("missing column '") + col + "'");
  return i;
}

std::optional<Confidence> parse_row_confidence(const std::string& s) {
  auto c = parse_confidence(s);
  if (!c || *c == Confidence::not_found) return std::nullopt;
  return c;
}

bool valid_source_date(const std::string& s) {
  return s.empty() || s == "undated" || parse_iso_date(s).has_value();
}

// Reports problems of one row as `file:line N: problem`.
struct RowCheck {
  const CsvTable& t;
  const CsvRow& r;
  std::vector<std::string>& problems;
  void bad(const std::string& what) const {
    problems.push_back(t.file + ":line " + std::to_string(r.line) + ": " + what);
  }
  bool field_count_ok() const {
    if (r.cells.size() == t.header.size()) return true;
    bad("expected " + std::to_string(t.header.size()) + " fields, found " + std::to_string(r.cells.size()));
    return false;
  }
};

// Which ids a row may name.
struct IdRules {
  const TimelineOptions& options;
  const std::vector<std::string>& groups;
  bool known(const std::string& id) const {
    return options.gate_ids.empty() || contains(options.gate_ids, id) || contains(groups, id) ||
           contains(options.context_ids, id);
  }
};

std::optional<EventPrecision> parse_precision(const std::string& s) {
  if (s == "day") return EventPrecision::day;
  if (s == "week") return EventPrecision::week;
  if (s == "month") return EventPrecision::month;
  if (s == "approx") return EventPrecision::approx;
  return std::nullopt;
}

// Columns of events.csv.
struct EventCols {
  int date, precision, end, gate, event, by, note, publisher, source_date, url, confidence;
  explicit EventCols(const CsvTable& t)
      : date(require(t, "date")), precision(require(t, "date_precision")), end(require(t, "end_date")),
        gate(require(t, "gate_id")), event(require(t, "event")), by(t.column("initiated_by")),
        note(t.column("note")), publisher(t.column("publisher")), source_date(t.column("source_date")),
        url(t.column("url")), confidence(require(t, "confidence")) {}
};

// Dates of an event row: a YYYY-MM date needs precision `month`; month precision applies from the 1st.
bool read_event_dates(const RowCheck& c, const EventCols& k, EventRow& e) {
  const std::string& prec = c.t.cell(c.r, k.precision);
  auto p = parse_precision(prec);
  if (!p) return c.bad("date_precision '" + prec + "' is not day, week, month or approx"), false;
  e.precision = *p;
  e.date_text = c.t.cell(c.r, k.date);
  auto d = parse_iso_date(e.date_text);
  if (!d) return c.bad("date '" + e.date_text + "' is not a calendar date YYYY-MM-DD (or YYYY-MM)"), false;
  if (d->precision == DatePrecision::month && e.precision != EventPrecision::month)
    return c.bad("date '" + e.date_text + "' gives only a month but date_precision is '" + prec + "' (use month)"),
           false;
  e.date = e.precision == EventPrecision::month ? d->first.first_of_month() : d->first;
  e.end_text = c.t.cell(c.r, k.end);
  if (!e.end_text.empty()) {
    auto end = parse_iso_date(e.end_text);
    if (!end) return c.bad("end_date '" + e.end_text + "' is not a calendar date YYYY-MM-DD (or YYYY-MM)"), false;
    if (end->last < e.date)
      return c.bad("end_date " + e.end_text + " is before date " + e.date_text), false;
    e.end_date = end->last;
  }
  return true;
}

bool read_event(const RowCheck& c, const EventCols& k, const IdRules& ids, EventRow& e) {
  if (!c.field_count_ok() || !read_event_dates(c, k, e)) return false;
  const CsvTable& t = c.t;
  e.gate_id = t.cell(c.r, k.gate);
  if (e.gate_id.empty()) return c.bad("empty gate_id"), false;
  if (!ids.known(e.gate_id)) return c.bad("unknown gate or group id '" + e.gate_id + "'"), false;
  e.group = contains(ids.groups, e.gate_id);
  e.event = t.cell(c.r, k.event);
  auto effect = event_effect(e.event);
  if (!effect) return c.bad("unknown event type '" + e.event + "'"), false;
  e.effect = *effect;
  e.initiated_by = t.cell(c.r, k.by);
  if (!one_of(e.initiated_by, kInitiators))
    return c.bad("initiated_by '" + e.initiated_by + "' is not cn, vn, both, unknown or empty"), false;
  auto conf = parse_row_confidence(t.cell(c.r, k.confidence));
  if (!conf) return c.bad("confidence '" + t.cell(c.r, k.confidence) + "' is not high, medium or low"), false;
  e.confidence = *conf;
  e.source_date = t.cell(c.r, k.source_date);
  if (!valid_source_date(e.source_date))
    return c.bad("source_date '" + e.source_date + "' is not YYYY-MM-DD, YYYY-MM or undated"), false;
  e.note = t.cell(c.r, k.note);
  e.publisher = t.cell(c.r, k.publisher);
  e.url = t.cell(c.r, k.url);
  e.file = t.file;
  e.line = c.r.line;
  return true;
}

struct FlowCols {
  int start, end, gate, metric, value, high, qualifier, note, publisher, source_date, url, confidence;
  explicit FlowCols(const CsvTable& t)
      : start(require(t, "start")), end(require(t, "end")), gate(require(t, "gate_id")), metric(require(t, "metric")),
        value(require(t, "value")), high(require(t, "value_high")), qualifier(t.column("qualifier")),
        note(t.column("note")), publisher(t.column("publisher")), source_date(t.column("source_date")),
        url(t.column("url")), confidence(require(t, "confidence")) {}
};

bool read_flow(const RowCheck& c, const FlowCols& k, const IdRules& ids, FlowRow& f) {
  if (!c.field_count_ok()) return false;
  const CsvTable& t = c.t;
  const std::string &s = t.cell(c.r, k.start), &e = t.cell(c.r, k.end);
  if (!s.empty()) {
    auto d = parse_iso_date(s);
    if (!d) return c.bad("start '" + s + "' is not a calendar date YYYY-MM-DD (or YYYY-MM)"), false;
    f.start = d->first;
  }
  auto end = parse_iso_date(e);
  if (!end) return c.bad("end '" + e + "' is not a calendar date YYYY-MM-DD (or YYYY-MM)"), false;
  f.end = end->last;
  if (f.start && f.end < *f.start) return c.bad("end " + e + " is before start " + s), false;
  f.gate_id = t.cell(c.r, k.gate);
  if (f.gate_id.empty()) return c.bad("empty gate_id"), false;
  if (!ids.known(f.gate_id)) return c.bad("unknown gate or group id '" + f.gate_id + "'"), false;
  f.metric = t.cell(c.r, k.metric);
  if (!one_of(f.metric, kFlowMetrics))
    return c.bad("unknown metric '" + f.metric + "' (known: " + joined(kFlowMetrics) + ")"), false;
  auto v = parse_number(t.cell(c.r, k.value));
  if (!v) return c.bad("value '" + t.cell(c.r, k.value) + "' is not a number"), false;
  f.value = *v;
  if (const std::string& h = t.cell(c.r, k.high); !h.empty()) {
    auto vh = parse_number(h);
    if (!vh) return c.bad("value_high '" + h + "' is not a number"), false;
    if (*vh < f.value) return c.bad("value_high " + h + " is below value " + t.cell(c.r, k.value)), false;
    f.value_high = *vh;
  }
  auto conf = parse_row_confidence(t.cell(c.r, k.confidence));
  if (!conf) return c.bad("confidence '" + t.cell(c.r, k.confidence) + "' is not high, medium or low"), false;
  f.confidence = *conf;
  f.source_date = t.cell(c.r, k.source_date);
  if (!valid_source_date(f.source_date))
    return c.bad("source_date '" + f.source_date + "' is not YYYY-MM-DD, YYYY-MM or undated"), false;
  f.qualifier = t.cell(c.r, k.qualifier);
  f.note = t.cell(c.r, k.note);
  f.publisher = t.cell(c.r, k.publisher);
  f.url = t.cell(c.r, k.url);
  f.file = t.file;
  f.line = c.r.line;
  return true;
}

struct TradeCols {
  int start, end, scope, metric, value, unit, usd, yoy, basis, note, publisher, source_date, url, confidence;
  explicit TradeCols(const CsvTable& t)
      : start(require(t, "start")), end(require(t, "end")), scope(require(t, "scope")), metric(require(t, "metric")),
        value(require(t, "value")), unit(require(t, "unit")), usd(t.column("usd_million_as_reported")),
        yoy(t.column("yoy_pct")), basis(require(t, "basis")), note(t.column("note")),
        publisher(t.column("publisher")), source_date(t.column("source_date")), url(t.column("url")),
        confidence(require(t, "confidence")) {}
};

bool read_optional_number(const RowCheck& c, int col, const char* name, std::optional<double>& out) {
  const std::string& s = c.t.cell(c.r, col);
  if (s.empty()) return true;
  auto v = parse_number(s);
  if (!v) return c.bad(std::string(name) + " '" + s + "' is not a number"), false;
  out = *v;
  return true;
}

bool read_trade(const RowCheck& c, const TradeCols& k, const TimelineOptions& options, TradeRow& r) {
  if (!c.field_count_ok()) return false;
  const CsvTable& t = c.t;
  const std::string &s = t.cell(c.r, k.start), &e = t.cell(c.r, k.end);
  auto start = parse_iso_date(s);
  if (!start) return c.bad("start '" + s + "' is not a calendar date YYYY-MM-DD (or YYYY-MM)"), false;
  auto end = parse_iso_date(e);
  if (!end) return c.bad("end '" + e + "' is not a calendar date YYYY-MM-DD (or YYYY-MM)"), false;
  r.start = start->first;
  r.end = end->last;
  if (r.end < r.start) return c.bad("end " + e + " is before start " + s), false;
  r.scope = t.cell(c.r, k.scope);
  if (r.scope.empty()) return c.bad("empty scope"), false;
  if (!options.trade_scopes.empty() && !contains(options.trade_scopes, r.scope))
    return c.bad("unknown scope '" + r.scope + "'"), false;
  r.metric = t.cell(c.r, k.metric);
  if (!one_of(r.metric, kTradeMetrics))
    return c.bad("unknown metric '" + r.metric + "' (known: " + joined(kTradeMetrics) + ")"), false;
  auto v = parse_number(t.cell(c.r, k.value));
  if (!v) return c.bad("value '" + t.cell(c.r, k.value) + "' is not a number"), false;
  r.value = *v;
  r.unit = t.cell(c.r, k.unit);
  if (!one_of(r.unit, kTradeUnits)) return c.bad("unknown unit '" + r.unit + "' (known: " + joined(kTradeUnits) + ")"), false;
  if (!read_optional_number(c, k.usd, "usd_million_as_reported", r.usd_million_as_reported) ||
      !read_optional_number(c, k.yoy, "yoy_pct", r.yoy_pct))
    return false;
  r.basis = t.cell(c.r, k.basis);
  if (r.basis.empty()) return c.bad("empty basis (figures of different bases must never be mixed)"), false;
  auto conf = parse_row_confidence(t.cell(c.r, k.confidence));
  if (!conf) return c.bad("confidence '" + t.cell(c.r, k.confidence) + "' is not high, medium or low"), false;
  r.confidence = *conf;
  r.source_date = t.cell(c.r, k.source_date);
  if (!valid_source_date(r.source_date))
    return c.bad("source_date '" + r.source_date + "' is not YYYY-MM-DD, YYYY-MM or undated"), false;
  r.note = t.cell(c.r, k.note);
  r.publisher = t.cell(c.r, k.publisher);
  r.url = t.cell(c.r, k.url);
  r.file = t.file;
  r.line = c.r.line;
  return true;
}

struct GroupCols {
  int group, gate, from, to, source, confidence;
  explicit GroupCols(const CsvTable& t)
      : group(require(t, "group_id")), gate(require(t, "gate_id")), from(require(t, "from")), to(require(t, "to")),
        source(t.column("source")), confidence(require(t, "confidence")) {}
};

bool read_membership(const RowCheck& c, const GroupCols& k, const TimelineOptions& options, Membership& m) {
  if (!c.field_count_ok()) return false;
  const CsvTable& t = c.t;
  const int c_group = k.group, c_gate = k.gate, c_from = k.from, c_to = k.to, c_src = k.source, c_conf = k.confidence;
  m.group_id = t.cell(c.r, c_group);
  m.gate_id = t.cell(c.r, c_gate);
  if (m.group_id.empty() || m.gate_id.empty()) return c.bad("empty group_id or gate_id"), false;
  if (!options.gate_ids.empty()) {
    if (contains(options.gate_ids, m.group_id)) return c.bad("group_id '" + m.group_id + "' is a gate id"), false;
    if (!contains(options.gate_ids, m.gate_id)) return c.bad("unknown gate id '" + m.gate_id + "'"), false;
  }
  for (auto [col, slot, name] : {std::tuple{c_from, &m.from, "from"}, std::tuple{c_to, &m.to, "to"}}) {
    const std::string& s = t.cell(c.r, col);
    if (s.empty()) continue;
    auto d = Date::parse(s);
    if (!d) return c.bad(std::string(name) + " '" + s + "' is not a calendar date YYYY-MM-DD"), false;
    *slot = *d;
  }
  if (m.from && m.to && *m.to < *m.from) return c.bad("to " + m.to->iso() + " is before from " + m.from->iso()), false;
  auto conf = parse_row_confidence(t.cell(c.r, c_conf));
  if (!conf) return c.bad("confidence '" + t.cell(c.r, c_conf) + "' is not high, medium or low"), false;
  m.confidence = *conf;
  m.source = t.cell(c.r, c_src);
  m.file = t.file;
  m.line = c.r.line;
  return true;
}

}  // namespace

// ---- loading ----------------------------------------------------------------------------------

Timeline load_timeline(const TimelineFiles& files, const TimelineOptions& options, const CsvReader& read) {
  Timeline tl;
  for (const std::string& groups_csv : files.groups) {
    CsvTable t = read(groups_csv);
    const GroupCols cols(t);
    for (const CsvRow& r : t.rows) {
      Membership m;
      if (read_membership(RowCheck{t, r, tl.problems_}, cols, options, m)) tl.memberships_.push_back(std::move(m));
    }
  }
  for (const Membership& m : tl.memberships_)
    if (!contains(tl.group_ids_, m.group_id)) tl.group_ids_.push_back(m.group_id);
  const IdRules ids{options, tl.group_ids_};
  for (const std::string& events_csv : files.events) {
    CsvTable t = read(events_csv);
    const EventCols cols(t);
    for (const CsvRow& r : t.rows) {
      EventRow e;
      if (read_event(RowCheck{t, r, tl.problems_}, cols, ids, e)) tl.events_.push_back(std::move(e));
    }
  }
  for (const std::string& flows_csv : files.flows) {
    CsvTable t = read(flows_csv);
    const FlowCols cols(t);
    for (const CsvRow& r : t.rows) {
      FlowRow f;
      if (read_flow(RowCheck{t, r, tl.problems_}, cols, ids, f)) tl.flows_.push_back(std::move(f));
    }
  }
  for (const std::string& trade_csv : files.trade) {
    CsvTable t = read(trade_csv);
    const TradeCols cols(t);
    for (const CsvRow& r : t.rows) {
      TradeRow x;
      if (read_trade(RowCheck{t, r, tl.problems_}, cols, options, x)) tl.trade_.push_back(std::move(x));
    }
  }
  tl.gate_ids_ = options.gate_ids;
  if (tl.gate_ids_.empty()) {
    for (const Membership& m : tl.memberships_)
      if (!contains(tl.gate_ids_, m.gate_id)) tl.gate_ids_.push_back(m.gate_id);
    for (const EventRow& e : tl.events_)
      if (!e.group && !contains(tl.gate_ids_, e.gate_id) && !contains(options.context_ids, e.gate_id))
        tl.gate_ids_.push_back(e.gate_id);
  }
  tl.build();
  return tl;
}

// ---- derived indices --------------------------------------------------------------------------

int Timeline::gate_index(std::string_view gate) const {
  for (size_t i = 0; i < gate_ids_.size(); ++i)
    if (gate_ids_[i] == gate) return static_cast<int>(i);
  return -1;
}

bool Timeline::is_group(std::string_view id) const { return contains(group_ids_, id); }

bool Timeline::is_member(std::string_view group, std::string_view gate, Date d) const {
  for (const Membership& m : memberships_)
    if (m.group_id == group && m.gate_id == gate && m.contains(d)) return true;
  return false;
}

bool Timeline::applies_to(const EventRow& e, std::string_view gate) const {
  return e.gate_id == gate || (e.group && is_member(e.gate_id, gate, e.date));
}

void Timeline::build() {
  tracks_.assign(gate_ids_.size(), {});
  for (size_t g = 0; g < gate_ids_.size(); ++g) build_track(g);

  auto widen = [](std::optional<DateSpan>& s, Date first, Date last) {
    if (!s) s = DateSpan{first, last};
    s->first = std::min(s->first, first);
    s->last = std::max(s->last, last);
  };
  for (const EventRow& e : events_) {
    event_dates_.push_back(e.date);
    if (e.end_date) event_dates_.push_back(*e.end_date);
    widen(events_span_, e.date, e.last_day());
  }
  std::sort(event_dates_.begin(), event_dates_.end());
  event_dates_.erase(std::unique(event_dates_.begin(), event_dates_.end()), event_dates_.end());
  span_ = events_span_;
  for (const FlowRow& f : flows_) widen(span_, f.first(), f.end);
  for (const TradeRow& t : trade_) widen(span_, t.start, t.end);
}

namespace {

// A status event as it applies to one gate.
struct Applied {
  Date start;
  std::optional<Date> end;
  std::int32_t row = 0;
  bool own = false;  // the gate's own row, not a group's
};

const Applied* later(const Applied* a, const Applied* b) {
  if (!a) return b;
  if (!b) return a;
  if (a->start != b->start) return a->start > b->start ? a : b;
  return a->row > b->row ? a : b;
}

// The row in effect for one traffic type on day `day` (null: unknown). See the rules in the header.
const Applied* resolve(const std::vector<Applied>& applied, const std::vector<EventRow>& rows, Traffic t, Date day) {
  const Applied* own = nullptr;
  const Applied* grp = nullptr;
  for (const Applied& a : applied) {
    if (rows[static_cast<size_t>(a.row)].effect.on(t) == Status::unknown) continue;
    if (a.start > day || (a.end && *a.end < day)) continue;
    if (a.own) own = later(own, &a);
    else grp = later(grp, &a);
  }
  // A group event never cuts short a member's own event that is still running, except that an event
  // starting on the own event's last day wins (a start beats an end on the same day).
  if (own && own->end && grp && !(*own->end == day && grp->start == day)) return own;
  return later(own, grp);
}

Status overall_of(Status cargo, Status passengers) {
  if (cargo == Status::unknown) return passengers;
  if (passengers == Status::unknown) return cargo;
  if (cargo == passengers) return cargo;  // both open or both closed (or both restricted)
  return Status::restricted;
}

}  // namespace

void Timeline::build_track(size_t gate) {
  const std::string& id = gate_ids_[gate];
  std::vector<Applied> applied;
  std::vector<Date> boundaries;
  for (size_t i = 0; i < events_.size(); ++i) {
    const EventRow& e = events_[i];
    if (e.annotation() || !applies_to(e, id)) continue;
    applied.push_back(Applied{e.date, e.end_date, static_cast<std::int32_t>(i), e.gate_id == id});
    boundaries.push_back(e.date);
    if (e.end_date) boundaries.push_back(e.end_date->add_days(1));
  }
  std::sort(boundaries.begin(), boundaries.end());
  boundaries.erase(std::unique(boundaries.begin(), boundaries.end()), boundaries.end());

  GateTrack& track = tracks_[gate];
  for (Date day : boundaries) {
    StatePoint p;
    p.date = day;
    const Applied* c = resolve(applied, events_, Traffic::cargo, day);
    const Applied* ps = resolve(applied, events_, Traffic::passengers, day);
    if (c) p.cargo = events_[static_cast<size_t>(c->row)].effect.cargo, p.cargo_row = c->row;
    if (ps) p.passengers = events_[static_cast<size_t>(ps->row)].effect.passengers, p.passengers_row = ps->row;
    p.overall = overall_of(p.cargo, p.passengers);
    if (const Applied* o = later(c, ps)) p.overall_row = o->row;
    p.approximate = (c && events_[static_cast<size_t>(c->row)].approximate()) ||
                    (ps && events_[static_cast<size_t>(ps->row)].approximate());
    if (!track.states.empty()) {
      const StatePoint& q = track.states.back();
      if (q.cargo_row == p.cargo_row && q.passengers_row == p.passengers_row) continue;
    } else if (p.overall_row < 0) {
      continue;
    }
    track.dates.push_back(day);
    track.states.push_back(p);
  }
}

// ---- status queries ---------------------------------------------------------------------------

GateStatus Timeline::make_status(size_t gate, const StatePoint* p, Date d) const {
  GateStatus s;
  s.gate = gate_ids_[gate];
  if (events_span_ && d > events_span_->last) {
    s.as_of = true;
    s.as_of_date = events_span_->last;
  }
  if (!p) return s;
  auto row = [&](std::int32_t i) { return i < 0 ? nullptr : &events_[static_cast<size_t>(i)]; };
  s.overall = p->overall;
  s.set_by = row(p->overall_row);
  s.cargo = {p->cargo, row(p->cargo_row)};
  s.passengers = {p->passengers, row(p->passengers_row)};
  s.approximate = p->approximate;
  return s;
}

GateStatus Timeline::status_at(size_t gate, Date d) const {
  const GateTrack& t = tracks_[gate];
  auto it = std::upper_bound(t.dates.begin(), t.dates.end(), d);
  const StatePoint* p = it == t.dates.begin() ? nullptr : &t.states[static_cast<size_t>(it - t.dates.begin()) - 1];
  return make_status(gate, p, d);
}

GateStatus Timeline::status_at(std::string_view gate, Date d) const {
  const int i = gate_index(gate);
  if (i < 0) {
    GateStatus s;
    s.gate = gate;
    return s;
  }
  return status_at(static_cast<size_t>(i), d);
}

void Timeline::statuses_at(Date d, std::vector<GateStatus>& out) const {
  out.resize(gate_ids_.size());
  for (size_t g = 0; g < gate_ids_.size(); ++g) out[g] = status_at(g, d);
}

std::vector<GateStatus> Timeline::statuses_at(Date d) const {
  std::vector<GateStatus> out;
  statuses_at(d, out);
  return out;
}

namespace {

const char* change_verb(Status from, Status to) {
  switch (to) {
    case Status::open: return from == Status::unknown ? "open" : "reopened";
    case Status::closed: return "closed";
    case Status::restricted: return from == Status::closed ? "partly reopened" : "restricted";
    case Status::unknown: return "status unknown";
  }
  return "changed";
}

}  // namespace

std::string Transition::label() const {
  if (from != to) return std::string(change_verb(from, to)) + " " + date.iso();
  std::string s;
  if (cargo_from != cargo_to) s = std::string("cargo ") + change_verb(cargo_from, cargo_to);
  if (passengers_from != passengers_to)
    s += (s.empty() ? "" : ", ") + std::string("passengers ") + change_verb(passengers_from, passengers_to);
  return s + " " + date.iso();
}

Transition Timeline::make_transition(size_t gate, size_t state) const {
  const GateTrack& t = tracks_[gate];
  const StatePoint before = state == 0 ? StatePoint{} : t.states[state - 1];
  const StatePoint& p = t.states[state];
  Transition x;
  x.gate = gate_ids_[gate];
  x.date = p.date;
  x.from = before.overall, x.to = p.overall;
  x.cargo_from = before.cargo, x.cargo_to = p.cargo;
  x.passengers_from = before.passengers, x.passengers_to = p.passengers;
  x.set_by = p.overall_row < 0 ? nullptr : &events_[static_cast<size_t>(p.overall_row)];
  return x;
}

bool Timeline::is_change(size_t gate, size_t state) const {
  const GateTrack& t = tracks_[gate];
  const StatePoint before = state == 0 ? StatePoint{} : t.states[state - 1];
  return t.states[state].cargo != before.cargo || t.states[state].passengers != before.passengers;
}

std::vector<Transition> Timeline::changes_of(std::string_view gate) const {
  std::vector<Transition> out;
  const int g = gate_index(gate);
  if (g < 0) return out;
  const size_t gi = static_cast<size_t>(g);
  for (size_t i = 0; i < tracks_[gi].states.size(); ++i)
    if (is_change(gi, i)) out.push_back(make_transition(gi, i));
  return out;
}

std::vector<Transition> Timeline::transitions(Date d, int within_days) const {
  std::vector<Transition> out;
  for (size_t g = 0; g < tracks_.size(); ++g) {
    const GateTrack& t = tracks_[g];
    // Walk back from the state in effect on d to the first real change (not just a new deciding row).
    size_t i = static_cast<size_t>(std::upper_bound(t.dates.begin(), t.dates.end(), d) - t.dates.begin());
    while (i > 0 && d - t.dates[i - 1] <= within_days) {
      --i;
      if (!is_change(g, i)) continue;
      Transition x = make_transition(g, i);
      x.days_ago = d - x.date;
      out.push_back(x);
      break;
    }
  }
  return out;
}

// ---- annotations and ticks --------------------------------------------------------------------

std::vector<const EventRow*> Timeline::events_of(std::string_view gate) const {
  std::vector<const EventRow*> out;
  for (const EventRow& e : events_)
    if (applies_to(e, gate)) out.push_back(&e);
  std::stable_sort(out.begin(), out.end(), [](const EventRow* a, const EventRow* b) { return a->date < b->date; });
  return out;
}

std::vector<const EventRow*> Timeline::annotations(std::string_view gate, Date from, Date to) const {
  std::vector<const EventRow*> out;
  for (const EventRow* e : events_of(gate))
    if (e->annotation() && e->date <= to && e->last_day() >= from) out.push_back(e);
  return out;
}

std::optional<Date> Timeline::next_event_date(Date d) const {
  auto it = std::upper_bound(event_dates_.begin(), event_dates_.end(), d);
  if (it == event_dates_.end()) return std::nullopt;
  return *it;
}

std::optional<Date> Timeline::prev_event_date(Date d) const {
  auto it = std::lower_bound(event_dates_.begin(), event_dates_.end(), d);
  if (it == event_dates_.begin()) return std::nullopt;
  return *(it - 1);
}

// ---- flows ------------------------------------------------------------------------------------

std::vector<const FlowRow*> Timeline::flow_series(std::string_view id, std::string_view metric) const {
  std::vector<const FlowRow*> out;
  for (const FlowRow& f : flows_)
    if (f.gate_id == id && f.metric == metric) out.push_back(&f);
  std::stable_sort(out.begin(), out.end(), [](const FlowRow* a, const FlowRow* b) {
    return std::pair(a->first(), a->end) < std::pair(b->first(), b->end);
  });
  return out;
}

std::optional<FlowFigure> Timeline::flow_at(std::string_view id, std::string_view metric, Date d) const {
  const FlowRow* best = nullptr;
  // Most specific first: the shortest period, then the later start, then the later row.
  auto key = [](const FlowRow* f) { return std::tuple(-(f->end - f->first()), f->first(), f->line); };
  for (const FlowRow* f : flow_series(id, metric))
    if (f->covers(d) && (!best || key(f) > key(best))) best = f;
  if (!best) return std::nullopt;
  return FlowFigure{best, best->end, true, 0};
}

std::optional<FlowFigure> Timeline::latest_flow(std::string_view id, std::string_view metric, Date d) const {
  if (auto now = flow_at(id, metric, d)) return now;
  const FlowRow* best = nullptr;
  auto key = [](const FlowRow* f) { return std::tuple(f->end, -(f->end - f->first()), f->line); };
  for (const FlowRow* f : flow_series(id, metric))
    if (f->end < d && (!best || key(f) > key(best))) best = f;
  if (!best) return std::nullopt;
  return FlowFigure{best, best->end, false, d - best->end};
}

std::optional<FlowEstimate> Timeline::interpolated_flow(std::string_view id, std::string_view metric, Date d) const {
  if (!metric.ends_with("_per_day") && metric != "trucks_waiting") return std::nullopt;
  if (auto now = flow_at(id, metric, d)) return FlowEstimate{now->row->value, false, now->row, now->row};
  auto before = latest_flow(id, metric, d);
  if (!before) return std::nullopt;
  const FlowRow* after = nullptr;
  for (const FlowRow* f : flow_series(id, metric))
    if (f->first() > d && (!after || f->first() < after->first())) after = f;
  if (!after) return std::nullopt;
  // Linear from the last day of the figure before to the first day of the figure after.
  const double x = static_cast<double>(d - before->row->end) / static_cast<double>(after->first() - before->row->end);
  const double v = before->row->value + x * (after->value - before->row->value);
  return FlowEstimate{v, true, before->row, after};
}

// ---- trade ------------------------------------------------------------------------------------

std::vector<TradeMatch> Timeline::trade_for_period(std::string_view scope, std::string_view metric, const Period& p,
                                                   std::string_view basis) const {
  std::vector<TradeMatch> out;
  for (const TradeRow& t : trade_) {
    if (t.scope != scope || t.metric != metric || (!basis.empty() && t.basis != basis)) continue;
    if (p.covers(t.start, t.end)) out.push_back({&t, t.start == p.start && t.end == p.last()});
  }
  std::stable_sort(out.begin(), out.end(), [](const TradeMatch& a, const TradeMatch& b) {
    return std::pair(a.row->start, a.row->end) < std::pair(b.row->start, b.row->end);
  });
  return out;
}

}  // namespace geo
