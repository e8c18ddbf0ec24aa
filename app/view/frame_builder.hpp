#pragma once
// Builds the FrameSnapshot for a view: the one place where the window and the export turn
// their state into what the renderer draws, so both show the same thing.
#include <optional>
#include <string>
#include <utility>

#include "app/render/decorations.hpp"
#include "app/render/frame.hpp"
#include "geo/dates.hpp"
#include "geo/scene.hpp"
#include "geo/timeline.hpp"
#include "geo/window.hpp"

namespace gatemap {

struct ViewInputs {
  geo::Camera camera;
  float pixel_scale = 1;
  geo::LayerSet layers = geo::LayerSet::all();
  std::string title;
  const geo::Timeline* timeline = nullptr;  // time overlays need it; null = no time
  std::optional<geo::Date> date;            // empty = the data's "as of" date
  // A window of dates instead of one day: statuses at its last day (`date` is ignored), every gate
  // whose status changed inside the window highlighted with its changes' labels.
  std::optional<geo::DateWindow> window;
  // A comparison's other date: gates whose status (overall, cargo or passengers) differs between
  // the shown date and this one are highlighted (GateFrameState::highlight).
  std::optional<geo::Date> compare_with;
  int hovered_gate = -1, selected_gate = -1;
  // A gate whose card is shown large (a scene's `select`; index into Scene::gates, -1: none). Its
  // status and figures are those of the date shown (needs `timeline`).
  int card_gate = -1;
  double time_s = 0;                                           // animation clock (0 in exports: reproducible)
  const std::vector<struct UserLayer>* user_layers = nullptr;  // planners' own layers
  render::WallFrame wall;                                      // gatemap present's sizes and overlays
  render::FrameSnapshot::Area free_area;                       // the window: the part no panel covers
  bool legend_for_range = false;                               // a time-lapse (FrameSnapshot::legend_for_range)
  render::FrameSnapshot::LegendBand legend_band = render::FrameSnapshot::LegendBand::automatic;  // fit_view's
};

render::FrameSnapshot make_frame(const geo::Scene& scene, const ViewInputs& in);

// The split view's two frames (the window's View → Compare dates), left at d1 and right at d2: the
// same inputs, one day each (a window of dates is not shown in it), each with the other date as
// compare_with, so that the gates whose status differs are highlighted on both sides — as
// `export --compare D1,D2` draws its halves.
std::pair<render::FrameSnapshot, render::FrameSnapshot> make_compare_frames(const geo::Scene& scene, ViewInputs in,
                                                                            geo::Date d1, geo::Date d2);

// The date a frame shows when none is chosen: the data's "as of" (geo::Timeline::as_of_date()).
std::optional<geo::Date> default_date(const geo::Timeline& t);

// The default view: the frontier's bbox plus a 5 % margin.
geo::BboxLL default_bbox(const geo::Scene& scene);

// The camera showing the whole of `box` in the image (geo::fit_bbox's rule), in the map frame
// when the legend, finding no place over the full image that covers no gate symbol, goes in a
// band beside or below the map (Decorations::map_frame): the box then fits that frame, so that
// nothing of it lies under the band. `in` gives the frame's other inputs (layers, date, pixel
// scale, …) and, by its camera's size, the image's; its free_area is ignored (an export and the
// window with its panels hidden, F1, lay out alike). Exports and the window's fits use it.
struct FittedView {
  geo::Camera camera;
  render::FrameSnapshot::LegendBand legend_band = render::FrameSnapshot::LegendBand::automatic;  // for ViewInputs
};
FittedView fit_view(const geo::Scene& scene, ViewInputs in, const geo::BboxLL& box);
// The window's fit: fit_view into the frame's free area (in.free_area: the part no panel covers;
// the whole frame when it is empty or covers it), so that the box is not fitted under the panels
// of a small window. The area is fitted as an image of its own size (its legend's band within it,
// where the frame's decorations are laid out) and the camera moved so that it lands there.
FittedView fit_view_in_free_area(const geo::Scene& scene, ViewInputs in, const geo::BboxLL& box);
// The split view's fit (export --compare's halves, the window's View → Compare dates): fit_view for
// each side's frame (make_compare_frames), the one that gives the legend a band when either needs
// one (the larger scale's when both do), so that on neither side the legend covers a gate. `in`'s
// camera gives the size of one side.
FittedView fit_compare_view(const geo::Scene& scene, ViewInputs in, const geo::BboxLL& box, geo::Date d1, geo::Date d2);
// The same once the full-image fit's text is laid out (Decorations::legend_bands of its frame).
FittedView fit_beside_legend(const geo::Camera& full, const geo::BboxLL& box, const render::LegendBands& bands);
// The camera of the whole image that fits `box` in the rectangle x0..x1, y0..y1 (pixels).
geo::Camera fit_to_map_frame(const geo::Camera& full, const geo::BboxLL& box, float x0, float y0, float x1, float y1);

// Text and symbol scale for an image of this size: 1 up to 1080 pixels on the short side,
// growing with it, so a 4K or 8K export has the layout of a 1080p screen, not tiny text.
// With a DPI, the scale is dpi / 96 (a CSS pixel is 1/96 inch).
float export_pixel_scale(int width, int height, double dpi = 0);

// "no map data inside LON0,LAT0,LON1,LAT1" (the box's numbers as written: 100,10,101,11) when the
// box holds none of the scene's data (land, lines, towns, gates), else "". A view of it still draws.
std::string no_map_data_note(const geo::Scene& scene, const geo::BboxLL& box);

// "1,300" style thousands separators for figures shown on the map.
std::string format_number(double v);

}  // namespace gatemap
