#pragma once
// gatemap's modules, loaded with dlopen on first need (docs/architecture.md, "Binaries"):
// - libgatemap_window.so: the window (`run`, `present`) without GDAL, PROJ or GEOS, so that a wall
//   showing the built-in data starts without loading their ~128 libraries (~90 ms);
// - libgatemap_full.so: the full program (info, check, GeoTIFF, data folders through GDAL), which
//   the lean executable runs for those commands and the window module asks for what needs GDAL
//   (app/data/full_bridge.hpp).
// Each is found beside the gatemap executable (build tree) or in ../lib/gatemap/ (install tree).
#include <string>

namespace gatemap {

inline constexpr const char* kFullModule = "libgatemap_full.so";
inline constexpr const char* kWindowModule = "libgatemap_window.so";

// The address of `symbol` in `module` (loaded once, kept until the process exits), or null with
// the reasons appended to `errors` (one line per candidate path tried).
void* module_symbol(const char* module, const char* symbol, std::string& errors);

// The message for a module that cannot be loaded: what needs it and how to repair it.
std::string module_missing_message(const char* module, const std::string& errors);

}  // namespace gatemap
