#pragma once
// The window's state: what the panels edit and what the frame is built from. Panels own no data.
#include <optional>
#include <string>
#include <vector>

#include "app/render/frame.hpp"
#include "geo/dates.hpp"
#include "geo/layers.hpp"
#include "geo/view.hpp"
#include "geo/window.hpp"

namespace gatemap {

struct FlyTo {
  geo::XY from, to;
  double from_m_per_px = 0, to_m_per_px = 0;
  double start_s = 0, duration_s = 0.6;
};

// The timeline's state: the date shown and the player.
struct TimeState {
  std::optional<geo::Date> date;  // empty until data with dates is loaded
  double fraction = 0;            // sub-day position while playing
  bool playing = false;
  bool loop = true;
  float days_per_second = 120;  // a year in about three seconds
  enum class Step { day, week, month } step = Step::month;
  // A window of dates instead of one day (the Timeline's Window mode): `date` is its last day,
  // `window_from` its first; cumulative: it starts at the data's first date.
  bool window = false;
  bool cumulative = false;
  std::optional<geo::Date> window_from;
};

// The split view of two dates (View → Compare dates, `run --compare D1,D2`): the map at `left`
// (D1) left of a vertical swipe line and at the timeline's date (D2) right of it, the same camera
// on both sides; gates whose status differs between the dates are highlighted on both.
struct CompareState {
  bool on = false;
  std::optional<geo::Date> left;  // D1; set when the view is turned on
  float swipe = 0.5f;             // the swipe line, as a fraction of the window's width (0..1)
};

// A rectangle of the window, in window coordinates (ImGui's), y down.
struct ScreenRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// The window the map shows, or nullopt in one-day mode. `data_first`: the data's first date.
std::optional<geo::DateWindow> shown_window(const TimeState& t, geo::Date data_first);

struct ViewState {
  TimeState time;
  geo::Camera camera;  // width/height follow the framebuffer each frame
  geo::LayerSet layers = geo::LayerSet::all();
  int hovered_gate = -1, selected_gate = -1;
  bool show_ui = true;
  bool show_stats = false;
  std::optional<FlyTo> fly;
  bool want_fit = false;  // fit the default view on the next frame
  // The box the first frame fits (--bbox or the default view; none for a saved view): fitted again
  // in the first frame, once its panels are laid out, into the map's free area (fit_view), then cleared.
  std::optional<geo::BboxLL> fit_at_start;
  // The legend's band of the last fit (fit_view): kept while the view is panned and zoomed.
  render::FrameSnapshot::LegendBand legend_band = render::FrameSnapshot::LegendBand::automatic;
  std::string message;  // last error or notice shown in the status bar
  bool show_inspector = true;
  bool show_about = false;  // Help → About and licences
  bool show_export = false;
  bool show_open = false;
  bool show_strip = false;         // the frontier strip (km-post × time) instead of the map
  CompareState compare;            // the split view of two dates
  std::vector<ScreenRect> panels;  // this frame's panels and bars (noted as they are drawn)
};

// The part of a w × h window that the panels leave to the map: each panel in turn cuts the area
// from the edge that takes the least of it away (a menu bar from the top, the Layers and Gates
// panels from the left even when they run past the window's bottom, the Timeline from the bottom,
// the inspector from the right). With
// no panel, the whole window. An area that panels would squeeze under a third of the window's
// width or height is given its whole extent on that axis back.
ScreenRect free_area(float w, float h, const std::vector<ScreenRect>& panels);

// The split view's D1 when it is turned on without one: a year before `d2`, not before the data's
// first date.
geo::Date default_compare_left(geo::Date d2, geo::Date data_first);

// The swipe line's column in a framebuffer `width` pixels wide (1..width-1: each side keeps a column).
int swipe_column(float swipe, int width);

// Moves the camera towards a map point and scale over a short animation.
void fly_to(ViewState& v, const geo::XY& target, double m_per_px, double now_s);
// Advances a running fly-to animation.
void update_fly(ViewState& v, double now_s);
// Zooms by `factor` (> 1 zooms in) keeping the map point under pixel (px, py) fixed.
void zoom_about(geo::Camera& cam, double factor, double px, double py);

}  // namespace gatemap
