#include "app/view/frame_builder.hpp"

#include "geo/window.hpp"

#include "app/data/data_source.hpp"
#include "app/render/decorations.hpp"
#include "app/render/renderer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace gatemap {

namespace {

using render::GateFrameState;

GateFrameState::Status to_frame(geo::Status s) {
  switch (s) {
    case geo::Status::open: return GateFrameState::Status::open;
    case geo::Status::restricted: return GateFrameState::Status::restricted;
    case geo::Status::closed: return GateFrameState::Status::closed;
    case geo::Status::unknown: return GateFrameState::Status::unknown;
  }
  return GateFrameState::Status::unknown;
}

constexpr int kTransitionDays = 21;  // a change stays highlighted this long

void add_statuses(const geo::Scene& scene, const geo::Timeline& t, geo::Date d, render::FrameSnapshot& f) {
  f.gates.assign(scene.gates.size(), {});
  for (size_t i = 0; i < scene.gates.size(); ++i) {
    geo::GateStatus st = t.status_at(scene.gates[i].id, d);
    f.gates[i].status = to_frame(st.overall);
    f.gates[i].goods_stopped_passengers_open =
        st.cargo.status == geo::Status::closed && st.passengers.status == geo::Status::open;
  }
  for (const geo::Transition& tr : t.transitions(d, kTransitionDays)) {
    for (size_t i = 0; i < scene.gates.size(); ++i)
      if (scene.gates[i].id == tr.gate) {
        f.gates[i].transition = 1.0f;
        f.gates[i].change_label = tr.label();
      }
  }
  if (auto as_of = t.as_of_date(); as_of && d > *as_of)
    f.date_note = "statuses held as of " + as_of->iso() + " (date of the latest data)";
}

// Over a window: every gate that changed inside it is highlighted, labelled with all its changes.
void mark_window_changes(const geo::Scene& scene, const geo::Timeline& t, geo::DateWindow w, render::FrameSnapshot& f) {
  for (size_t i = 0; i < scene.gates.size() && i < f.gates.size(); ++i) {
    f.gates[i].transition = 0;
    f.gates[i].change_label.clear();
    for (const geo::Transition& tr : geo::changes_in_window(t, scene.gates[i].id, w)) {
      f.gates[i].transition = 1.0f;
      f.gates[i].change_label += (f.gates[i].change_label.empty() ? "" : ", ") + tr.label();
    }
  }
  const std::string note = "window " + w.label() + ": status at its end, changes inside it marked";
  f.date_note = f.date_note.empty() ? note : note + "; " + f.date_note;
}

// A comparison: the gates whose status differs at the other date are highlighted on both sides.
void highlight_differences(const geo::Scene& scene, const geo::Timeline& t, geo::Date d, geo::Date other,
                           render::FrameSnapshot& f) {
  for (size_t i = 0; i < scene.gates.size() && i < f.gates.size(); ++i) {
    const geo::GateStatus a = t.status_at(scene.gates[i].id, d), b = t.status_at(scene.gates[i].id, other);
    if (a.overall != b.overall || a.cargo.status != b.cargo.status || a.passengers.status != b.passengers.status)
      f.gates[i].highlight = 1;
  }
}

// The figure of a series the map shows: at a date the row whose own period contains it (a flow is
// never carried past its source); over a window the window rule's (geo/window.hpp).
struct ShownFigure {
  double value = 0;
  bool approximate = false;
};
struct FigureSource {
  const geo::Timeline& t;
  geo::Date d;
  const std::vector<geo::WindowFigure>* window = nullptr;  // set over a window

