#include "app/view/strip_builder.hpp"

#include <embedded_data.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <span>
#include <sstream>

#include "app/data/data_source.hpp"
#include "app/view/frame_builder.hpp"
#include "geo/csv.hpp"

namespace gatemap {

namespace {

using Status = render::GateFrameState::Status;

Status to_frame(geo::Status s) {
  switch (s) {
    case geo::Status::open: return Status::open;
    case geo::Status::restricted: return Status::restricted;
    case geo::Status::closed: return Status::closed;
    default: return Status::unknown;
  }
}

// Vehicle flows drawn beside the columns: rates of road vehicles, one series per metric (the
// colour says the direction). Rail wagons and totals are other units: not drawn as these bars.
struct FlowMetric {
  const char* metric;
  const char* name;
  int colour;
};
constexpr FlowMetric kFlowMetrics[] = {{"cargo_vehicles_per_day", "cargo vehicles/day", 0},
                                       {"export_vehicles_per_day", "vehicles/day Việt Nam → China", 1},
                                       {"import_vehicles_per_day", "vehicles/day China → Việt Nam", 2}};

std::string flow_label(const geo::FlowRow& r) {
  std::string s = (r.qualifier.empty() ? "" : "≈") + format_number(r.value);
  if (r.value_high) s += "–" + format_number(*r.value_high);
  return s;
}

std::string humanise(std::string s) {
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

std::string unit_text(const std::string& unit) {
  if (unit == "USD_million") return "USD million";
  if (unit == "CNY_million") return "CNY million";
  return humanise(unit);
}

// The side panel: the province's and the ports' import + export figures, a lane per scope, unit
// and basis (never added up or converted), and the province-wide cargo vehicles per day.
std::vector<render::StripFrame::SideLane> side_lanes(const geo::Timeline& t) {
  std::vector<render::StripFrame::SideLane> lanes;
  struct Key {
    std::string scope, unit, basis;
    auto operator<=>(const Key&) const = default;
  };
  const std::map<std::string, std::string> scopes = {{"lang_son", "Lạng Sơn\nprovince trade"},
                                                     {"huu_nghi", "Hữu Nghị\nport trade (CN)"}};
  std::map<Key, std::vector<const geo::TradeRow*>> groups;
  for (const geo::TradeRow& r : t.trade())
    if (scopes.count(r.scope) && r.metric == "import_export") groups[{r.scope, r.unit, r.basis}].push_back(&r);
  for (const auto& [k, rows] : groups) {
    render::StripFrame::SideLane lane;
    lane.title = scopes.at(k.scope);
    lane.subtitle = "imports + exports\n" + unit_text(k.unit) + "\nbasis:\n" + humanise(k.basis);
    lane.series.name = lane.title;
    lane.series.colour = 3;
    for (const geo::TradeRow* r : rows)
      lane.series.bars.push_back({r->start.days(), r->end.days(), r->value, format_number(r->value)});
    lanes.push_back(std::move(lane));
  }
  render::StripFrame::SideLane vehicles;
  vehicles.title = "All Lạng Sơn\ngates";
  vehicles.subtitle = "cargo vehicles/day\n(figure over its period)";
  vehicles.series.colour = 0;
  for (const geo::FlowRow* r : t.flow_series("all_lang_son", "cargo_vehicles_per_day"))
    vehicles.series.bars.push_back({r->first().days(), r->end.days(), r->value, flow_label(*r)});
  if (!vehicles.series.bars.empty()) lanes.push_back(std::move(vehicles));
  // Longer periods first, so that a shorter one within them is drawn over them.
  for (auto& l : lanes)
    std::stable_sort(l.series.bars.begin(), l.series.bars.end(),
                     [](const auto& a, const auto& b) { return a.last - a.first > b.last - b.first; });
  return lanes;
}

// The last day a planned event covers: its end date, else the last day of the month or quarter
// its date names (a day or week: the day itself).
geo::Date planned_last_day(const geo::EventRow& e) {
  if (e.end_date) return *e.end_date;
  switch (e.precision) {
    case geo::EventPrecision::month: return e.date.add_months(1).add_days(-1);
    case geo::EventPrecision::quarter: return e.date.add_months(3).add_days(-1);
    default: return e.date;
  }
}

render::StripFrame::Column make_column(const geo::Scene& scene, const geo::Timeline& t, const geo::GateKmPost& k,
                                       geo::Date from, geo::Date to) {
  const geo::GatePair& g = scene.gates[k.pair];
  render::StripFrame::Column col;
  col.gate = static_cast<int>(k.pair);
  col.name1 = g.name_vi;
  col.name2 = g.name_zh.empty() ? std::string() : g.name_zh + (g.name_zh_status == "unconfirmed" ? " (?)" : "");
  col.km = k.km;
  col.approximate = k.approximate;
  for (const geo::StatusBand& b : geo::status_bands(t, g.id, from, to))
    col.bands.push_back({b.first.days(), b.last.days(), to_frame(b.status), b.approximate});
  std::vector<geo::Date> change_dates;
  for (const geo::Transition& tr : t.changes_of(g.id)) {
    if (tr.from == tr.to || tr.date < from || tr.date > to) continue;
    col.ticks.push_back({tr.date.days(), tr.label(), true});
    change_dates.push_back(tr.date);
  }
  for (const geo::EventRow* e : t.events_of(g.id)) {
    if (e->date < from || e->date > to) continue;
    if (e->role == geo::EventRole::planned) {  // its date as written: a quarter stays a quarter
      col.ticks.push_back({e->date.days(), "planned: " + humanise(e->event) + " (" + e->date_text + ")", false, true,
                           planned_last_day(*e).days()});
      continue;
    }
    if (std::find(change_dates.begin(), change_dates.end(), e->date) != change_dates.end()) continue;
    col.ticks.push_back({e->date.days(), humanise(e->event), false});
  }
  for (const FlowMetric& m : kFlowMetrics) {
    render::StripFrame::Series s;
    s.name = m.name;
    s.colour = m.colour;
    for (const geo::FlowRow* r : t.flow_series(g.id, m.metric))
      s.bars.push_back({r->first().days(), r->end.days(), r->value, flow_label(*r)});
    if (!s.bars.empty()) col.flows.push_back(std::move(s));
  }
  return col;
}

}  // namespace

geo::LayerSet strip_layers(geo::LayerSet layers) {
  geo::LayerSet out;
  for (geo::LayerId id :
       {geo::LayerId::frontier, geo::LayerId::status, geo::LayerId::flows, geo::LayerId::trade, geo::LayerId::title,
        geo::LayerId::legend, geo::LayerId::attribution, geo::LayerId::datestamp})
    out.set(id, layers.has(id));
  return out;
}

std::vector<geo::GateKmPost> strip_km_posts(const geo::Scene& scene,
                                            const std::vector<geo::DistrictStretch>& stretches) {
  const geo::FrontierRef line(scene.frontier_lonlat);
  return geo::gate_km_posts(scene.gates, line, stretches);
}

render::FrameSnapshot make_strip_frame(const geo::Scene& scene, const geo::Timeline& t, const StripInputs& in) {
  render::FrameSnapshot f;
  f.camera.width_px = in.width;
  f.camera.height_px = in.height;
  f.camera.m_per_px = 1;
  f.pixel_scale = in.pixel_scale;
  f.layers = strip_layers(in.layers);
  auto s = std::make_shared<render::StripFrame>();
  s->line_km = geo::FrontierRef(scene.frontier_lonlat).length_km();
  s->official_km = scene.frontier_official_km;
  const std::optional<geo::Date> as_of = t.as_of_date();
  const std::optional<geo::DateSpan> span = t.span();
  const geo::Date today = in.today.value_or(strip_today());
  geo::Date from = in.from ? *in.from : span ? span->first : today;
  geo::Date to = in.to ? *in.to : as_of ? std::max(*as_of, today) : today;
  if (to < from) std::swap(from, to);
  s->first_day = from.days();
  s->last_day = to.days();
  if (as_of && *as_of >= from && *as_of < to) s->as_of = as_of->days();
  if (today >= from && today <= to) s->today = today.days();
  for (const geo::DistrictStretch& d : in.stretches) s->stretches.push_back({d.district, d.from_km, d.to_km});
  for (const geo::GateKmPost& k : strip_km_posts(scene, in.stretches))
    s->columns.push_back(make_column(scene, t, k, from, to));
  std::sort(s->columns.begin(), s->columns.end(), [](const auto& a, const auto& b) { return a.km < b.km; });
  for (const auto& c : s->columns)
    for (const auto& sr : c.flows)
      for (const auto& b : sr.bars)
        if (b.last >= s->first_day && b.first <= s->last_day) s->flow_max = std::max(s->flow_max, b.value);
  s->side = side_lanes(t);
  std::erase_if(s->side, [&](const render::StripFrame::SideLane& l) {  // lanes with no figure on the axis
    return std::none_of(l.series.bars.begin(), l.series.bars.end(),
                        [&](const auto& b) { return b.last >= s->first_day && b.first <= s->last_day; });
  });
  s->hovered_column = in.hovered_gate;
  if (in.cursor) s->cursor = in.cursor->days();
  f.title = in.title.empty() ? "Lạng Sơn – Guangxi frontier: every gate over time" : in.title;
  f.subtitle =
      "Status of each gate pair at its place along the frontier (km-post × date) · " + from.iso() + " – " + to.iso();
  f.date_label = from.iso() + " – " + to.iso();
  if (s->as_of) f.date_note = "statuses held as of " + as_of->iso() + " (last dated event)";
  f.strip = std::move(s);
  return f;
}

std::vector<geo::DistrictStretch> load_district_stretches(const std::string& data_dir) {
  constexpr const char* kName = "district_stretches.csv";
  if (data_dir.empty()) {
    for (std::string_view n : gatemap_embedded_data_names())
      if (n == kName) {
        const std::span<const std::byte> bytes = gatemap_embedded_data(n);
        return geo::district_stretches(
            geo::parse_csv(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                           std::string(kEmbeddedDataDir) + "/" + kName));
      }
    return {};
  }
  const std::filesystem::path p = std::filesystem::path(data_dir) / kName;
  std::ifstream f(p, std::ios::binary);
  // A planner's folder on top of the default data keeps the default frontier and its stretches.
  std::error_code ec;
  if (!f)
    return std::filesystem::exists(std::filesystem::path(data_dir) / "frontier.geojson", ec)
               ? std::vector<geo::DistrictStretch>{}
               : load_district_stretches({});
  std::ostringstream text;
  text << f.rdbuf();
  return geo::district_stretches(geo::parse_csv(text.str(), p.string()));
}

geo::Date strip_today() {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const geo::Date clock(static_cast<std::int32_t>(now.time_since_epoch().count()));
  return std::max(clock, geo::Date::from_ymd(2026, 12, 7));
}

}  // namespace gatemap
