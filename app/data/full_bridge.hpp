#pragma once
// What the window module (libgatemap_window.so: the window and `gatemap present`, without GDAL,
// PROJ or GEOS) asks of the full program (libgatemap_full.so), which it loads on first need
// (app/commands/modules.hpp): a data folder read through GDAL (`--data`, an installed gatemap's
// data folders, a file that appears in a watched folder), a planner's own files, a GeoTIFF or a
// state file from the Export dialog. The built-in default data needs none of it (its baked
// scene: app/data/baked_default.cpp), so a wall showing it never loads GDAL's ~128 libraries.
//
// Both modules are built from the same sources and headers, against the same libstdc++, so the
// types handed over (AppData, ExportBackend, std::string) have one layout; what the full module
// allocates is freed through the same malloc; its exceptions (geo::Error, exporter::ExportError)
// are caught by type in the window module (libstdc++ compares type_info by name). The full module
// is never unloaded, so the code behind what it returns (std::function targets, vtables) stays.
#include <cstddef>
#include <string>

#include "app/commands/export.hpp"
#include "app/data/data_source.hpp"

namespace gatemap {

#ifndef GATEMAP_BUILD_STAMP
#error "GATEMAP_BUILD_STAMP is defined for full_module.cpp and full_bridge.cpp by app/CMakeLists.txt"
#endif

// Raised whenever a member's signature or meaning changes (read before any other member).
inline constexpr int kFullBridgeVersion = 2;

// The build both modules come from: the version and a nonce drawn at each configure of the build
// (app/CMakeLists.txt), so that a full module of another build — a package upgraded under a wall
// that has run for days and loads the full module only now — is refused, whatever its types'
// layouts; and the sizes of the types that cross, as a check within one build tree.
struct BridgeStamp {
  const char* build = GATEMAP_BUILD_STAMP;
  std::size_t app_data = sizeof(AppData), export_options = sizeof(ExportOptions),
              export_backend = sizeof(ExportBackend), user_layer = sizeof(UserLayer);
};

struct FullBridge {
  int version = kFullBridgeVersion;
  BridgeStamp stamp;
  AppData (*load_data)(const std::string& dir) = nullptr;                           // app/data/load_data.cpp
  std::string (*add_user_files)(AppData& data, const std::string& path) = nullptr;  // app/data/user_data.hpp
  void (*rebuild_timeline)(AppData& data) = nullptr;                                // app/data/user_data.hpp
  ExportBackend (*export_backend)() = nullptr;                                      // full_export_backend()
};

// The window module's side: the full module's table, loaded on the first call (thread-safe).
// Throws geo::Error (file libgatemap_full.so) when it cannot be loaded, which the window's callers
// report as a data file they cannot read: the last good state stays.
const FullBridge& full_bridge();

}  // namespace gatemap

// The full module's entry (app/full_module.cpp).
extern "C" const gatemap::FullBridge* gatemap_full_bridge();
