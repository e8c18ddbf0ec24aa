#pragma once
// What one frame shows: built by the app (window or export) from its view state, read by the
// renderer. The renderer never reaches back into panels or loaders.
#include <memory>
#include <string>
#include <vector>

#include "geo/layers.hpp"
#include "geo/view.hpp"

namespace gatemap::render {

// Per-gate overlay state for the frame (filled by the time model when it is on).
struct GateFrameState {
  enum class Status : unsigned char { none, open, restricted, closed, unknown };
  Status status = Status::none;  // none: the status layer is off or has nothing to say
  // 1 while a change of status is recent (within a few weeks of the date shown): the badge is
  // larger and labelled. The same for every date of that window, so a picture changes only where
  // a status changed.
  float transition = 0;
  // 0..1 in the window: a short pulse in wall-clock time just after the status changed on screen
  // (while scrubbing or playing). Always 0 in exports.
  float pulse = 0;
  // 1 when the gate's status differs at the other date of a comparison (export --compare, the
  // window's split view): the badge is drawn larger on both sides.
  float highlight = 0;
  std::string change_label;  // e.g. "reopened 2022-09-26"
  // Goods stopped while passengers still cross (a Tet stop): drawn as `restricted` (the overall
  // rule of docs/data-format.md), and the legend says what this triangle means here.
  bool goods_stopped_passengers_open = false;
};

// Vehicle flow at a gate for the frame's date (only figures whose own period contains the date).
struct FlowFrame {
  int gate = -1;               // index into Scene::gates
  float vehicles_per_day = 0;  // 0 = no rate known
  int direction = 0;           // 0 both / unknown, 1 Vietnam → China (export), 2 China → Vietnam
  float trucks_waiting = 0;    // 0 = no queue figure
  std::string label;           // e.g. "≈1,300 cargo vehicles/day (2023)"
};

// A trade figure drawn as a proportional symbol for the selected period.
struct TradeFrame {
  float xy[2]{};  // anchor, metres from the scene origin
  double value = 0;
  std::string unit;      // as in the data: USD_million, CNY_million
  float radius_css = 0;  // symbol radius in CSS pixels (area ∝ value within a unit)
  std::string label;     // "Lạng Sơn 2023: 5,000 USD million (declared at LS customs)"
};

// A point of a planner's own layer.
struct UserMark {
  float xy[2]{};  // metres from the scene origin
  std::string label;
  GateFrameState::Status status = GateFrameState::Status::none;
  int gate = -1;  // a planner's gate: its index in the window's gate list (all_gates), else -1
};

// A briefing-room wall (gatemap present). Text sizes in device pixels per em: primary text (gate
// names, title, date, legend, captions) and secondary (attribution); 0 = not a wall (sizes from
// pixel_scale alone).
struct WallFrame {
  float primary_px = 0, secondary_px = 0;
  bool high_contrast = false;           // opaque panels, black text
  std::string data_as_of;               // "Data as of 2025-11-27", under the date (the wall shows it always)
  std::string stale_banner;             // "Data as of … — N days old", across the top
  std::string caption;                  // the scene's caption, under the map
  std::string notice;                   // a discreet line (a file that failed to reload: file:line: problem)
  std::vector<std::string> help_lines;  // the presenter's keys, over the map
};

// A gate's card, shown large (a scene's `select`, issue 14): what the data says of one gate at the
// date shown. Built by the app (frame_builder), laid out by the decorations in any frame, a
// wall's or an export's.
struct GateCard {
  int gate = -1;     // index into Scene::gates; -1: no card
  std::string name;  // "Hữu Nghị – 友谊关"
  GateFrameState::Status status = GateFrameState::Status::none;
  std::string status_line;                 // "Open on 2024-04-30"
  std::vector<std::string> status_detail;  // cargo and passengers, the row that set it, its source (secondary text)
  struct Figure {
    std::string value;   // "≈1,300 cargo vehicles/day"
    std::string source;  // its period and source (secondary text)
  };
  std::vector<Figure> figures;  // the day's figures (those whose own period contains it); none: said so
};

struct StripFrame;  // app/render/strip_frame.hpp

struct FrameSnapshot {
  geo::Camera camera;     // full image: size in device pixels, centre and scale
  float pixel_scale = 1;  // device pixels per CSS pixel (hi-DPI, poster DPI)
  geo::LayerSet layers = geo::LayerSet::all();
  int hovered_gate = -1;  // index into Scene::gates, or -1
  int selected_gate = -1;
  std::string title, subtitle;        // decorations (drawn when the layer is on)
  std::string date_label;             // e.g. "2022-09-26" (datestamp layer)
  std::vector<GateFrameState> gates;  // one per Scene::gates entry, or empty
  std::vector<FlowFrame> flows;
  std::vector<TradeFrame> trade;
  std::string trade_legend;              // units, scope and period of the trade symbols
  std::string date_note;                 // e.g. "status as of 2025-11-20 (last dated row)"
  bool illustrative = false;             // the picture includes illustrative data: say so
  std::vector<UserMark> user_marks;      // planners' own layers (visible ones)
  std::vector<float> user_segments;      // x0, y0, x1, y1 in metres from the scene origin
  std::vector<std::string> user_legend;  // one legend row per visible planner's layer drawn (its file name)
  double time_s = 0;                     // seconds, for animations (flows)
  // The part of the image that no panel covers (device pixels, y down): the title, legend, scale
  // bar, date and attribution are laid out in it. All zero: the whole image (exports, and the
  // window with its panels hidden, so that both give the same pixels).
  struct Area {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool empty() const { return !(x1 > x0 && y1 > y0); }
  } free_area;
  // A time-lapse: the legend lists every row the range can need (status, trade) with a text that
  // does not change with the date, so it keeps its size and place from frame to frame.
  bool legend_for_range = false;
  // Where the legend goes: automatic (a place over the map that covers no gate symbol, else a
  // band beside or below the map), or the band along the right or bottom edge whatever the
  // places over the map (a view fitted to the map frame beside that band: fit_view).
  enum class LegendBand : unsigned char { automatic, right, bottom } legend_band = LegendBand::automatic;

