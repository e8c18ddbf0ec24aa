#pragma once
// `gatemap export`, shared by the lean executable and the full program. They differ only in where
// the data comes from and in whether a GeoTIFF can be written (GDAL): an ExportBackend says.
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/cli/cli.hpp"
#include "app/data/data_source.hpp"
#include "app/export/geotiff_writer.hpp"
#include "app/export/map_export.hpp"
#include "app/export/state_writer.hpp"
#include "app/view/frame_builder.hpp"

namespace gatemap {

// Thrown when this binary cannot do an export (a GeoTIFF, or data the lean executable cannot
// load), before anything was printed or written: the lean executable hands the command line to
// the full program.
class ExportElsewhere : public std::exception {
 public:
  const char* what() const noexcept override { return "this export needs the full program"; }
};

struct ExportBackend {
  // The data of `dir` ("" = the embedded default). Throws geo::Error for missing or broken data,
  // ExportElsewhere when this binary cannot load it. Runs on a thread of its own while the GL
  // context starts.
  std::function<AppData(const std::string& dir)> load_data;
  // Opens a GeoTIFF at `path`, calls `render` with a sink that takes the strips, finishes.
  // Empty when this binary cannot write GeoTIFF.
  std::function<void(const std::filesystem::path& path, int width, int height, const exporter::GeoTiffOptions& options,
                     bool force, const std::function<void(const exporter::RowSink&)>& render)>
      write_geotiff;
  // Writes the state at opt.date (or over opt.window) as data in `format` (GeoJSON, CSV, KML:
  // app/export/state_writer.hpp). Empty when this binary cannot (GDAL).
  std::function<void(const ExportOptions& opt, const AppData& data, ImageFormat format)> write_state;
  // The lean executable: once the export is written and in place, leave the process at once
  // (_exit), skipping the teardown of the GL context and of the libraries (~7 ms of a 4K export).
  // Nothing is lost: the file is committed and synced, output is flushed, and Mesa writes its
  // shader cache entries under a temporary name that it renames (an unfinished one is redone).
  bool exit_when_done = false;
};

// The export command: checks the combination of the options, loads the data while the GL context
// starts, renders and writes. Prints its one-line message and returns an exit code of cli.hpp
// (usage errors 2, failures 1); throws ExportElsewhere.
// In a catch (...) of an export: prints the exception in flight as one "gatemap export: …" line and
// returns the exit status (2 for an ExportError of invalid arguments, else 1). Rethrows what is
// not a std::exception.
int report_export_failure();

int run_export_with(const ExportOptions& opt, const ExportBackend& backend);

// The window's Export dialog (cli.hpp's export_view) with a given backend.
void export_view_with(const ExportOptions& opt, const AppData& data, render::Renderer& renderer, const ViewInputs& view,
                      const ExportBackend& backend);

// The dates of a time-lapse: from `from` by `step`, then `to`; both ends included. More than
// kMaxTimelapseFrames of them is refused (a larger step is needed).
std::vector<geo::Date> timelapse_dates(geo::Date from, geo::Date to, Step step);
inline constexpr size_t kMaxTimelapseFrames = 20000;

// A time-lapse export, a video (opt.out, .mp4 / .webm, through ffmpeg) or a PNG per date in a
// folder (opt.out_dir, named YYYY-MM-DD.png), rendered one frame at a time: `gatemap export` runs
// it to the end in one loop, the window's Export dialog draws one frame per window frame so that
// the window stays live, shows progress and can cancel. Every frame is `view` at its date (and
// the animation clock at frame / opt.fps); the files carry the metadata of `gatemap export`, the
// bbox being the lon/lat extent of view.camera.
// Destroyed before finish(), it leaves no file: the video's temporary file is removed, and so are
// the frames it wrote (and the folder, if it made it), as after any failed export.
class TimelapseExport {
 public:
  // Opens the destination: starts ffmpeg on a temporary file next to opt.out, or checks and
  // creates opt.out_dir. Throws exporter::ExportError: the file or a frame exists without
  // opt.force (Kind::exists), a missing or unwritable folder, ffmpeg missing (Kind::tool_missing),
  // an unknown format or no date (Kind::invalid).
  TimelapseExport(const ExportOptions& opt, const AppData& data, const ViewInputs& view, std::vector<geo::Date> dates);
  ~TimelapseExport();
  TimelapseExport(const TimelapseExport&) = delete;
  TimelapseExport& operator=(const TimelapseExport&) = delete;

  bool is_video() const;
  size_t frame_count() const;
  size_t frames_rendered() const;
  bool all_rendered() const { return frames_rendered() == frame_count(); }
  const std::vector<geo::Date>& dates() const;

  // Renders and writes the next frame (needs the renderer's GL context current). The job keeps its
  // strip target (an exporter::StripRenderer) in that context from the first frame on: destroy the
  // job while the context is current. Throws what the writers and the renderer throw; the export
  // is then dead: destroy it.
  void render_next(render::Renderer& renderer);
  // After the last frame: waits for ffmpeg and renames the video into place, or keeps the frames.
  void finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The state file format of an export format (geojson, csv, kml).
inline exporter::StateFormat state_format(ImageFormat f) {
  return f == ImageFormat::csv   ? exporter::StateFormat::csv
         : f == ImageFormat::kml ? exporter::StateFormat::kml
                                 : exporter::StateFormat::geojson;
}

// The full program's backend: load_data() and GeoTiffWriter (GDAL). In commands/export_full.cpp.
ExportBackend full_export_backend();

}  // namespace gatemap
