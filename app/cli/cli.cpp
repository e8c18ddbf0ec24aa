#include "app/cli/cli.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "app/commands/check.hpp"
#include "geo/view.hpp"

namespace gatemap {

namespace {

// An option whose value is parsed once, as it is read: `parse` turns the text into the typed
// field, and a bad value becomes a UsageError naming the option once ("--bbox: …",
// "--date '2025-02-30' is not a real date …"), which run_cli prints.
template <typename Parse>
CLI::Option* add_parsed(CLI::App* app, const std::string& name, Parse parse, const std::string& help) {
  return app->add_option_function<std::string>(
      name,
      [name, parse](const std::string& text) {
        try {
          parse(text);
        } catch (const geo::ValueError& e) {
          throw UsageError(e.said_of(name));
        }
      },
      help);
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"gatemap " GATEMAP_VERSION
               " — the Lạng Sơn–Guangxi frontier and its border gates on a GPU-rendered map.\n"
               "Without a command, opens the map window."};
  app.set_version_flag("--version", std::string("gatemap ") + GATEMAP_VERSION);
  std::string data_dir;
  app.add_option("--data", data_dir, "Read the data from this folder instead of the embedded default")
      ->check(CLI::ExistingDirectory);
  app.require_subcommand(0, 1);

  WindowOptions wopt;
  auto* run = app.add_subcommand("run", "Open the map window (the default command)");
  run->add_flag("--fullscreen", wopt.fullscreen, "Full screen on the primary monitor");
  add_parsed(
      run, "--bbox", [&](const std::string& t) { wopt.bbox = geo::parse_bbox(t); },
      "Initial view LON0,LAT0,LON1,LAT1 (south-west, north-east)");
  run->add_option("--screenshot", wopt.screenshot, "Save the map (without panels) to this PNG, then quit");
  run->add_option("--frames", wopt.frames, "Quit after this many frames");
  run->add_flag("--hide-ui", wopt.hide_ui, "Start with the panels hidden (toggle with F1)");
  run->add_option("--export-view", wopt.export_view,
                  "With --screenshot: also export the same view at the window's size through the export path");
  add_parsed(
      run, "--date", [&](const std::string& t) { wopt.date = parse_date(t); }, "Start at this date (YYYY-MM-DD)");
  add_parsed(
      run, "--window", [&](const std::string& t) { wopt.window = parse_window(t); },
      "Start in the Timeline's window mode over FROM,TO");
  add_parsed(
      run, "--compare", [&](const std::string& t) { wopt.compare = parse_date_pair(t); },
      "Start in the split view: the map at D1 left of a swipe line, at D2 right of it (D1,D2)");
  run->add_option("--select", wopt.select, "Open the inspector on this gate pair (an id of `gatemap info`)");
  run->add_flag("--play", wopt.play, "Play the timeline in a loop from the start");
  run->add_option("--scenes", wopt.scenes, "Play a JSON list of prepared scenes in a loop (see README)")
      ->check(CLI::ExistingFile);
  run->add_option("--ui-scale", wopt.ui_scale, "Scale text and symbols (e.g. 2 for a wall display read from afar)")
      ->check(CLI::Range(0.5, 6.0));

  WindowOptions popt;
  popt.present = true;
  popt.hide_ui = true;
  auto* pr =
      app.add_subcommand("present", "Play a scenes file on a briefing-room wall, driven by the presenter's keys");
  auto* pr_scenes =
      pr->add_option("--scenes", popt.scenes, "The JSON scenes file (docs/scenes.md)")->check(CLI::ExistingFile);
  auto* pr_list = pr->add_flag("--list-monitors", popt.list_monitors, "List the monitors (numbered from 1) and quit");
  pr_list->excludes(pr_scenes);
  pr->add_option("--monitor", popt.monitor, "Full screen on this monitor (from 1; default: the primary one)")
      ->check(CLI::Range(1, 64));
  pr->add_flag("--windowed", popt.windowed, "A window instead of borderless full screen");
  pr->add_option("--viewing-distance", popt.viewing_distance_m,
                 "Distance of the back row from the screen in metres (default 4): sets the text size")
      ->check(CLI::Range(0.3, 100.0));
  pr->add_option("--screen-diagonal", popt.screen_diagonal_in,
                 "The screen's diagonal in inches, when the display reports a false size (projectors, Xvfb)")
      ->check(CLI::Range(5.0, 1000.0));
  pr->add_flag("--presenter-window", popt.presenter_window,
               "The presenter view (scenes, notes, times, clock) as a second window, even on one monitor");
  pr->add_option("--stale-after", popt.stale_after_days,
                 "Say so in a banner when the data is older than this many days (default 30)")
      ->check(CLI::Range(0, 36500));
  pr->add_option("--screenshot", popt.screenshot, "Save the wall (third frame) to this PNG, then quit")->group("");
  pr->add_option("--frames", popt.frames, "Quit after this many frames")->group("");
  pr->footer(
      "Keys: Right / Page Down / N next scene · Left / Page Up / P previous · Space pause / resume ·\n"
      "digits then Enter go to scene N · B or . blank · C captions · H or ? help · Ctrl+Q quit (Escape does not).\n"
      "GATEMAP_NOW=YYYY-MM-DD sets today's date (tests, rehearsals).");

