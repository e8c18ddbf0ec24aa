// Loading data through GDAL: the embedded files under /vsimem/, folders given with --data, and
// the planners' own files. The baked default (app/data/baked_default.cpp) is used when it is current.
#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include <memory>
#include <string>
#include <vector>

#include <embedded_data.hpp>

#include "app/data/data_folders.hpp"
#include "app/data/data_source.hpp"
#include "app/data/user_data.hpp"
#include "geo/csv.hpp"
#include "geo/error.hpp"
#include "geo/vector_io.hpp"

namespace gatemap {

const std::string& embedded_data_dir() {
  static const std::string dir = [] {
    const std::string d = kEmbeddedDataDir;
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

namespace {

// One folder given with --data (empty: the built-in default).
AppData load_folder(const std::string& dir) {
  if (!dir.empty() && !is_complete_dataset(dir)) {
    // A folder of the planner's own files: the default data with these as separate layers.
    AppData d = load_folder({});
    std::vector<UserLayer> layers = load_user_files(dir, builtin_ids(d.scene));
    for (UserLayer& l : layers) {
      project_user_layer(l, d.scene);
      d.user_layers.push_back(std::move(l));
    }
    rebuild_timeline(d);
    return d;
  }
  if (dir.empty())
    if (std::optional<AppData> baked = load_baked_default_data()) return std::move(*baked);
  AppData d;
  d.dir = dir;
  if (!dir.empty()) {  // a complete dataset is read whole, as a planner's folder is (geo/limits.hpp)
    std::vector<std::string> files;
    std::unique_ptr<char*, void (*)(char**)> names(VSIReadDir(dir.c_str()), CSLDestroy);
    for (char** n = names.get(); n && *n; ++n) {
      const std::string ext = CPLGetExtension(*n);
      if (EQUAL(ext.c_str(), "csv") || EQUAL(ext.c_str(), "geojson") || EQUAL(ext.c_str(), "json") ||
          EQUAL(ext.c_str(), "gpkg"))
        files.push_back(dir + "/" + *n);
    }
    geo::refuse_oversized_folder(dir, files);
  }
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
  opt.gate_files = {root + "/gate_pairs.csv", root + "/gates.csv"};
  d.timeline = geo::load_timeline(file("events.csv"), file("flows.csv"), file("trade.csv"), file("groups.csv"), opt);
  d.report = d.timeline.load_report();
  d.problems = d.scene.problems;
  for (const std::string& p : d.timeline.problems()) d.problems.push_back(p);
  return d;
}

}  // namespace

AppData load_data(const std::string& dir) {
  // An installed gatemap's data folders, then `dir` (app/data/data_folders.hpp).
  const std::vector<std::string> folders = data_folders_read(dir);
  if (folders.size() == 1) return load_folder(folders[0] == kBuiltinData ? std::string() : folders[0]);
  if (folders.size() == 2 && folders[0] == kBuiltinData) return load_folder(folders[1]);
  // Stacked: the bottom one as --data would load it, each folder above it as layers on top.
  AppData d = load_folder(folders[0] == kBuiltinData ? std::string() : folders[0]);
  for (size_t i = 1; i < folders.size(); ++i) {
    std::vector<UserLayer> layers = load_user_files(folders[i], builtin_ids(d.scene));
    for (UserLayer& l : layers) {
      project_user_layer(l, d.scene);
      d.user_layers.push_back(std::move(l));
    }
  }
  rebuild_timeline(d);
  return d;
}

}  // namespace gatemap
