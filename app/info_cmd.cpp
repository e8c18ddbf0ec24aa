// `gatemap info`: layers, the frontier's lengths and every gate pair, as text or JSON.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli.hpp"
#include "app/data_source.hpp"
#include "geo/error.hpp"
#include "geo/layers.hpp"

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

}  // namespace

int run_info(const std::string& data_dir, bool json, const std::optional<std::string>& date) {
  geo::Scene scene;
  try {
    scene = load_scene(data_dir);
  } catch (const geo::Error& e) {
    std::cerr << "gatemap info: " << e.what() << "\n";
    return kExitFailure;
  }
  if (date) {
    std::cerr << "gatemap info: --date needs the time model, which this build does not have yet\n";
    return kExitUsage;
  }
  nlohmann::json j;
  j["layers"] = nlohmann::json::array();
  for (size_t i = 0; i < static_cast<size_t>(geo::LayerId::count); ++i) {
    auto id = static_cast<geo::LayerId>(i);
    nlohmann::json l;
    l["name"] = std::string(geo::layer_name(id));
    l["features"] = scene.feature_count(id);
    l["kind"] = geo::is_decoration(id) ? "decoration" : "map";
    j["layers"].push_back(l);
  }
  j["frontier"] = {{"geodesic_km", scene.frontier_geodesic_km},
                   {"official_km", scene.frontier_official_km},
                   {"vertices", scene.frontier_lonlat.size()},
                   {"note", "geodesic_km: computed on the WGS84 ellipsoid from the generalised OSM line shipped; "
                            "official_km: the post-demarcation figure quoted by Vietnamese sources"}};
  j["gates"] = nlohmann::json::array();
  for (const geo::GatePair& g : scene.gates) {
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
    gj["rows"] = nlohmann::json::array();
    for (const auto& r : g.rows) gj["rows"].push_back(point_json(r));
    j["gates"].push_back(gj);
  }
  if (!scene.problems.empty()) j["problems"] = scene.problems;

  if (json) {
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  std::printf("Layers:\n");
  for (const auto& l : j["layers"])
    std::printf("  %-12s %s%s\n", l["name"].get<std::string>().c_str(),
                l["kind"] == "decoration" ? "(decoration)" : "",
                l["kind"] == "decoration" ? "" : (std::to_string(l["features"].get<size_t>()) + " features").c_str());
  std::printf("Frontier: %.2f km on the generalised OSM line shipped (geodesic, WGS84); %.2f km officially\n",
              scene.frontier_geodesic_km, scene.frontier_official_km);
  std::printf("Gate pairs (%zu):\n", scene.gates.size());
  for (const geo::GatePair& g : scene.gates) {
    auto a = g.anchor();
    std::printf("  %-15s %-28s %-10s %-14s ", g.id.c_str(), g.name_vi.c_str(),
                g.name_zh.empty() ? "—" : g.name_zh.c_str(), g.kind.c_str());
    if (a) std::printf("%.5f, %.5f\n", a->lon, a->lat);
    else std::printf("location not found in sources\n");
  }
  for (const std::string& p : scene.problems) std::fprintf(stderr, "warning: %s\n", p.c_str());
  return kExitOk;
}

}  // namespace gatemap