  WallFrame wall;  // a briefing-room wall's text sizes and overlays (gatemap present)
  GateCard card;   // a gate's card, shown large (a scene's `select`)
  // Set: the frame is the frontier strip (km-post × time, issue 19) instead of the map; the
  // camera gives the image size, the decorations (title, legend, attribution, date) are drawn around it.
  std::shared_ptr<const StripFrame> strip;
};

// Where a draw call writes: the full image is width × height device pixels; the bound
// framebuffer holds the rows [strip_y0, strip_y0 + strip_height) of it (y down from the top),
// and of those the columns [strip_x0, strip_x0 + strip_width) (strip_width 0: every column).
// The window and exports draw the same strips (map_export.hpp's strip_rows); an image wider or
// taller than the GPU's viewport limit is drawn in tiles of it.
struct Target {
  int width = 0, height = 0;
  int strip_y0 = 0, strip_height = 0;
  int strip_x0 = 0, strip_width = 0;
  int columns() const { return strip_width > 0 ? strip_width : width; }
};

struct FrameStats {
  int draw_calls = 0;
  long long vertices = 0;
  int labels_placed = 0, labels_dropped = 0;
  // A wall's decorations too large for the frame at the legible sizes are drawn smaller: the
  // factor applied to the wall's text and panel sizes (1: at the sizes asked for).
  float wall_text_scale = 1;
  // The smallest text the decorations laid out (pixels per em; 0: none): on a wall, of its
  // primary text and of its secondary text (the small print); elsewhere all is counted primary.
  float least_primary_text_px = 0, least_secondary_text_px = 0;
};

}  // namespace gatemap::render
