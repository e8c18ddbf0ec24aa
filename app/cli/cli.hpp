#pragma once
// gatemap's command line. Exit codes (also in the README):
//   0 success · 1 runtime failure (bad data, render or write error) · 2 bad usage ·
//   3 `check` found problems in the data.
#include <optional>
#include <string>
#include <vector>

#include "app/cli/options.hpp"
#include "geo/dates.hpp"
#include "geo/layers.hpp"
#include "geo/types.hpp"

namespace gatemap {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitCheckFailed = 3;

int run_cli(int argc, char** argv);

// Parsed where they enter (the command line, the Export dialog): nothing downstream re-reads text.
struct ExportOptions {
  std::string out, out_dir;
  std::optional<ImageFormat> format;  // --format; without it, the extension of `out` says
  int width = 1920, height = 1080;
  std::optional<double> dpi;
  std::optional<geo::BboxLL> bbox;
  std::optional<geo::Date> date, from, to;  // with --view strip, --from/--to set the strip's time axis
  std::optional<geo::DateWindow> window;    // --window FROM,TO: status at TO, changes and figures over the window
  // --compare D1,D2: two maps of the view side by side, D1 left, D2 right, each width/2 × height
  std::optional<std::pair<geo::Date, geo::Date>> compare;
  Step step = Step::month;
  ExportView view = ExportView::map;  // --view
  int fps = 4;
  geo::LayerSet layers = geo::LayerSet::all();
  std::string title;
  bool force = false;
  std::string data_dir;
  std::string scenes;  // a scenes file: a PNG per scene (out_dir) or the presentation as a video (out)
};

// A scenes export's file name of scene `index` (from 0): "NN-slug.png", the slug from the title
// (ASCII letters and digits, Vietnamese letters without their marks, '-' between words).
std::string scene_file_name(size_t index, const std::string& title);

struct WindowOptions {
  std::string data_dir;
  bool fullscreen = false;
  std::optional<geo::BboxLL> bbox;
  std::string screenshot;  // write the map (without panels) to this PNG after the first frames, then quit
  int frames = 0;          // quit after this many frames (0 = run until closed)
  bool hide_ui = false;
  std::string export_view;  // with --screenshot: also export the same view through the export path
  std::optional<geo::Date> date;
  std::optional<geo::DateWindow> window;  // start in the Timeline's window mode over these dates
  // --compare D1,D2: start in the split view, D1 left of the swipe line, D2 (the timeline's date) right
  std::optional<std::pair<geo::Date, geo::Date>> compare;
  std::string select;  // open the inspector on this gate pair id
  bool play = false;   // start playing the timeline (loops)
  std::string scenes;  // a JSON playlist of prepared scenes (wall displays)
  float ui_scale = 0;  // text and symbol scale; 0 = the monitor's content scale
  // gatemap present: a briefing-room wall playing `scenes`, driven by the presenter's keys.
  bool present = false;
  bool list_monitors = false;                // print the monitors (numbered from 1) and quit
  int monitor = 0;                           // 1-based; 0 = the primary monitor
  bool windowed = false;                     // a window instead of borderless full screen
  double viewing_distance_m = 4;             // the back row's distance from the screen
  std::optional<double> screen_diagonal_in;  // overrides the physical size the display reports
  bool presenter_window = false;             // the presenter view as a second window, even on one monitor
  int stale_after_days = 30;                 // a banner says so when the data is older than this
};

int run_export(const ExportOptions& opt);
struct AppData;
struct ViewInputs;
namespace render {
class Renderer;
}
// Exports one still (PNG or GeoTIFF) of `view` with an existing renderer and GL context (the
// window's Export dialog); its metadata's bbox is the lon/lat extent of view.camera. Throws
// exporter::ExportError or std::exception with a clear message.
void export_view(const ExportOptions& opt, const AppData& data, render::Renderer& renderer, const ViewInputs& view);
int run_window(const WindowOptions& opt);
int run_info(const std::string& data_dir, bool json, const std::optional<geo::Date>& date,
             const std::optional<geo::DateWindow>& window = std::nullopt);

}  // namespace gatemap
