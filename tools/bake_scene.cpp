// gatemap_bake_scene OUT: run by the build. Builds the scene of the default data exactly as the
// program does from its embedded files (GDAL reading them under /vsimem/, PROJ, GEOS), and writes
// it as a scene blob (geo/scene_io.hpp) stamped with the hash of those files. The blob is then
// embedded in the binary (data/CMakeLists.txt), so that an export of the default data needs
// neither GDAL nor GEOS nor PROJ at run time.
#include <embedded_data.hpp>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "app/data/data_source.hpp"
#include "geo/scene.hpp"
#include "geo/scene_io.hpp"
#include "geo/vector_io.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT.bin\n", argv[0]);
    return 2;
  }
  const std::filesystem::path out = argv[1];
  try {
    // As gatemap::embedded_data_dir() does, so that file names in the scene's messages match.
    const std::string dir = gatemap::kEmbeddedDataDir;
    for (std::string_view name : gatemap_embedded_data_names())
      geo::register_memory_file(dir + "/" + std::string(name), gatemap_embedded_data(name));
    geo::SceneSources src;
    src.data_dir = dir;
    const geo::Scene scene = geo::build_scene(src);
    const std::vector<std::byte> blob = geo::write_scene_blob(scene, gatemap::embedded_data_hash());
    // Written whole under a temporary name, then renamed: a failed bake leaves no blob behind.
    const std::filesystem::path tmp = out.string() + ".tmp";
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      f.write(reinterpret_cast<const char*>(blob.data()), static_cast<std::streamsize>(blob.size()));
      if (!f.flush()) throw std::runtime_error("cannot write " + tmp.string());
    }
    std::filesystem::rename(tmp, out);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gatemap_bake_scene: %s\n", e.what());
    return 1;
  }
  return 0;
}
