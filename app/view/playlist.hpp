#pragma once
// The wall-display playlist: prepared scenes for a briefing-room wall display, a JSON list played
// in a loop, each with a view, a date (or a date range played over the scene's duration), layers
// and a duration. A PlaylistScene is one entry of it (geo::Scene is the map data). Every key is
// described in docs/scenes.md.
//   [{"title": "Hữu Nghị reopening", "bbox": "106.6,21.9,106.8,22.05", "date": "2022-09-26",
//     "layers": "land,frontier,gates,status,legend,datestamp", "seconds": 20},
//    {"centre": "106.72,21.98", "zoom": 12, "from": "2020-01-01", "to": "2023-12-31", "seconds": 30}]
#include <optional>
#include <string>
#include <vector>

#include "geo/dates.hpp"
#include "geo/layers.hpp"
#include "geo/types.hpp"

namespace gatemap {

struct PlaylistScene {
  std::string title;
  std::string caption;  // shown on the wall under the map (C turns captions off)
  std::string notes;    // the presenter's, never on the wall
  // The view: a lon/lat box, or one made from `centre` + `zoom` (kept as a box, so that any screen
  // shows the same area).
  std::optional<geo::BboxLL> bbox;
  std::optional<geo::Date> date, from, to;
  std::optional<geo::LayerSet> layers;
  std::string select;  // a gate pair id whose card is shown (empty: none)
  double seconds = 15;
  // The camera flies and the date animates from the previous scene over this long (seconds).
  double transition_seconds = 2;
  // "map", or "strip": the frontier strip (km-post × time, issue 19) instead of the map, its time
  // axis from `from`/`to` (default: the data's span), drawn along the whole frontier (no view).
  std::string view = "map";
  bool strip() const { return view == "strip"; }
};

// Web-map zoom (OpenStreetMap's convention: 156543.03 m per pixel at zoom 0 on the equator, halved
// per level) around `centre`, as the lon/lat box that a 1920 × 1080 view at that zoom shows.
geo::BboxLL bbox_of_centre_zoom(const geo::LonLat& centre, double zoom);

// Reads and validates a scenes file. Throws UsageError (cli/options.hpp) "FILE: scene N: problem"
// for a bad scene (values said as on the command line: "scene 2: date '2023-02-30' is not a real
// date …"), std::runtime_error when the file cannot be read or is not JSON ("FILE:LINE: …" with
// the line of the JSON error).
std::vector<PlaylistScene> load_playlist(const std::string& path);

// Checks the scenes' `select` against the data's gate pair ids: UsageError "FILE: scene N: select:
// no gate pair 'ID' (see gatemap info)".
void check_playlist_gates(const std::vector<PlaylistScene>& scenes, const std::string& path,
                          const std::vector<std::string>& gate_ids);

// Where the playlist is at time t (seconds since it started): the scene index and the fraction
// (0..1) of it that has played. Loops.
struct PlaylistPosition {
  size_t index = 0;
  double fraction = 0;
};
PlaylistPosition playlist_at(const std::vector<PlaylistScene>& scenes, double t);

}  // namespace gatemap
