#include "app/view/playlist.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "app/cli/options.hpp"
#include "geo/view.hpp"

namespace gatemap {

namespace {

constexpr double kPi = 3.14159265358979323846;

// The keys a scene may have (docs/scenes.md); any other is a typo, said as such.
const std::set<std::string>& scene_keys() {
  static const std::set<std::string> keys = {"title",
                                             "caption",
                                             "notes",
                                             "bbox",
                                             "centre",
                                             "zoom",
                                             "date",
                                             "from",
                                             "to",
                                             "layers",
                                             "select",
                                             "seconds",
                                             "transition_seconds",
                                             "view"};
  return keys;
}

class SceneReader {
 public:
  SceneReader(const nlohmann::json& s, const std::string& path, size_t index) : s_(s), path_(path), index_(index) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw UsageError(path_ + ": scene " + std::to_string(index_ + 1) + ": " + what);
  }

  std::string text(const char* key) const {
    if (!s_.contains(key)) return {};
    if (!s_[key].is_string()) fail(std::string(key) + " must be a string");
    return s_[key].get<std::string>();
  }

  // A value that does not parse is said as the command line says it, named by its key.
  template <typename Parse>
  auto parsed(const char* key, const std::string& not_a_string, Parse parse) const {
    if (!s_[key].is_string()) fail(not_a_string);
    try {
      return parse(s_[key].get<std::string>());
    } catch (const geo::ValueError& e) {
      fail(e.said_of(key));
    }
  }

  std::optional<geo::Date> date(const char* key) const {
    if (!s_.contains(key)) return std::nullopt;
    return parsed(key, std::string(key) + " must be a string YYYY-MM-DD",
                  [](const std::string& t) { return parse_date(t); });
  }

  std::optional<double> number(const char* key, double lo, double hi, const char* what) const {
    if (!s_.contains(key)) return std::nullopt;
    if (!s_[key].is_number() || !(s_[key].get<double>() >= lo) || s_[key].get<double>() > hi)
      fail(std::string(key) + " must be " + what);
    return s_[key].get<double>();
  }

  PlaylistScene read() const {
    if (!s_.is_object()) fail("expected an object");
    for (const auto& [key, value] : s_.items())
      if (!scene_keys().count(key)) fail("unknown key '" + key + "' (see docs/scenes.md)");
    PlaylistScene sc;
    sc.title = text("title");
    sc.caption = text("caption");
    sc.notes = text("notes");
    read_view(sc);
    sc.date = date("date");
    sc.from = date("from");
    sc.to = date("to");
    if (sc.date && (sc.from || sc.to)) fail("give either date or from/to");
    if (sc.from.has_value() != sc.to.has_value()) fail("a range needs both from and to");
    if (sc.from && *sc.to < *sc.from) fail("to is before from");
    if (s_.contains("layers"))
      sc.layers = parsed("layers", "layers must be a comma-separated string",
                         [](const std::string& t) { return parse_layers(t); });
    sc.select = text("select");
    if (auto v = number("seconds", 1, 3600, "a number from 1 to 3600")) sc.seconds = *v;
    if (auto v = number("transition_seconds", 0, 60, "a number from 0 to 60")) {
      if (*v >= sc.seconds) fail("transition_seconds must be shorter than seconds");
      sc.transition_seconds = *v;
    } else {
      sc.transition_seconds = std::min(sc.transition_seconds, sc.seconds / 2);
    }
    if (s_.contains("view")) {
      sc.view = text("view");
      if (sc.view != "map" && sc.view != "strip") fail("view '" + sc.view + "' is not known (\"map\" or \"strip\")");
    }
    if (sc.view == "strip") {  // as `export --view strip`: the whole frontier over a time span
      if (s_.contains("bbox") || s_.contains("centre"))
        fail("a strip scene is drawn along the whole frontier: bbox, centre and zoom do not apply");
      if (sc.date) fail("a strip scene shows a time span: give from/to (its time axis), not date");
    }
    return sc;
  }