  std::optional<ShownFigure> flow(const std::string& id, const char* metric) const {
    if (window) {
      for (const geo::WindowFigure& w : *window)
        if (w.scope == id && w.metric == metric) return ShownFigure{w.value, w.rows.size() > 1 || w.value_high};
      return std::nullopt;
    }
    if (auto fig = t.flow_at(id, metric, d)) return ShownFigure{fig->row->value, !fig->row->qualifier.empty()};
    return std::nullopt;
  }
};

void add_flows(const geo::Scene& scene, const FigureSource& src, render::FrameSnapshot& f) {
  for (size_t i = 0; i < scene.gates.size(); ++i) {
    const std::string& id = scene.gates[i].id;
    render::FlowFrame ff;
    ff.gate = static_cast<int>(i);
    struct M {
      const char* metric;
      int dir;
      const char* what;
    };
    for (M m : {M{"cargo_vehicles_per_day", 0, "cargo vehicles/day"}, M{"vehicles_per_day", 0, "vehicles/day"},
                M{"export_vehicles_per_day", 1, "export vehicles/day"},
                M{"import_vehicles_per_day", 2, "import vehicles/day"}}) {
      if (auto fig = src.flow(id, m.metric)) {
        ff.vehicles_per_day = static_cast<float>(fig->value);
        ff.direction = m.dir;
        ff.label = (fig->approximate ? "≈" : "") + format_number(fig->value) + " " + m.what +
                   (src.window ? " (window mean)" : "");
        break;
      }
    }
    if (auto q = src.flow(id, "trucks_waiting")) {
      ff.trucks_waiting = static_cast<float>(q->value);
      ff.label += (ff.label.empty() ? "" : " · ") + format_number(q->value) + " trucks waiting";
    }
    if (ff.vehicles_per_day > 0 || ff.trucks_waiting > 0) f.flows.push_back(ff);
  }
}

std::optional<geo::XY> town_anchor(const geo::Scene& scene, const char* name) {
  for (const geo::LabelSpec& l : scene.labels)
    if (l.style == geo::LabelSpec::town && (l.line1 == name || l.line2 == name))
      return geo::XY{l.anchor[0], l.anchor[1]};
  return std::nullopt;
}

// Over a window: of the scope's import_export figures (one per basis and currency), the one whose
// rows cover the most days; its label says its coverage of the window.
std::optional<render::TradeFrame> window_trade(const std::vector<geo::WindowFigure>& figures, const char* scope,
                                               const char* name) {
  const geo::WindowFigure* best = nullptr;
  for (const geo::WindowFigure& w : figures)
    if (w.scope == scope && w.metric == "import_export" && (!best || w.covered_days > best->covered_days)) best = &w;
  if (!best) return std::nullopt;
  render::TradeFrame tf;
  tf.value = best->value;
  tf.unit = best->unit;
  const std::string unit = best->unit == "USD_million"   ? "million USD"
                           : best->unit == "CNY_million" ? "million CNY"
                                                         : best->unit;
  tf.label = std::string(name) + " " + best->first.iso() + "…" + best->last.iso() + ": " + format_number(best->value) +
             " " + unit + " (" + best->basis + ", " + std::to_string(best->rows.size()) +
             (best->rows.size() == 1 ? " row)" : " rows)");
  return tf;
}

void add_trade(const geo::Scene& scene, const geo::Timeline& t, geo::Date d, render::FrameSnapshot& f,
               const std::vector<geo::WindowFigure>* window = nullptr, std::optional<geo::DateWindow> w = {}) {
  const geo::Period year = geo::Period::containing(geo::Period::Kind::year, d);
  struct Scope {
    const char* id;
    const char* name;
    std::optional<geo::XY> at;
  };
  std::optional<geo::XY> hn;
  for (const geo::GateSymbol& g : scene.gate_symbols)
    if (!g.approximate && scene.gates[g.pair_index].id == "huu_nghi") {
      // Inside China, clear of the gate cluster: 6 km from the crossing along the flow path.
      const float* c = g.has_crossing ? g.crossing : g.path_a;
      hn = geo::XY{c[0] + 4.0 * (g.path_b[0] - c[0]), c[1] + 4.0 * (g.path_b[1] - c[1])};
    }
  const Scope scopes[] = {{"lang_son", "Lạng Sơn (VN)", town_anchor(scene, "Lạng Sơn")},
                          {"huu_nghi", "Youyiguan port (CN)", hn},
                          {"pingxiang_ports_cn", "Pingxiang ports (CN)", town_anchor(scene, "Pingxiang")}};
  for (const Scope& sc : scopes) {
    if (!sc.at) continue;
    if (window) {
      if (auto tf = window_trade(*window, sc.id, sc.name)) {
        tf->xy[0] = static_cast<float>(sc.at->x);
        tf->xy[1] = static_cast<float>(sc.at->y);
        const double ref = tf->unit == "CNY_million" ? 350000.0 : 50000.0;
        tf->radius_css = static_cast<float>(6 + 34 * std::sqrt(std::max(0.0, tf->value) / ref));
        f.trade.push_back(std::move(*tf));
      }
      continue;
    }
    std::vector<geo::TradeMatch> m = t.trade_for_period(sc.id, "import_export", year);
    if (m.empty()) continue;
    // One figure: the whole year if a source gives it, else the longest period within the year.
    const geo::TradeRow* best = nullptr;
    for (const geo::TradeMatch& x : m)
      if (!best || (x.exact && !(best->start == year.start && best->end == year.last())) ||
          (!x.exact && (x.row->end - x.row->start) > (best->end - best->start)))
        best = x.row;
    render::TradeFrame tf;
    tf.xy[0] = static_cast<float>(sc.at->x);
    tf.xy[1] = static_cast<float>(sc.at->y);
    tf.value = best->value;
    tf.unit = best->unit;
    const double ref = best->unit == "CNY_million" ? 350000.0 : 50000.0;  // about the largest figure of each unit
    tf.radius_css = static_cast<float>(6 + 34 * std::sqrt(std::max(0.0, best->value) / ref));
    const std::string period = (best->start == year.start && best->end == year.last())
                                   ? year.label()
                                   : best->start.iso() + "…" + best->end.iso();
    const std::string unit = best->unit == "USD_million"   ? "million USD"
                             : best->unit == "CNY_million" ? "million CNY"
                                                           : best->unit;
    tf.label =
        std::string(sc.name) + " " + period + ": " + format_number(best->value) + " " + unit + " (" + best->basis + ")";
    f.trade.push_back(std::move(tf));
  }
  if (!f.trade.empty())
    f.trade_legend = (w ? "Trade " + w->label() : "Trade " + year.label()) +
                     " (import + export): area ∝ value, per currency and basis";
}

std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string file_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

// "VnExpress, 2024-04-30" (with a low confidence said), or "no source named".
std::string source_of(const std::string& publisher, const std::string& source_date, geo::Confidence conf) {
  std::string s = publisher.empty() ? "no source named" : publisher;
  if (!source_date.empty()) s += ", " + source_date;
  if (conf == geo::Confidence::low) s += " (confidence low: ambiguous or contradicted)";
  return s;
}

std::string metric_words(const std::string& metric) {
  if (metric == "cargo_vehicles_per_day") return "cargo vehicles/day";
  if (metric == "vehicles_per_day") return "vehicles/day";
  if (metric == "export_vehicles_per_day") return "export vehicles/day";
  if (metric == "import_vehicles_per_day") return "import vehicles/day";
  if (metric == "trucks_waiting") return "trucks waiting";
  std::string w = metric;
  std::replace(w.begin(), w.end(), '_', ' ');
  return w;
}

// The card of a scene's `select`: names, the status at `d` with the row that set it and its
// source, and the figures whose own period contains `d` (none: said, never a zero).
render::GateCard gate_card(const geo::Scene& scene, const geo::Timeline& t, geo::Date d, int gate) {
  render::GateCard card;
  card.gate = gate;
  const geo::GatePair& g = scene.gates[static_cast<size_t>(gate)];
  card.name = g.name_vi;
  if (!g.name_zh.empty()) card.name += " – " + g.name_zh + (g.name_zh_status == "unconfirmed" ? " (?)" : "");
  const geo::GateStatus st = t.status_at(g.id, d);
  card.status = to_frame(st.overall);
  card.status_line = capitalised(geo::to_string(st.overall)) + " on " + d.iso();
  card.status_detail.push_back(std::string("cargo ") + geo::to_string(st.cargo.status) + " · passengers " +
                               geo::to_string(st.passengers.status) + (st.approximate ? " · approximate date" : ""));
  if (st.as_of) card.status_detail.push_back("held as of " + st.as_of_date.iso() + ": no later data");
  if (const geo::EventRow* e = st.set_by) {
    card.status_detail.push_back("set by " + e->date_text + " " + e->event + " (" + file_name(e->file) + ":" +
                                 std::to_string(e->line) + ") · " +
                                 source_of(e->publisher, e->source_date, e->confidence));
  } else {
    card.status_detail.push_back("no row of the data sets this gate's status");
  }
  for (const geo::FlowRow& f : t.flows()) {
    if (f.gate_id != g.id || !f.covers(d)) continue;
    const std::string period =
        f.start ? f.start_text + (f.start_text == f.end_text ? "" : " … " + f.end_text) : "… " + f.end_text;
    card.figures.push_back({(f.qualifier.empty() ? "" : f.qualifier + " ") + format_number(f.value) +
                                (f.value_high ? "–" + format_number(*f.value_high) : "") + " " + metric_words(f.metric),
                            period + " · " + source_of(f.publisher, f.source_date, f.confidence)});
  }
  if (card.figures.empty()) card.figures.push_back({"No figure for this day in the data", ""});
  return card;
}

}  // namespace

