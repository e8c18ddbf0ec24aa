// `gatemap info`: layers, the frontier's lengths and every gate pair, as text or JSON.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli/cli.hpp"
#include "app/data/data_folders.hpp"
#include "app/data/data_source.hpp"
#include "geo/error.hpp"
#include "geo/layers.hpp"
#include "geo/timeline.hpp"
#include "geo/window.hpp"

namespace gatemap {

namespace {

nlohmann::json point_json(const std::optional<geo::GatePoint>& p) {
  if (!p) return nullptr;
  nlohmann::json j;
  if (p->pos) {
    j["lon"] = p->pos->lon;
    j["lat"] = p->pos->lat;
  } else {
    j["lon"] = nullptr;
    j["lat"] = nullptr;
  }
  j["confidence"] = geo::to_string(p->confidence);
  j["id"] = p->row_id;
  j["source"] = p->source;
  return j;
}

nlohmann::json side_json(const std::optional<geo::GatePoint>& p) {
  // A side with no coordinate is null (its row, if any, is listed under "rows").
  if (!p || !p->pos) return nullptr;
  return point_json(p);
}

// Pads UTF-8 text to a width in terminal columns (CJK characters take two).
std::string pad(const std::string& s, int width) {
  int cols = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = c < 0x80 ? c : c < 0xE0 ? (c & 0x1F) : c < 0xF0 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    const bool combining = cp >= 0x300 && cp < 0x370;
    cols += combining ? 0 : (cp >= 0x2E80 && cp < 0xA000) || (cp >= 0xF900 && cp < 0xFB00) ? 2 : 1;
    i += static_cast<size_t>(len);
  }
  return s + std::string(static_cast<size_t>(std::max(1, width - cols)), ' ');
}

}  // namespace

namespace {

nlohmann::json figure_json(const geo::WindowFigure& f, const std::vector<geo::FigureRow>& rows) {
  nlohmann::json j = {{"scope", f.scope},
                      {"metric", f.metric},
                      {"basis", f.basis},
                      {"unit", f.unit},
                      {"aggregation", geo::to_string(f.aggregation)},
                      {"value", f.value},
                      {"value_high", f.value_high ? nlohmann::json(*f.value_high) : nlohmann::json(nullptr)},
                      {"period", f.first.iso() + "/" + f.last.iso()},
                      {"covered_days", f.covered_days},
                      {"window_days", f.window.days()},
                      {"description", f.describe()}};
  j["rows"] = nlohmann::json::array();
  for (size_t i : f.rows)
    j["rows"].push_back({{"file", std::filesystem::path(rows[i].file).filename().string()},
                         {"line", rows[i].line},
                         {"value", rows[i].value},
                         {"url", rows[i].url}});
  return j;
}

}  // namespace