 private:
  void read_view(PlaylistScene& sc) const {
    const bool centre = s_.contains("centre"), zoom = s_.contains("zoom");
    if (s_.contains("bbox") && (centre || zoom)) fail("give either bbox or centre + zoom");
    if (centre != zoom) fail("centre needs zoom, and zoom needs centre");
    if (s_.contains("bbox"))
      sc.bbox = parsed("bbox", "bbox must be a string \"LON0,LAT0,LON1,LAT1\"",
                       [](const std::string& t) { return geo::parse_bbox(t); });
    if (!centre) return;
    const geo::LonLat c = parsed("centre", "centre must be a string \"LON,LAT\"", [&](const std::string& t) {
      double lon = 0, lat = 0;
      char comma = 0, extra = 0;
      if (std::sscanf(t.c_str(), "%lf %c %lf %c", &lon, &comma, &lat, &extra) != 3 || comma != ',')
        fail("centre '" + t + "' is not LON,LAT (two numbers, degrees)");
      if (!(std::fabs(lon) <= 180) || !(std::fabs(lat) <= 85)) fail("centre '" + t + "' is out of range");
      return geo::LonLat{lon, lat};
    });
    const double z = *number("zoom", 0, 22, "a web-map zoom level from 0 to 22");
    sc.bbox = bbox_of_centre_zoom(c, z);
  }

  const nlohmann::json& s_;
  const std::string& path_;
  size_t index_;
};

// The physical line (1-based) of a byte offset in the text.
size_t line_of(const std::string& text, size_t byte) {
  byte = std::min(byte, text.size());
  return 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(byte), '\n'));
}

}  // namespace

geo::BboxLL bbox_of_centre_zoom(const geo::LonLat& centre, double zoom) {
  const double m_per_px = 156543.03392 * std::cos(centre.lat * kPi / 180) / std::pow(2.0, zoom);
  const double half_lon = 960 * m_per_px / (111320.0 * std::cos(centre.lat * kPi / 180));
  const double half_lat = 540 * m_per_px / 110574.0;
  return {centre.lon - half_lon, centre.lat - half_lat, centre.lon + half_lon, centre.lat + half_lat};
}

std::vector<PlaylistScene> load_playlist(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open the scenes file");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error(path + ":" + std::to_string(line_of(text, e.byte > 0 ? e.byte - 1 : 0)) +
                             ": not valid JSON: " + e.what());
  } catch (const nlohmann::json::exception& e) {  // out_of_range for a number JSON cannot hold, like 1e400
    throw std::runtime_error(path + ": not valid JSON: " + e.what());
  }
  if (!j.is_array() || j.empty()) throw std::runtime_error(path + ": expected a non-empty JSON array of scenes");
  std::vector<PlaylistScene> out;
  for (size_t i = 0; i < j.size(); ++i) out.push_back(SceneReader(j[i], path, i).read());
  return out;
}

void check_playlist_gates(const std::vector<PlaylistScene>& scenes, const std::string& path,
                          const std::vector<std::string>& gate_ids) {
  for (size_t i = 0; i < scenes.size(); ++i) {
    const std::string& g = scenes[i].select;
    if (!g.empty() && std::find(gate_ids.begin(), gate_ids.end(), g) == gate_ids.end())
      throw UsageError(path + ": scene " + std::to_string(i + 1) + ": select: no gate pair '" + g +
                       "' (see gatemap info)");
  }
}

PlaylistPosition playlist_at(const std::vector<PlaylistScene>& scenes, double t) {
  double total = 0;
  for (const PlaylistScene& s : scenes) total += s.seconds;
  if (scenes.empty() || total <= 0) return {};
  t = std::fmod(std::max(0.0, t), total);
  for (size_t i = 0; i < scenes.size(); ++i) {
    if (t < scenes[i].seconds) return {i, t / scenes[i].seconds};
    t -= scenes[i].seconds;
  }
  return {scenes.size() - 1, 1.0};
}

}  // namespace gatemap