std::string format_number(double v) { return geo::grouped_number(v); }

std::optional<geo::Date> default_date(const geo::Timeline& t) { return t.as_of_date(); }

render::FrameSnapshot make_frame(const geo::Scene& scene, const ViewInputs& in) {
  render::FrameSnapshot f;
  f.camera = in.camera;
  f.pixel_scale = in.pixel_scale;
  f.layers = in.layers;
  f.hovered_gate = in.hovered_gate;
  f.selected_gate = in.selected_gate;
  f.title = in.title.empty() ? "Lạng Sơn – Guangxi frontier and border gates" : in.title;
  f.subtitle = "Biên giới Lạng Sơn – Quảng Tây · 谅山–广西边境";
  f.time_s = in.time_s;
  f.wall = in.wall;
  f.free_area = in.free_area;
  f.legend_for_range = in.legend_for_range;
  f.legend_band = in.legend_band;
  if (in.timeline) {
    std::optional<geo::Date> d = in.window ? in.window->to : in.date ? in.date : default_date(*in.timeline);
    if (d) {
      f.date_label = d->iso();
      if (in.layers.has(geo::LayerId::status)) {
        add_statuses(scene, *in.timeline, *d, f);
        if (in.window) mark_window_changes(scene, *in.timeline, *in.window, f);
        if (in.compare_with) highlight_differences(scene, *in.timeline, *d, *in.compare_with, f);
      }
      std::vector<geo::WindowFigure> window_figures;
      if (in.window && (in.layers.has(geo::LayerId::flows) || in.layers.has(geo::LayerId::trade)))
        window_figures = geo::window_figures(geo::figure_rows(*in.timeline), *in.window);
      const std::vector<geo::WindowFigure>* wf = in.window ? &window_figures : nullptr;
      if (in.layers.has(geo::LayerId::flows)) add_flows(scene, FigureSource{*in.timeline, *d, wf}, f);
      if (in.layers.has(geo::LayerId::trade)) add_trade(scene, *in.timeline, *d, f, wf, in.window);
      if (in.card_gate >= 0 && static_cast<size_t>(in.card_gate) < scene.gates.size())
        f.card = gate_card(scene, *in.timeline, *d, in.card_gate);
      if (in.legend_for_range && in.layers.has(geo::LayerId::trade) && !in.timeline->trade().empty())
        f.trade_legend = "Trade of the year shown (import + export): area ∝ value, per currency and basis";
    }
  }
  if (in.user_layers) {
    int next_gate = static_cast<int>(scene.gates.size());  // all_gates(): the scene's, then the layers'
    for (const UserLayer& l : *in.user_layers) {
      if (!l.visible) continue;
      const int first_gate = next_gate;
      next_gate += static_cast<int>(l.gates.size());
      if (!l.points.empty() || !l.segments.empty())
        f.user_legend.push_back((l.kind == UserLayer::Kind::gates ? "Your gates: " : "Your data: ") + l.name);
      for (size_t i = 0; i < l.points.size() && 2 * i + 1 < l.point_xy.size(); ++i) {
        render::UserMark m;
        m.xy[0] = l.point_xy[2 * i];
        m.xy[1] = l.point_xy[2 * i + 1];
        const UserPoint& p = l.points[i];
        m.label = p.label2.empty() ? p.label1 : p.label1 + "\n" + p.label2;
        for (size_t k = 0; k < l.gates.size(); ++k)
          if (!p.pair_id.empty() && l.gates[k].id == p.pair_id) m.gate = first_gate + static_cast<int>(k);
        if (in.timeline && !p.pair_id.empty() && in.layers.has(geo::LayerId::status) && !f.date_label.empty())
          if (auto d = geo::Date::parse(f.date_label))
            if (in.timeline->gate_index(p.pair_id) >= 0)
              m.status = to_frame(in.timeline->status_at(p.pair_id, *d).overall);
        f.user_marks.push_back(std::move(m));
      }
      f.user_segments.insert(f.user_segments.end(), l.segments.begin(), l.segments.end());
    }
  }
  return f;
}

