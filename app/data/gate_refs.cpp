// The gate pairs shown (built-in and planners' own) and how a row's file is named to the user.
#include <filesystem>

#include "app/data/data_source.hpp"

namespace gatemap {

std::vector<GateRef> all_gates(const geo::Scene& scene, const std::vector<UserLayer>* user_layers) {
  std::vector<GateRef> out;
  out.reserve(scene.gates.size());
  for (const geo::GatePair& g : scene.gates) out.push_back({&g, nullptr});
  if (user_layers)
    for (const UserLayer& l : *user_layers)
      if (l.visible)
        for (const geo::GatePair& g : l.gates) out.push_back({&g, &l});
  return out;
}

std::vector<GateRef> all_gates(const AppData& data) { return all_gates(data.scene, &data.user_layers); }

std::string file_label(const AppData& data, const std::string& file) {
  for (const UserLayer& l : data.user_layers)
    if (l.path == file) return file;
  return std::filesystem::path(file).filename().string();
}

}  // namespace gatemap
