// The version of the embedded data: a hash of the files, shared by the program and by the build's
// scene baker (tools/bake_scene.cpp), which stamps the baked scene with it.
#include <embedded_data.hpp>

#include <cstdio>

#include "app/data/data_source.hpp"
#include "geo/scene_io.hpp"

namespace gatemap {

std::uint64_t embedded_data_hash() {
  // Computed once: about a megabyte, hashed byte by byte.
  static const std::uint64_t hash = [] {
    geo::Fnv1a h;
    for (std::string_view name : gatemap_embedded_data_names()) {
      h.add(name);
      h.add(gatemap_embedded_data(name));
    }
    return h.value();
  }();
  return hash;
}

std::string data_version() {
  char buf[32];
  std::snprintf(buf, sizeof buf, "data-%016llx", static_cast<unsigned long long>(embedded_data_hash()));
  return buf;
}

}  // namespace gatemap
