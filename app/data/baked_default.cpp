// The baked default data (the scene blob and the embedded files, no GDAL): what the lean
// executable loads; load_data() (app/data/load_data.cpp) uses it when it is current.
#include "app/data/data_source.hpp"

#include <embedded_data.hpp>
#include <embedded_scene.hpp>

#include "geo/csv.hpp"
#include "geo/error.hpp"
#include "geo/scene_io.hpp"

namespace gatemap {

namespace {

// The default time model: the embedded CSV files, parsed straight from the binary's bytes and named
// as GDAL would see them (kEmbeddedDataDir/NAME), so that rows and messages cite the same files.
geo::Timeline embedded_timeline(const geo::Scene& scene) {
  const std::vector<std::string_view> names = gatemap_embedded_data_names();
  auto file = [&](std::string_view name) {
    for (std::string_view n : names)
      if (n == name) return std::string(kEmbeddedDataDir) + "/" + std::string(name);
    return std::string();
  };
  geo::TimelineFiles files;
  for (auto [list, name] : {std::pair{&files.events, "events.csv"}, std::pair{&files.flows, "flows.csv"},
                            std::pair{&files.trade, "trade.csv"}, std::pair{&files.groups, "groups.csv"}})
    if (std::string p = file(name); !p.empty()) list->push_back(p);
  geo::TimelineOptions opt;
  for (const geo::GatePair& g : scene.gates) opt.gate_ids.push_back(g.id);
  opt.context_ids = {"cb_ta_lung"};
  opt.gate_files = {std::string(kEmbeddedDataDir) + "/gate_pairs.csv", std::string(kEmbeddedDataDir) + "/gates.csv"};
  return geo::load_timeline(files, opt, [](const std::string& path) {
    const std::string_view name = std::string_view(path).substr(std::string_view(kEmbeddedDataDir).size() + 1);
    const std::span<const std::byte> bytes = gatemap_embedded_data(name);
    return geo::parse_csv(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), path);
  });
}

}  // namespace

std::optional<AppData> load_baked_default_data(std::string* why) {
  std::optional<geo::Scene> scene =
      geo::read_scene_blob(gatemap_embedded_scene("default_scene.bin"), embedded_data_hash(), why);
  if (!scene) return std::nullopt;
  AppData d;
  d.scene = std::move(*scene);
  d.timeline = embedded_timeline(d.scene);
  d.report = d.timeline.load_report();
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

}  // namespace gatemap
