#include "app/view/playlist.hpp"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "app/cli/options.hpp"
#include "geo/view.hpp"

namespace gatemap {

std::vector<PlaylistScene> load_playlist(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open the scenes file");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for a number like 1e400
    throw std::runtime_error(path + ": not valid JSON: " + e.what());
  }
  if (!j.is_array() || j.empty()) throw std::runtime_error(path + ": expected a non-empty JSON array of scenes");
  std::vector<PlaylistScene> out;
  for (size_t i = 0; i < j.size(); ++i) {
    const auto& s = j[i];
    auto fail = [&](const std::string& what) {
      throw UsageError(path + ": scene " + std::to_string(i + 1) + ": " + what);
    };
    if (!s.is_object()) fail("expected an object");
    PlaylistScene sc;
    if (s.contains("title")) {
      if (!s["title"].is_string()) fail("title must be a string");
      sc.title = s["title"].get<std::string>();
    }
    // A value that does not parse is said as the command line says it, named by its key.
    auto parsed = [&](const char* key, const std::string& not_a_string, auto parse) {
      if (!s[key].is_string()) fail(not_a_string);
      const std::string t = s[key].get<std::string>();
      try {
        return parse(t);
      } catch (const geo::ValueError& e) {
        fail(e.said_of(key));
        throw;  // not reached: fail() throws
      }
    };
    if (s.contains("bbox"))
      sc.bbox = parsed("bbox", "bbox must be a string \"LON0,LAT0,LON1,LAT1\"",
                       [](const std::string& t) { return geo::parse_bbox(t); });
    auto date = [&](const char* key) -> std::optional<geo::Date> {
      if (!s.contains(key)) return std::nullopt;
      return parsed(key, std::string(key) + " must be a string YYYY-MM-DD",
                    [](const std::string& t) { return parse_date(t); });
    };
    sc.date = date("date");
    sc.from = date("from");
    sc.to = date("to");
    if (sc.date && (sc.from || sc.to)) fail("give either date or from/to");
    if (sc.from.has_value() != sc.to.has_value()) fail("a range needs both from and to");
    if (sc.from && *sc.to < *sc.from) fail("to is before from");
    if (s.contains("layers"))
      sc.layers = parsed("layers", "layers must be a comma-separated string",
                         [](const std::string& t) { return parse_layers(t); });
    if (s.contains("seconds")) {
      if (!s["seconds"].is_number() || !(s["seconds"].get<double>() >= 1) || s["seconds"].get<double>() > 3600)
        fail("seconds must be a number from 1 to 3600");
      sc.seconds = s["seconds"].get<double>();
    }
    out.push_back(sc);
  }
  return out;
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
