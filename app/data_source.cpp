#include "app/data_source.hpp"

#include <embedded_data.hpp>

#include <cstdio>
#include <mutex>

#include <cpl_vsi.h>

#include "app/user_data.hpp"
#include "geo/error.hpp"
#include "geo/vector_io.hpp"

namespace gatemap {

const std::string& embedded_data_dir() {
  static const std::string dir = [] {
    const std::string d = "/vsimem/gatemap/data";
    for (std::string_view name : gatemap_embedded_data_names())
      geo::register_memory_file(d + "/" + std::string(name), gatemap_embedded_data(name));
    return d;
  }();
  return dir;
}

geo::Scene load_scene(const std::string& dir) {
  geo::SceneSources src;
  src.data_dir = dir.empty() ? embedded_data_dir() : dir;
  return geo::build_scene(src);
}

AppData load_data(const std::string& dir) {
  if (!dir.empty() && !is_complete_dataset(dir)) {
    // A folder of the planner's own files: the default data with these as separate layers.
    AppData d = load_data({});
    std::vector<UserLayer> layers = load_user_files(dir);
    for (UserLayer& l : layers) {
      project_user_layer(l, d.scene);
      d.user_layers.push_back(std::move(l));
    }
    if (std::string err = rebuild_timeline(d); !err.empty()) throw geo::Error(dir, "", err);
    for (const UserLayer& l : d.user_layers)
      for (const std::string& p : l.problems) d.problems.push_back(p);
    return d;
  }
  AppData d;
  d.dir = dir;
  d.scene = load_scene(dir);
  const std::string root = dir.empty() ? embedded_data_dir() : dir;
  auto file = [&](const char* name) {
    const std::string p = root + "/" + name;
    VSIStatBufL st;
    return VSIStatL(p.c_str(), &st) == 0 ? p : std::string();
  };
  geo::TimelineOptions opt;
  for (const geo::GatePair& g : d.scene.gates) opt.gate_ids.push_back(g.id);
  opt.context_ids = {"cb_ta_lung"};
  d.timeline = geo::load_timeline(file("events.csv"), file("flows.csv"), file("trade.csv"), file("groups.csv"), opt);
  d.problems = d.scene.problems;
  for (const std::string& p : d.timeline.problems()) d.problems.push_back(p);
  return d;
}

size_t layer_feature_count(const AppData& data, geo::LayerId id) {
  switch (id) {
    case geo::LayerId::status: return data.timeline.events().size();
    case geo::LayerId::flows: return data.timeline.flows().size();
    case geo::LayerId::trade: return data.timeline.trade().size();
    default: return data.scene.feature_count(id);
  }
}

std::string data_version() {
  // FNV-1a over the embedded files: changes whenever the shipped data changes.
  uint64_t h = 1469598103934665603ull;
  for (std::string_view name : gatemap_embedded_data_names()) {
    for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    for (std::byte b : gatemap_embedded_data(name)) h = (h ^ static_cast<unsigned char>(b)) * 1099511628211ull;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "data-%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace gatemap