std::pair<render::FrameSnapshot, render::FrameSnapshot> make_compare_frames(const geo::Scene& scene, ViewInputs in,
                                                                            geo::Date d1, geo::Date d2) {
  in.window.reset();
  in.date = d1, in.compare_with = d2;
  render::FrameSnapshot left = make_frame(scene, in);
  in.date = d2, in.compare_with = d1;
  return {std::move(left), make_frame(scene, in)};
}

std::string no_map_data_note(const geo::Scene& scene, const geo::BboxLL& box) {
  // The scene's extent in map metres (from its origin), once per call: a few hundred thousand
  // vertices at most, and only for a --bbox.
  float x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  auto add = [&](const std::vector<float>& xy) {
    for (size_t i = 0; i + 1 < xy.size(); i += 2)
      x0 = std::min(x0, xy[i]), x1 = std::max(x1, xy[i]), y0 = std::min(y0, xy[i + 1]), y1 = std::max(y1, xy[i + 1]);
  };
  add(scene.land.simplified.empty() ? scene.land.xy : scene.land.simplified.back().xy);
  for (const geo::LineLayer* l :
       {&scene.frontier, &scene.provinces, &scene.prefectures, &scene.rivers, &scene.roads, &scene.railways})
    if (!l->levels.empty()) add(l->levels.back().xy);
  for (const geo::PointFeature& t : scene.towns) add({t.xy[0], t.xy[1]});
  for (const geo::GateSymbol& g : scene.gate_symbols) add({g.path_a[0], g.path_a[1], g.path_b[0], g.path_b[1]});
  const geo::Camera cam = geo::fit_bbox(box, 1000, 1000);
  const geo::Rect r = cam.visible_rect();
  const bool inside = x0 <= x1 && r.x1 >= scene.origin.x + x0 && r.x0 <= scene.origin.x + x1 &&
                      r.y1 >= scene.origin.y + y0 && r.y0 <= scene.origin.y + y1;
  if (inside) return {};
  char text[160];
  std::snprintf(text, sizeof text, "no map data inside %.10g,%.10g,%.10g,%.10g", box.lon0, box.lat0, box.lon1,
                box.lat1);
  return text;
}

