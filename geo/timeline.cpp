#include "geo/timeline.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <tuple>
#include <unordered_set>

#include "geo/csv.hpp"
#include "geo/error.hpp"
#include "geo/schema.hpp"

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
    case EventPrecision::quarter: return "quarter";
    case EventPrecision::approx: return "approx";
  }
  return "day";
}

const char* to_string(EventRole r) {
  switch (r) {
    case EventRole::status: return "status";
    case EventRole::planned: return "planned";
    case EventRole::context: return "context";
  }
  return "status";
}

std::optional<EventEffect> event_effect(std::string_view e) {
  using S = Status;
  if (!contains(vocab::event_types, e)) return std::nullopt;
  if (e == "closed" || e == "status_closed") return EventEffect{S::closed, S::closed};
  if (e == "reopened" || e == "status_open" || e == "opened_new") return EventEffect{S::open, S::open};
  if (e == "resumed_cargo") return EventEffect{S::open, S::unknown};
  if (e == "resumed_passengers" || e == "resumed_tourism") return EventEffect{S::unknown, S::open};
  if (e == "suspended_passengers") return EventEffect{S::unknown, S::closed};
  if (e == "suspended_cargo") return EventEffect{S::closed, S::unknown};
  if (e == "restricted") return EventEffect{S::restricted, S::restricted};
  if (e == "restricted_cargo") return EventEffect{S::restricted, S::unknown};
  return EventEffect{};  // every other event type of the vocabulary is an annotation
}

std::string_view TradeRow::currency() const {
  if (unit.starts_with("USD")) return "USD";
  if (unit.starts_with("CNY")) return "CNY";
  return "";
}

