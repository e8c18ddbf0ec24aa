#pragma once
// File > Export: what `gatemap export` writes, from the window. A picture (PNG or GeoTIFF) of the
// current view, or a time-lapse of it over a date range: an MP4 / WebM video (ffmpeg) or a folder
// with one PNG per date (YYYY-MM-DD.png). Both go through the command line's code (commands/export.hpp:
// export_view, TimelapseExport), so options, file names, metadata and atomic writes are the same.
//
// A time-lapse is rendered a frame at a time between window frames (advance()), with a progress
// bar and a Cancel button: the window never freezes, and a cancelled or failed time-lapse leaves
// no file. The view (extent, layers, title) is taken when the export starts; moving the map
// meanwhile does not change the frames.
#include <memory>
#include <string>
#include <vector>

#include "app/data/data_source.hpp"
#include "app/view/view_state.hpp"
#include "geo/dates.hpp"

namespace gatemap {
class TimelapseExport;
namespace render {
class Renderer;
}
}  // namespace gatemap

namespace gatemap::panels {

// What the dialog works on, each window frame.
struct ExportContext {
  ViewState& view;
  const AppData& data;
  render::Renderer& renderer;
  int fb_width = 0, fb_height = 0;  // the window's framebuffer, pixels
  float ui_scale = 1;               // framebuffer pixels per window unit (text and symbol scale)
};

// The user's pictures folder, as `xdg-user-dir PICTURES` finds it: $XDG_PICTURES_DIR, else the
// XDG_PICTURES_DIR line of $XDG_CONFIG_HOME/user-dirs.dirs (default ~/.config), else ~/Pictures.
std::string default_pictures_dir();

class ExportDialog {
 public:
  enum Kind : int { picture = 0, video = 1, frames = 2 };

  // UI state (public so that the window and tests can preset it). Dates are YYYY-MM-DD; empty
  // ones are filled with the data's span when the dialog first shows.
  int kind = picture;
  // The folder the files go in (a relative or absolute name below is taken in it); empty: the
  // user's pictures folder (default_pictures_dir()), filled when the dialog first shows.
  char out_dir[1024] = "";
  char picture_path[512] = "gatemap-export.png";
  char video_path[512] = "gatemap-timelapse.mp4";
  char folder_path[512] = "gatemap-frames";
  char title[256] = "";
  char from[32] = "", to[32] = "";
  int step = 2;                     // index into day, week, month (Step)
  int fps = 4;                      // frames per second of a video (and of the flows' animation in PNG frames)
  int preset = 1;                   // index into the size presets
  int width = 3840, height = 2160;  // custom size, pixels
  int dpi = 300;                    // paper presets

  ExportDialog();
  ~ExportDialog();  // cancels a running time-lapse: its files are removed
  ExportDialog(const ExportDialog&) = delete;
  ExportDialog& operator=(const ExportDialog&) = delete;

  // The dialog window, when c.view.show_export (or while a time-lapse runs).
  void draw(const ExportContext& c);
  // Renders the next frames of a running time-lapse (at least one, for up to ~25 ms), and finishes
  // it after the last. Call every window frame, panels shown or hidden.
  void advance(const ExportContext& c);
  // The Export button: validates, then writes a picture at once or starts a time-lapse. An
  // existing destination asks first (confirming_overwrite()), unless `force`.
  void start(const ExportContext& c, bool force);
  // The Cancel button of a running time-lapse: stops it and removes what it wrote.
  void cancel();

  bool busy() const { return job_ != nullptr; }
  bool confirming_overwrite() const { return !confirm_path_.empty(); }
  // "frame 12 / 40, 2022-03-01" (the last frame written); empty when idle.
  std::string progress() const;
  // The outcome of the last export: "Wrote …", "Export failed: …", "Cancelled …"; empty when
  // Export was refused for bad dates (range_dates() says why, next to the fields).
  const std::string& result() const { return result_; }

  // The dates of the time-lapse fields, both ends included. Throws UsageError saying what is wrong
  // with them (a date, the range, its size): the dialog shows it once, next to the fields, and
  // the Export button waits for them to be right.
  std::vector<geo::Date> range_dates() const;
  // A note when the range reaches outside the data's dates (statuses unknown before, held after).
  std::string range_note(const AppData& data) const;
  // The output size in pixels for the chosen preset and the window's framebuffer.
  void output_size(int fb_width, int fb_height, int& w, int& h) const;
  // Where a file or folder name of the dialog is written: in out_dir unless it is absolute.
  std::string destination(const char* name) const;

 private:
  bool draw_time_range(const ExportContext& c);  // false while the dates are wrong (said there)
  void draw_running();
  void start_timelapse(const ExportContext& c, bool force, const std::vector<geo::Date>& dates);
  void fill_default_dates(const ExportContext& c);

  std::unique_ptr<TimelapseExport> job_;  // holds GL objects: destroy the dialog with the window's context current
  std::string job_what_;                  // the job's destination, for messages
  int result_kind_ = picture;             // the tab the result belongs to (shown only there)
  std::string result_;
  bool result_ok_ = false;
  std::string confirm_path_;  // an existing file waiting for "Overwrite"
  bool finishing_ = false;    // every frame rendered; finish() on the next advance()
};

}  // namespace gatemap::panels
