#pragma once
// Builds the frontier strip's frame (issue 19: km-post × time): geo/strip.hpp's km-posts and
// status bands, the timeline's events, vehicle flows and trade figures, as the plain arrays of
// render::StripFrame, in a FrameSnapshot that the one renderer draws with the map's decorations.
// Every figure is one row of the data over its own period: nothing is added up or interpolated.
#include <optional>
#include <string>
#include <vector>

#include "app/render/frame.hpp"
#include "app/render/strip_frame.hpp"
#include "geo/dates.hpp"
#include "geo/scene.hpp"
#include "geo/strip.hpp"
#include "geo/timeline.hpp"

namespace gatemap {

struct StripInputs {
  int width = 0, height = 0;  // device pixels
  float pixel_scale = 1;
  geo::LayerSet layers = geo::LayerSet::all();
  std::string title;
  // The time axis (both inclusive). Default: the data's first date to its as-of date, or to
  // `today` when that is later (the stretch after the as-of date is marked "held, not known").
  std::optional<geo::Date> from, to;
  std::optional<geo::Date> today;  // marked when inside the axis (strip_today())
  std::vector<geo::DistrictStretch> stretches;
  int hovered_gate = -1;            // index into Scene::gates (the window)
  std::optional<geo::Date> cursor;  // the map's date, drawn across the strip (the window)
};

// The km-posts of the scene's gates along its frontier line (geo::gate_km_posts).
std::vector<geo::GateKmPost> strip_km_posts(const geo::Scene& scene,
                                            const std::vector<geo::DistrictStretch>& stretches);

render::FrameSnapshot make_strip_frame(const geo::Scene& scene, const geo::Timeline& timeline, const StripInputs& in);

// The strip's layers: those of `layers` that the strip draws (no map layer; frontier for its
// credit, status, flows, trade and the decorations).
geo::LayerSet strip_layers(geo::LayerSet layers);

// The district stretches of the data in `data_dir` ("" = the embedded default), read from its
// district_stretches.csv without GDAL; empty when there is none.
std::vector<geo::DistrictStretch> load_district_stretches(const std::string& data_dir);

// "Today" for the strip: the system clock's UTC date, but never before 2026-12-07 (the data's
// review date), so that a wrong clock cannot hide the mark.
geo::Date strip_today();

}  // namespace gatemap
