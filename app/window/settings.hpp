#pragma once
// Window size and view persisted between runs, in $XDG_CONFIG_HOME/gatemap/window.json
// (or ~/.config/gatemap/window.json). A missing or broken file gives the defaults.
#include <optional>
#include <string>

#include "geo/layers.hpp"
#include "geo/types.hpp"

namespace gatemap {

struct WindowSettings {
  int width = 1600, height = 900;
  std::optional<geo::XY> centre;  // map metres
  std::optional<double> m_per_px;
  std::optional<geo::LayerSet> layers;
};

std::string settings_path();
WindowSettings load_settings();
// Written atomically (temporary file + rename); failures are ignored (returns false).
bool save_settings(const WindowSettings& s);

}  // namespace gatemap
