#include "app/cli/cli.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <sstream>

#include "app/commands/check.hpp"
#include "geo/view.hpp"

namespace gatemap {

std::optional<geo::LayerSet> parse_layers(const std::string& list, std::string& error) {
  geo::LayerSet set;
  std::stringstream ss(list);
  std::string name;
  while (std::getline(ss, name, ',')) {
    if (name.empty()) continue;
    auto id = geo::parse_layer(name);
    if (!id) {
      error = "unknown layer '" + name + "' (see `gatemap info` for the layer names)";
      return std::nullopt;
    }
    set.set(*id);
  }
  return set;
}

namespace {

// CLI11 validators that turn our parsers into usage errors (exit code 2).
std::string check_bbox(const std::string& s) {
  std::string err;
  return geo::parse_bbox(s, err) ? std::string() : "--bbox: " + err;
}
std::string check_layers(const std::string& s) {
  std::string err;
  return parse_layers(s, err) ? std::string() : "--layers: " + err;
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
  std::string bbox_text;
  auto* run = app.add_subcommand("run", "Open the map window (the default command)");
  run->add_flag("--fullscreen", wopt.fullscreen, "Full screen on the primary monitor");
  run->add_option("--bbox", bbox_text, "Initial view LON0,LAT0,LON1,LAT1 (south-west, north-east)")->check(check_bbox);
  run->add_option("--screenshot", wopt.screenshot, "Save the map (without panels) to this PNG, then quit");
  run->add_option("--frames", wopt.frames, "Quit after this many frames");
  run->add_flag("--hide-ui", wopt.hide_ui, "Start with the panels hidden (toggle with F1)");
  run->add_option("--export-view", wopt.export_view,
                  "With --screenshot: also export the same view at the window's size through the export path");
  run->add_option("--date", wopt.date, "Start at this date (YYYY-MM-DD)");
  run->add_option("--select", wopt.select, "Open the inspector on this gate pair (an id of `gatemap info`)");
  run->add_flag("--play", wopt.play, "Play the timeline in a loop from the start");
  run->add_option("--scenes", wopt.scenes, "Play a JSON list of prepared scenes in a loop (see README)")
      ->check(CLI::ExistingFile);
  run->add_option("--ui-scale", wopt.ui_scale, "Scale text and symbols (e.g. 2 for a wall display read from afar)")
      ->check(CLI::Range(0.5, 6.0));

  ExportOptions eopt;
  std::string layers_text, ebbox_text;
  auto* ex = app.add_subcommand("export", "Render the map to a file without a display (EGL)");
  auto* out_opt = ex->add_option("--out", eopt.out, "Output file (.png or .tif)");
  auto* outdir_opt = ex->add_option("--out-dir", eopt.out_dir, "Output folder for a frame sequence");
  out_opt->excludes(outdir_opt);
  ex->add_option("--format", eopt.format, "png|tif|mp4|webm (default: from the file's extension)")
      ->check(CLI::IsMember({"png", "tif", "mp4", "webm"}));
  ex->add_option("--width", eopt.width, "Width in pixels")->check(CLI::Range(1, 65536));
  ex->add_option("--height", eopt.height, "Height in pixels")->check(CLI::Range(1, 65536));
  ex->add_option("--dpi", eopt.dpi, "Print resolution: text and symbols are sized for this DPI")
      ->check(CLI::Range(24.0, 1200.0));
  ex->add_option("--bbox", ebbox_text, "LON0,LAT0,LON1,LAT1: south-west and north-east corners")->check(check_bbox);
  ex->add_option("--date", eopt.date, "Show the map at this date (YYYY-MM-DD)");
  ex->add_option("--from", eopt.from, "First date of a time-lapse");
  ex->add_option("--to", eopt.to, "Last date of a time-lapse");
  ex->add_option("--step", eopt.step, "day|week|month")->check(CLI::IsMember({"day", "week", "month"}));
  ex->add_option("--fps", eopt.fps, "Frames per second of a video")->check(CLI::Range(1, 120));
  ex->add_option("--layers", layers_text, "Comma-separated layers to draw (exactly these)")->check(check_layers);
  ex->add_option("--title", eopt.title, "Title drawn on the map");
  ex->add_flag("--force", eopt.force, "Overwrite an existing file");

  bool json = false;
  std::optional<std::string> info_date;
  auto* info = app.add_subcommand("info", "Print the layers, the frontier's length and the gates");
  info->add_flag("--json", json, "Print JSON");
  info->add_option("--date", info_date, "Add each gate's status at this date (YYYY-MM-DD)");

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
  }

  std::string err;
  if (*ex) {
    eopt.data_dir = data_dir;
    if (!ebbox_text.empty()) eopt.bbox = geo::parse_bbox(ebbox_text, err);
    if (!layers_text.empty()) eopt.layers = *parse_layers(layers_text, err);
    if (eopt.out.empty() && eopt.out_dir.empty()) {
      std::cerr << "gatemap export: --out FILE or --out-dir DIR is required\n";
      return kExitUsage;
    }
    return run_export(eopt);
  }
  if (*info) return run_info(data_dir, json, info_date);
  if (*chk) return run_check(check_paths, data_dir);
  wopt.data_dir = data_dir;
  if (!bbox_text.empty()) wopt.bbox = geo::parse_bbox(bbox_text, err);
  return run_window(wopt);
}

}  // namespace gatemap