int run_info(const std::string& data_dir, bool json, const std::optional<geo::Date>& date_opt,
             const std::optional<geo::DateWindow>& window) {
  // Over a window the statuses are those of its last day, with the window's changes.
  const std::optional<geo::Date> date = window ? std::optional(window->to) : date_opt;
  AppData data;
  try {
    data = load_data(data_dir);
  } catch (const std::exception& e) {  // geo::Error, or a file system failure
    std::cerr << "gatemap info: " << e.what() << "\n";
    return kExitFailure;
  }
  const geo::Scene& scene = data.scene;
  nlohmann::json j;
  j["layers"] = nlohmann::json::array();
  for (size_t i = 0; i < static_cast<size_t>(geo::LayerId::count); ++i) {
    auto id = static_cast<geo::LayerId>(i);
    nlohmann::json l;
    l["name"] = std::string(geo::layer_name(id));
    l["features"] = layer_feature_count(data, id);
    l["kind"] = geo::is_decoration(id) ? "decoration" : "map";
    j["layers"].push_back(l);
  }
  j["frontier"] = {{"geodesic_km", scene.frontier_geodesic_km},
                   {"official_km", scene.frontier_official_km},
                   {"vertices", scene.frontier_lonlat.size()},
                   {"note",
                    "geodesic_km: computed on the WGS84 ellipsoid from the generalised OSM line shipped; "
                    "official_km: the post-demarcation figure quoted by Vietnamese sources"}};
  j["gates"] = nlohmann::json::array();
  // The built-in gates, then the planner's own (--data DIR of their files), each with its status.
  const std::vector<GateRef> gates = all_gates(data);
  for (const GateRef& ref : gates) {
    const geo::GatePair& g = *ref.pair;
    nlohmann::json gj;
    gj["id"] = g.id;
    gj["name_vi"] = g.name_vi;
    gj["name_zh"] = g.name_zh;
    gj["name_zh_status"] = g.name_zh_status;
    gj["name_en"] = g.name_en;
    gj["kind"] = g.kind;
    gj["district"] = g.district;
    gj["vn"] = side_json(g.vn);
    gj["cn"] = side_json(g.cn);
    gj["crossing"] = side_json(g.crossing);
    gj["located"] = g.located();
    if (ref.layer) gj["file"] = ref.layer->path;  // a planner's gate: the file it came from
    gj["rows"] = nlohmann::json::array();
    for (const auto& r : g.rows) gj["rows"].push_back(point_json(r));
    if (date) {
      const geo::GateStatus st = data.timeline.status_at(g.id, *date);
      gj["status"] = geo::to_string(st.overall);
      gj["cargo"] = geo::to_string(st.cargo.status);
      gj["passengers"] = geo::to_string(st.passengers.status);
      if (st.set_by)
        gj["set_by"] = {{"date", st.set_by->date_text},
                        {"event", st.set_by->event},
                        {"file", file_label(data, st.set_by->file)},
                        {"line", st.set_by->line}};
      else
        gj["set_by"] = nullptr;
      gj["approximate"] = st.approximate;
      gj["as_of"] = st.as_of ? nlohmann::json(st.as_of_date.iso()) : nlohmann::json(nullptr);
      if (window) {
        gj["changes"] = nlohmann::json::array();
        for (const geo::Transition& x : geo::changes_in_window(data.timeline, g.id, *window))
          gj["changes"].push_back({{"date", x.date.iso()},
                                   {"label", x.label()},
                                   {"from", geo::to_string(x.from)},
                                   {"to", geo::to_string(x.to)}});
      }
    }
    j["gates"].push_back(gj);
  }
  if (date) j["date"] = date->iso();
  const std::vector<geo::FigureRow> figure_rows = geo::figure_rows(data.timeline);
  std::vector<geo::WindowFigure> figures;
  if (window) {
    j["window"] = {{"from", window->from.iso()}, {"to", window->to.iso()}, {"days", window->days()}};
    figures = geo::window_figures(figure_rows, *window);
    j["figures"] = nlohmann::json::array();
    for (const geo::WindowFigure& f : figures) j["figures"].push_back(figure_json(f, figure_rows));
  }
  if (auto as_of = data.timeline.as_of_date()) j["data_as_of"] = as_of->iso();
  if (!data.problems.empty()) j["problems"] = data.problems;
  j["data_folders"] = data_folders_read(data_dir);  // what load_data read, bottom first

  if (json) {
    for (const std::string& p : data.problems) std::fprintf(stderr, "warning: %s\n", p.c_str());
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  std::printf("Layers:\n");
  for (const auto& l : j["layers"])
    std::printf("  %-12s %s%s\n", l["name"].get<std::string>().c_str(), l["kind"] == "decoration" ? "(decoration)" : "",
                l["kind"] == "decoration" ? "" : (std::to_string(l["features"].get<size_t>()) + " features").c_str());
  std::printf("Frontier: %.2f km on the generalised OSM line shipped (geodesic, WGS84); %.2f km officially\n",
              scene.frontier_geodesic_km, scene.frontier_official_km);
  std::printf("Gate pairs (%zu):\n", gates.size());
  for (const GateRef& ref : gates) {
    const geo::GatePair& g = *ref.pair;
    auto a = g.anchor();
    std::printf("  %s%s%s%s", pad(g.id, 16).c_str(), pad(g.name_vi, 25).c_str(),
                pad(g.name_zh.empty() ? "—" : g.name_zh, 8).c_str(), pad(g.kind, 14).c_str());
    if (a)
      std::printf("%.5f, %.5f", a->lon, a->lat);
    else
      std::printf("location not found in sources");
    if (date) {
      const geo::GateStatus st = data.timeline.status_at(g.id, *date);
      std::printf("  %s (cargo %s, passengers %s)", geo::to_string(st.overall), geo::to_string(st.cargo.status),
                  geo::to_string(st.passengers.status));
      if (st.set_by)
        std::printf(" set by %s %s, %s:%d", st.set_by->date_text.c_str(), st.set_by->event.c_str(),
                    file_label(data, st.set_by->file).c_str(), st.set_by->line);
      if (st.as_of) std::printf(" [as of %s]", st.as_of_date.iso().c_str());
      if (window)
        for (const geo::Transition& x : geo::changes_in_window(data.timeline, g.id, *window))
          std::printf("; %s", x.label().c_str());
    }
    if (ref.layer) std::printf("  (yours: %s)", ref.layer->path.c_str());
    std::printf("\n");
  }
  if (window) {
    std::printf("Figures over %s (%zu; rule: docs/exports.md):\n", window->label().c_str(), figures.size());
    for (const geo::WindowFigure& f : figures) std::printf("  %s\n", f.describe().c_str());
  }
  // The same date as `data_as_of` of --json: the latest dated row (planned events and end dates excluded).
  if (auto as_of = data.timeline.as_of_date()) std::printf("Data as of: %s\n", as_of->iso().c_str());
  std::string folders;
  for (const std::string& f : data_folders_read(data_dir)) folders += (folders.empty() ? "" : ", ") + f;
  std::printf("Data read from: %s\n", folders.c_str());
  for (const std::string& p : data.problems) std::fprintf(stderr, "warning: %s\n", p.c_str());
  return kExitOk;
}

}  // namespace gatemap