  ExportOptions eopt;
  auto* ex = app.add_subcommand("export", "Render the map to a file without a display (EGL)");
  auto* out_opt = ex->add_option("--out", eopt.out,
                                 "Output file (.png, .tif, .mp4, .webm; the state as data: .geojson, .csv, .kml)");
  auto* outdir_opt = ex->add_option("--out-dir", eopt.out_dir, "Output folder for a frame sequence");
  out_opt->excludes(outdir_opt);
  add_parsed(
      ex, "--format", [&](const std::string& t) { eopt.format = parse_format(t); },
      "png|tif|mp4|webm|geojson|csv|kml (default: from the file's extension)");
  ex->add_option("--width", eopt.width, "Width in pixels")->check(CLI::Range(1, 65536));
  ex->add_option("--height", eopt.height, "Height in pixels")->check(CLI::Range(1, 65536));
  ex->add_option("--dpi", eopt.dpi, "Print resolution: text and symbols are sized for this DPI")
      ->check(CLI::Range(24.0, 1200.0));
  add_parsed(
      ex, "--bbox", [&](const std::string& t) { eopt.bbox = geo::parse_bbox(t); },
      "LON0,LAT0,LON1,LAT1: south-west and north-east corners");
  add_parsed(
      ex, "--date", [&](const std::string& t) { eopt.date = parse_date(t); }, "Show the map at this date (YYYY-MM-DD)");
  add_parsed(
      ex, "--window", [&](const std::string& t) { eopt.window = parse_window(t); },
      "FROM,TO: the status at TO with every change inside the window marked, figures over the window");
  add_parsed(
      ex, "--compare", [&](const std::string& t) { eopt.compare = parse_date_pair(t); },
      "D1,D2: two maps side by side (D1 left, D2 right), each W/2 x H; gates whose status differs are highlighted");
  add_parsed(
      ex, "--from", [&](const std::string& t) { eopt.from = parse_date(t); }, "First date of a time-lapse");
  add_parsed(
      ex, "--to", [&](const std::string& t) { eopt.to = parse_date(t); }, "Last date of a time-lapse");
  add_parsed(
      ex, "--step", [&](const std::string& t) { eopt.step = parse_step(t); }, "day|week|month");
  ex->add_option("--fps", eopt.fps, "Frames per second of a video")->check(CLI::Range(1, 120));
  add_parsed(
      ex, "--layers", [&](const std::string& t) { eopt.layers = parse_layers(t); },
      "Comma-separated layers to draw (exactly these)");
  add_parsed(
      ex, "--view", [&](const std::string& t) { eopt.view = parse_view(t); },
      "map|strip (strip: every gate's status along the frontier over time, a PNG; --from/--to set its time axis, "
      "default the data's span)");
  ex->add_option("--title", eopt.title, "Title drawn on the map");
  ex->add_flag("--force", eopt.force, "Overwrite an existing file");
  ex->add_option("--scenes", eopt.scenes,
                 "A scenes file (docs/scenes.md): a PNG per scene with --out-dir, the presentation with --out F.mp4")
      ->check(CLI::ExistingFile);

  bool json = false;
  std::optional<geo::Date> info_date;
  std::optional<geo::DateWindow> info_window;
  auto* info = app.add_subcommand("info", "Print the layers, the frontier's length and the gates");
  info->add_flag("--json", json, "Print JSON");
  add_parsed(
      info, "--date", [&](const std::string& t) { info_date = parse_date(t); },
      "Add each gate's status at this date (YYYY-MM-DD)");
  add_parsed(
      info, "--window", [&](const std::string& t) { info_window = parse_window(t); },
      "FROM,TO: each gate's status at TO with its changes inside the window, and the figures over the window");

  std::vector<std::string> check_paths;
  auto* chk = app.add_subcommand("check", "Validate data files and folders (default: the embedded data)");
  // No ExistingPath check: a missing path is a problem of the data (exit 3), not bad usage.
  chk->add_option("PATH", check_paths, "Files or folders to check");
  chk->footer(kCheckHelp);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  } catch (const CLI::CallForVersion& e) {
    app.exit(e);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  } catch (const UsageError& e) {  // a value of add_parsed()
    std::cerr << (*ex     ? "gatemap export: "
                  : *info ? "gatemap info: "
                  : *pr   ? "gatemap present: "
                          : "gatemap: ")
              << e.what() << "\n";
    return kExitUsage;
  }

  if (*ex) {
    eopt.data_dir = data_dir;
    if (eopt.out.empty() && eopt.out_dir.empty()) {
      std::cerr << "gatemap export: --out FILE or --out-dir DIR is required\n";
      return kExitUsage;
    }
    return run_export(eopt);
  }
  if (*info) {
    if (info_date && info_window) {
      std::cerr << "gatemap info: give either --date or --window, not both\n";
      return kExitUsage;
    }
    return run_info(data_dir, json, info_date, info_window);
  }
  if (*chk) return run_check(check_paths, data_dir);
  if (*pr) {
    if (popt.scenes.empty() && !popt.list_monitors) {
      std::cerr << "gatemap present: --scenes FILE.json is required (or --list-monitors)\n";
      return kExitUsage;
    }
    popt.data_dir = data_dir;
    return run_window(popt);
  }
  wopt.data_dir = data_dir;
  return run_window(wopt);
}

}  // namespace gatemap
