#pragma once
// The wall-display playlist: prepared scenes for a briefing-room wall display, a JSON list played
// in a loop, each with a view, a date (or a date range played over the scene's duration), layers
// and a duration. A PlaylistScene is one entry of it (geo::Scene is the map data).
//   [{"title": "Hữu Nghị reopening", "bbox": "106.6,21.9,106.8,22.05", "date": "2022-09-26",
//     "layers": "land,frontier,gates,status,legend,datestamp", "seconds": 20},
//    {"bbox": "...", "from": "2020-01-01", "to": "2023-12-31", "seconds": 30}]
#include <optional>
#include <string>
#include <vector>

#include "geo/dates.hpp"
#include "geo/layers.hpp"
#include "geo/types.hpp"

namespace gatemap {

struct PlaylistScene {
  std::string title;
  std::optional<geo::BboxLL> bbox;
  std::optional<geo::Date> date, from, to;
  std::optional<geo::LayerSet> layers;
  double seconds = 15;
};

// Reads and validates a scenes file. Throws UsageError (cli/options.hpp) "FILE: scene N: problem"
// for a bad scene (values said as on the command line: "scene 2: date '2023-02-30' is not a real
// date …"), std::runtime_error when the file cannot be read or is not JSON.
std::vector<PlaylistScene> load_playlist(const std::string& path);

// Where the playlist is at time t (seconds since it started): the scene index and the fraction
// (0..1) of it that has played. Loops.
struct PlaylistPosition {
  size_t index = 0;
  double fraction = 0;
};
PlaylistPosition playlist_at(const std::vector<PlaylistScene>& scenes, double t);

}  // namespace gatemap
