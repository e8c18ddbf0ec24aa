#pragma once
// ImGui panels: each is a function that reads and edits ViewState and owns no data.
#include <functional>

#include "app/data/data_source.hpp"
#include "app/view/view_state.hpp"
#include "geo/scene.hpp"
#include "geo/timeline.hpp"

namespace gatemap::panels {

// Notes the current ImGui window's rectangle in v.panels (call between Begin and End): the map's
// decorations are laid out in the part of the window that no panel covers.
void note_panel(ViewState& v);

// Layers: one checkbox per layer, map layers and decorations.
// `count` gives each layer's number of features (0: drawn disabled, "no data").
void layers(ViewState& v, const std::function<size_t(geo::LayerId)>& count);
// Gate list: click a gate to fly to it; gates without a position say so. The built-in gates,
// then the planners' own (all_gates()).
void gate_list(ViewState& v, const AppData& data, double now_s);
// Tooltip for the hovered gate (built-in or a planner's): both names and coordinates.
void hover_tooltip(const ViewState& v, const AppData& data);
// Status bar: frontier lengths, cursor position, last message.
void status_bar(ViewState& v, const geo::Scene& scene, const geo::LonLat* cursor);

// Timeline: date slider over the data's span with event ticks, play / pause, loop, speed, step,
// previous / next event. Advances the date while playing (dt in seconds).
void timeline(ViewState& v, const geo::Timeline& t, double dt);
// Advances a playing timeline by dt seconds (also used headless by tests).
void advance_time(ViewState& v, const geo::Timeline& t, double dt);
// The split view's row of the Timeline: the Compare checkbox, D1 (a slider and day steps; D2 is
// the timeline's date) and Swap. Turning it on without a D1 takes default_compare_left().
void compare_controls(ViewState& v, const geo::Timeline& t);
// The split view's swipe line over the map's `area` (window coordinates, the part no panel
// covers): a handle the planner drags (v.compare.swipe follows the mouse while held), the line,
// and the two dates beside it. Draw it after the panels; it never covers them.
void swipe_line(ViewState& v, const ScreenRect& area, geo::Date d1, geo::Date d2);
// Inspector of the selected gate: names, kind, coordinates and their confidence, status at the
// date and the row that set it, events, figures with their sources (URLs copyable).
void inspector(ViewState& v, const AppData& data);

// Planners' own layers: toggle, remove, see skipped rows. Returns true when the set changed (the
// caller rebuilds the time model).
bool user_layers(ViewState& v, AppData& data);
// A file browser drawn in ImGui (Debian packages no file-dialog library): navigate folders and
// pick a .csv, .geojson or .gpkg file or a folder to load. Returns the chosen path, or "".
std::string open_file(ViewState& v);

}  // namespace gatemap::panels