namespace {

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// A file of the time model must hold every column of its schema (as `gatemap check` recognises it).
void require_columns(const CsvTable& t, Schema schema) {
  if (std::string col = missing_column(schema, t); !col.empty())
    throw Error(t.file, "line 1", "missing column '" + col + "'");
}

EventPrecision precision_of(std::string_view s) {
  if (s == "week") return EventPrecision::week;
  if (s == "month") return EventPrecision::month;
  if (s == "quarter") return EventPrecision::quarter;
  if (s == "approx") return EventPrecision::approx;
  return EventPrecision::day;
}

EventRole role_of(std::string_view s) {
  if (s == "planned") return EventRole::planned;
  if (s == "context") return EventRole::context;
  return EventRole::status;
}

ParsedDate date_of(std::string_view s) {
  ParsedDate d;
  parse_date(s, d);
  return d;
}

Confidence confidence_of(const std::string& s) { return parse_confidence(s).value_or(Confidence::low); }

// The readers below see only rows that check_record accepted: every value is of its schema.

// The citation columns that every event, flow and trade row carries.
template <class Row>
void read_citation(Row& row, const Record& r) {
  row.confidence = confidence_of(r.get("confidence"));
  row.note = r.get("note");
  row.publisher = r.get("publisher");
  row.source_date = r.get("source_date");
  row.url = r.get("url");
}

EventRow event_of(const Record& r, const std::vector<std::string>& groups) {
  EventRow e;
  e.precision = precision_of(r.get("date_precision"));
  e.date_text = r.get("date");
  const ParsedDate d = date_of(e.date_text);
  e.date = e.precision == EventPrecision::month ? d.first.first_of_month() : d.first;
  e.end_text = r.get("end_date");
  if (!e.end_text.empty()) e.end_date = date_of(e.end_text).last;
  e.role = role_of(r.get("role"));
  e.gate_id = r.get("gate_id");
  e.group = contains(groups, e.gate_id);
  e.event = r.get("event");
  e.effect = event_effect(e.event).value_or(EventEffect{});
  e.initiated_by = r.get("initiated_by");
  read_citation(e, r);
  return e;
}

FlowRow flow_of(const Record& r) {
  FlowRow f;
  f.start_text = r.get("start");
  f.end_text = r.get("end");
  if (!f.start_text.empty()) f.start = date_of(f.start_text).first;
  const ParsedDate end = date_of(f.end_text);
  f.end = end.last;
  f.end_month = end.precision == DatePrecision::month;
  f.counted_by = r.get("counted_by");
  f.gate_id = r.get("gate_id");
  f.metric = r.get("metric");
  f.value = finite_number(r.get("value")).value_or(0);
  f.value_high = finite_number(r.get("value_high"));
  f.qualifier = r.get("qualifier");
  read_citation(f, r);
  return f;
}

TradeRow trade_of(const Record& r) {
  TradeRow t;
  t.start = date_of(r.get("start")).first;
  t.end = date_of(r.get("end")).last;
  t.scope = r.get("scope");
  t.metric = r.get("metric");
  t.value = finite_number(r.get("value")).value_or(0);
  t.unit = r.get("unit");
  t.usd_million_as_reported = finite_number(r.get("usd_million_as_reported"));
  t.yoy_pct = finite_number(r.get("yoy_pct"));
  t.basis = r.get("basis");
  read_citation(t, r);
  return t;
}

Membership membership_of(const Record& r) {
  Membership m;
  m.group_id = r.get("group_id");
  m.gate_id = r.get("gate_id");
  if (!r.get("from").empty()) m.from = date_of(r.get("from")).first;
  if (!r.get("to").empty()) m.to = date_of(r.get("to")).last;
  m.source = r.get("source");
  m.confidence = confidence_of(r.get("confidence"));
  return m;
}

// Reads each file of one schema: every row judged by check_record (geo/schema.hpp); the accepted
// ones handed to `take(record, file, line)`, the others recorded in `report` as skipped.
template <class Take>
void read_rows(const std::vector<std::string>& paths, Schema schema, const CsvReader& read, const KnownIds& ids,
               LoadReport& report, Take take) {
  for (const std::string& path : paths) {
    const CsvTable t = read(path);
    require_columns(t, schema);
    const std::vector<Record> records = records_of(t);
    std::vector<CheckProblem> problems;
    std::vector<bool> loaded;
    RecordState state;
    for (size_t i = 0; i < records.size(); ++i) {
      loaded.push_back(check_record(schema, records[i], ids, state, false, t.file, problems));
      if (loaded.back()) take(records[i], t.file, t.rows[i].line);
    }
    report.add(t.file, schema, loaded, problems);
  }
}

}  // namespace

// ---- loading ----------------------------------------------------------------------------------

Timeline load_timeline(const TimelineFiles& files, const TimelineOptions& options, const CsvReader& read) {
  Timeline tl;
  KnownIds ids;
  ids.checked = !options.gate_ids.empty();
  ids.pairs.insert(options.gate_ids.begin(), options.gate_ids.end());
  ids.context.insert(options.context_ids.begin(), options.context_ids.end());
  ids.pair_files = options.gate_files;
  read_rows(files.groups, Schema::groups, read, ids, tl.report_,
            [&](const Record& r, const std::string& file, int line) {
              Membership m = membership_of(r);
              m.file = file;
              m.line = line;
              tl.memberships_.push_back(std::move(m));
            });
  {
    std::unordered_set<std::string_view> seen;
    for (const Membership& m : tl.memberships_)
      if (seen.insert(m.group_id).second) tl.group_ids_.push_back(m.group_id);
  }
  ids.groups.insert(tl.group_ids_.begin(), tl.group_ids_.end());
  ids.group_files = files.groups;
  read_rows(files.events, Schema::events, read, ids, tl.report_,
            [&](const Record& r, const std::string& file, int line) {
              EventRow e = event_of(r, tl.group_ids_);
              e.file = file;
              e.line = line;
              tl.events_.push_back(std::move(e));
            });
  read_rows(files.flows, Schema::flows, read, ids, tl.report_, [&](const Record& r, const std::string& file, int line) {
    FlowRow f = flow_of(r);
    f.file = file;
    f.line = line;
    tl.flows_.push_back(std::move(f));
  });
  read_rows(files.trade, Schema::trade, read, ids, tl.report_, [&](const Record& r, const std::string& file, int line) {
    TradeRow x = trade_of(r);
    x.file = file;
    x.line = line;
    tl.trade_.push_back(std::move(x));
  });
  tl.problems_ = tl.report_.lines();
  tl.gate_ids_ = options.gate_ids;
  if (tl.gate_ids_.empty()) {
    std::unordered_set<std::string_view> seen;
    for (const Membership& m : tl.memberships_)
      if (seen.insert(m.gate_id).second) tl.gate_ids_.push_back(m.gate_id);
    for (const EventRow& e : tl.events_)
      if (!e.group && !contains(options.context_ids, e.gate_id) && seen.insert(e.gate_id).second)
        tl.gate_ids_.push_back(e.gate_id);
  }
  tl.build();
  return tl;
}