geo::BboxLL default_bbox(const geo::Scene& scene) { return geo::with_margin(scene.frontier_bbox, 0.05); }

geo::Camera fit_to_map_frame(const geo::Camera& full, const geo::BboxLL& box, float x0, float y0, float x1, float y1) {
  if (!(x1 > x0 && y1 > y0)) return full;
  geo::Camera c = geo::fit_bbox(box, static_cast<int>(x1 - x0), static_cast<int>(y1 - y0));
  // A camera of the whole image whose frame's centre shows the box's centre.
  c.centre.x -= ((x0 + x1) / 2.0 - full.width_px / 2.0) * c.m_per_px;
  c.centre.y += ((y0 + y1) / 2.0 - full.height_px / 2.0) * c.m_per_px;
  c.width_px = full.width_px, c.height_px = full.height_px;
  return c;
}

FittedView fit_view(const geo::Scene& scene, ViewInputs in, const geo::BboxLL& box) {
  in.camera = geo::fit_bbox(box, in.camera.width_px, in.camera.height_px);
  in.free_area = {};
  in.legend_band = render::FrameSnapshot::LegendBand::automatic;
  if (in.camera.width_px <= 0 || in.camera.height_px <= 0 || in.wall.primary_px > 0) return {in.camera};
  return fit_beside_legend(in.camera, box, render::prepare_text(scene, make_frame(scene, in))->legend_bands());
}

