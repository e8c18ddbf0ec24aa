#include "app/data_source.hpp"

#include <embedded_data.hpp>

#include <cstdio>
#include <mutex>

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
