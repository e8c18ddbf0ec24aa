// The entry points of libgatemap_full.so, the full program (info, check, GDAL, GeoTIFF, and the
// whole window too, as tests and the previous layout had it), which the lean `gatemap` executable
// loads for every command it and the window module do not run themselves (app/commands/lean.cpp),
// and the window module for what needs GDAL (app/data/full_bridge.hpp). Exported alone; the
// module's other symbols stay its own.
#include "app/cli/cli.hpp"
#include "app/data/full_bridge.hpp"
#include "app/data/user_data.hpp"

extern "C" __attribute__((visibility("default"))) int gatemap_full_main(int argc, char** argv) {
  return gatemap::run_cli(argc, argv);
}

extern "C" __attribute__((visibility("default"))) const gatemap::FullBridge* gatemap_full_bridge() {
  static const gatemap::FullBridge bridge = [] {
    gatemap::FullBridge b;
    b.load_data = [](const std::string& dir) { return gatemap::load_data(dir); };
    b.add_user_files = [](gatemap::AppData& data, const std::string& path) {
      return gatemap::add_user_files(data, path);
    };
    b.rebuild_timeline = [](gatemap::AppData& data) { gatemap::rebuild_timeline(data); };
    b.export_backend = [] { return gatemap::full_export_backend(); };
    return b;
  }();
  return &bridge;
}