// ---- derived indices --------------------------------------------------------------------------

int Timeline::gate_index(std::string_view gate) const {
  const auto it = gate_index_.find(gate);
  return it == gate_index_.end() ? -1 : it->second;
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
  gate_index_.clear();
  gate_index_.reserve(gate_ids_.size());
  for (size_t g = 0; g < gate_ids_.size(); ++g) gate_index_.emplace(gate_ids_[g], static_cast<int>(g));  // first wins
  // The events of each gate, in one pass over the events (and a group's members for a group event),
  // rather than a pass over every event per gate: linear in gates + events.
  std::vector<std::vector<std::int32_t>> rows(gate_ids_.size());
  std::vector<int> members;
  for (size_t i = 0; i < events_.size(); ++i) {
    const EventRow& e = events_[i];
    if (e.annotation()) continue;
    members.clear();
    if (const int g = gate_index(e.gate_id); g >= 0) members.push_back(g);
    if (e.group)
      for (const Membership& m : memberships_)
        if (m.group_id == e.gate_id && m.contains(e.date))
          if (const int g = gate_index(m.gate_id); g >= 0) members.push_back(g);
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    for (int g : members) rows[static_cast<size_t>(g)].push_back(static_cast<std::int32_t>(i));
  }
  tracks_.assign(gate_ids_.size(), {});
  for (size_t g = 0; g < gate_ids_.size(); ++g) build_track(g, rows[g]);

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

  auto latest = [this](Date d) { as_of_ = as_of_ ? std::max(*as_of_, d) : d; };
  for (const EventRow& e : events_)
    if (e.role != EventRole::planned) latest(e.date);
  for (const FlowRow& f : flows_) latest(f.end_month ? f.end.first_of_month() : f.end);
  for (const TradeRow& t : trade_) latest(t.end);
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
    if (a.own)
      own = later(own, &a);
    else
      grp = later(grp, &a);
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

void Timeline::build_track(size_t gate, const std::vector<std::int32_t>& rows) {
  const std::string& id = gate_ids_[gate];
  std::vector<Applied> applied;
  std::vector<Date> boundaries;
  for (const std::int32_t i : rows) {
    const EventRow& e = events_[static_cast<size_t>(i)];
    applied.push_back(Applied{e.date, e.end_date, i, e.gate_id == id});
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
  if (as_of_ && d > *as_of_) {
    s.as_of = true;
    s.as_of_date = *as_of_;
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
  // Goods stopped while people still cross (a Tet stop): say which, not just "restricted".
  if (from != to && to == Status::restricted && cargo_to == Status::closed && passengers_to == Status::open)
    return "goods stopped, passengers open " + date.iso();
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
  // One series: figures counted by the same side only (a Vietnamese and a Chinese count never join).
  for (const FlowRow* f : flow_series(id, metric))
    if (f->counted_by == before->row->counted_by && f->first() > d && (!after || f->first() < after->first()))
      after = f;
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