FittedView fit_view_in_free_area(const geo::Scene& scene, ViewInputs in, const geo::BboxLL& box) {
  const render::FrameSnapshot::Area a = in.free_area;
  const int W = in.camera.width_px, H = in.camera.height_px;
  const int aw = static_cast<int>(std::lround(a.x1 - a.x0)), ah = static_cast<int>(std::lround(a.y1 - a.y0));
  // A free area too small to hold a map (panels over nearly all of it) fits the whole frame.
  if (a.empty() || (aw >= W && ah >= H) || aw < 64 || ah < 64) return fit_view(scene, in, box);
  ViewInputs area = in;
  area.camera.width_px = aw, area.camera.height_px = ah;
  FittedView f = fit_view(scene, area, box);
  // The area's centre over the box's: map x grows with the pixel column, map y against the row.
  const double m = f.camera.m_per_px;
  f.camera.centre.x += (W / 2.0 - (a.x0 + a.x1) / 2.0) * m;
  f.camera.centre.y -= (H / 2.0 - (a.y0 + a.y1) / 2.0) * m;
  f.camera.width_px = W, f.camera.height_px = H;
  return f;
}

FittedView fit_compare_view(const geo::Scene& scene, ViewInputs in, const geo::BboxLL& box, geo::Date d1,
                            geo::Date d2) {
  using Band = render::FrameSnapshot::LegendBand;
  in.window.reset();
  in.date = d1, in.compare_with = d2;
  FittedView best = fit_view(scene, in, box);
  in.date = d2, in.compare_with = d1;
  const FittedView right = fit_view(scene, in, box);
  if (right.legend_band != Band::automatic &&
      (best.legend_band == Band::automatic || right.camera.m_per_px > best.camera.m_per_px))
    best = right;
  return best;
}

FittedView fit_beside_legend(const geo::Camera& full, const geo::BboxLL& box, const render::LegendBands& bands) {
  using Band = render::FrameSnapshot::LegendBand;
  const auto W = static_cast<float>(full.width_px), H = static_cast<float>(full.height_px);
  FittedView best{full};
  // The side that keeps the box largest (the finer scale); the right one when both are equal.
  if (bands.bottom > 0) best = {fit_to_map_frame(full, box, 0, 0, W, H - bands.bottom), Band::bottom};
  if (bands.right > 0) {
    const geo::Camera c = fit_to_map_frame(full, box, 0, 0, W - bands.right, H);
    if (best.legend_band == Band::automatic || c.m_per_px <= best.camera.m_per_px) best = {c, Band::right};
  }
  return best;
}

float export_pixel_scale(int width, int height, double dpi) {
  if (dpi > 0) return static_cast<float>(dpi / 96.0);
  return std::max(1.0f, static_cast<float>(std::min(width, height)) / 1080.0f);
}

}  // namespace gatemap
