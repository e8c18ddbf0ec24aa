#include "app/window/settings.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace gatemap {

std::string settings_path() {
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return std::string(x) + "/gatemap/window.json";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.config/gatemap/window.json";
  return ".gatemap-window.json";
}

WindowSettings load_settings() {
  WindowSettings s;
  std::ifstream in(settings_path());
  if (!in) return s;
  try {
    nlohmann::json j = nlohmann::json::parse(in);
    s.width = std::clamp(j.value("width", s.width), 320, 16384);
    s.height = std::clamp(j.value("height", s.height), 240, 16384);
    if (j.contains("centre_x") && j.contains("centre_y")) s.centre = geo::XY{j["centre_x"], j["centre_y"]};
    if (j.contains("m_per_px")) {
      double m = j["m_per_px"];
      if (m > 0 && m < 1e5) s.m_per_px = m;
    }
    if (j.contains("layers")) s.layers = geo::LayerSet{j["layers"].get<uint32_t>() & geo::LayerSet::all().bits};
  } catch (const std::exception&) {
    return WindowSettings{};
  }
  return s;
}

bool save_settings(const WindowSettings& s) {
  namespace fs = std::filesystem;
  try {
    fs::path p = settings_path();
    fs::create_directories(p.parent_path());
    nlohmann::json j = {{"width", s.width}, {"height", s.height}};
    if (s.centre) j["centre_x"] = s.centre->x, j["centre_y"] = s.centre->y;
    if (s.m_per_px) j["m_per_px"] = *s.m_per_px;
    if (s.layers) j["layers"] = s.layers->bits;
    fs::path tmp = p;
    tmp += ".tmp";
    {
      std::ofstream out(tmp, std::ios::trunc);
      out << j.dump(2) << "\n";
      if (!out) return false;
    }
    fs::rename(tmp, p);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace gatemap
