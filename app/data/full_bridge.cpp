// The window module's side of app/data/full_bridge.hpp: the functions that the window and the
// panels call (declared in app/data/user_data.hpp, app/data/data_source.hpp, app/cli/cli.hpp,
// app/commands/export.hpp), defined here so that they reach GDAL only through the full module,
// loaded on the first call that needs it. The full module defines the same functions itself.
#include "app/data/full_bridge.hpp"

#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "app/cli/cli.hpp"
#include "app/commands/modules.hpp"
#include "app/data/data_folders.hpp"
#include "app/data/user_data.hpp"
#include "geo/error.hpp"

namespace gatemap {

const FullBridge& full_bridge() {
  static const FullBridge* const bridge = [] {
    std::string errors;
    using Entry = const FullBridge* (*)();
    auto entry = reinterpret_cast<Entry>(module_symbol(kFullModule, "gatemap_full_bridge", errors));
    const FullBridge* b = entry ? entry() : nullptr;
    if (b && b->version != kFullBridgeVersion) {
      errors += "\n  " + std::string(kFullModule) + " is of another build (bridge version " +
                std::to_string(b->version) + ", " + std::to_string(kFullBridgeVersion) + " expected)";
      b = nullptr;
    }
    const BridgeStamp mine;
    if (b && (std::string_view(b->stamp.build) != mine.build || b->stamp.app_data != mine.app_data ||
              b->stamp.export_options != mine.export_options || b->stamp.export_backend != mine.export_backend ||
              b->stamp.user_layer != mine.user_layer)) {
      errors += "\n  " + std::string(kFullModule) + " is of another build (" + b->stamp.build + ", this window " +
                mine.build + ")";
      b = nullptr;
    }
    // One line (geo::Error escapes line breaks): the reasons after "; ".
    for (size_t at = errors.find("\n  "); at != std::string::npos; at = errors.find("\n  ", at))
      errors.replace(at, 3, "; ");
    if (!b)
      throw geo::Error(kFullModule, "",
                       "cannot be loaded (beside the gatemap executable or in ../lib/gatemap/); the window needs it "
                       "for --data, the data folders, a planner's files, GeoTIFF and state files: reinstall gatemap" +
                           errors);
    return b;
  }();
  return *bridge;
}

AppData load_data(const std::string& dir) {
  // The built-in default alone (no --data, no installed data folder with a file): its baked
  // scene, as the full module's load_data would take it, without loading GDAL.
  const std::vector<std::string> folders = data_folders_read(dir);
  if (folders.size() == 1 && folders[0] == kBuiltinData)
    if (std::optional<AppData> baked = load_baked_default_data()) return std::move(*baked);
  return full_bridge().load_data(dir);
}

std::string add_user_files(AppData& data, const std::string& path) {
  const FullBridge* bridge = nullptr;
  try {
    bridge = &full_bridge();
  } catch (const geo::Error& e) {
    return "could not load " + path + ": " + e.what();  // as add_user_files says a file it cannot read
  }
  return bridge->add_user_files(data, path);
}

void rebuild_timeline(AppData& data) { full_bridge().rebuild_timeline(data); }

// The Export dialog's backend: data as above; GeoTIFF and state files by the full module's.
ExportBackend full_export_backend() {
  ExportBackend b;
  b.load_data = [](const std::string& dir) { return load_data(dir); };
  b.write_geotiff = [](const std::filesystem::path& path, int width, int height, const exporter::GeoTiffOptions& o,
                       bool force, const std::function<void(const exporter::RowSink&)>& render) {
    full_bridge().export_backend().write_geotiff(path, width, height, o, force, render);
  };
  b.write_state = [](const ExportOptions& opt, const AppData& data, ImageFormat format) {
    full_bridge().export_backend().write_state(opt, data, format);
  };
  return b;
}

void export_view(const ExportOptions& opt, const AppData& data, render::Renderer& renderer, const ViewInputs& view) {
  export_view_with(opt, data, renderer, view, full_export_backend());
}

// The window module runs `run` and `present` only (the lean executable sends every other command
// to the full module); cli.cpp's other commands are linked here and say so if ever reached.
namespace {
int not_here(const char* command) {
  throw std::logic_error(std::string("gatemap ") + command + " runs in " + kFullModule + ", not in " + kWindowModule);
}
}  // namespace

int run_export(const ExportOptions&) { return not_here("export"); }
int run_info(const std::string&, bool, const std::optional<geo::Date>&, const std::optional<geo::DateWindow>&) {
  return not_here("info");
}
int run_check(const std::vector<std::string>&, const std::string&) { return not_here("check"); }

}  // namespace gatemap

// The module's entry, called by the lean executable for `run` and `present` (app/commands/lean.cpp).
extern "C" __attribute__((visibility("default"))) int gatemap_window_main(int argc, char** argv) {
  return gatemap::run_cli(argc, argv);
}
