// Headless UI test of the window's Export dialog (app/panels/export_dialog.cpp): ImGui frames with
// no window or backend, a headless GL context and the real renderer. A time-lapse driven frame by
// frame writes what `gatemap export` writes (the same bytes, checked against the command line),
// a video has its frame count (ffprobe), cancelling and bad dates leave no file.
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/cli/options.hpp"
#include "app/export/video_writer.hpp"
#include "app/view/frame_builder.hpp"
#include "app/window/panels/export_dialog.hpp"
#include "geo/view.hpp"
#include "tests/app/imgui_harness.hpp"
#include "tests/render/render_util.hpp"

using namespace gatemap;
namespace fs = std::filesystem;

namespace {

constexpr int kW = 320, kH = 200;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string t = (fs::temp_directory_path() / "gatemap-dialog-XXXXXX").string();
    path = ::mkdtemp(t.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::set<std::string> entries(const fs::path& sub = {}) const {
    std::set<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(sub.empty() ? path : path / sub, ec))
      out.insert(e.path().filename().string());
    return out;
  }
};

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// The window around the dialog: a view of the default data at kW × kH, and ImGui frames.
struct Harness {
  test_util::ImGuiHarness ui;  // first: the context outlives the dialog
  render::Renderer renderer;
  ViewState view;
  panels::ExportDialog dialog;
  int frames_drawn = 0;

  Harness() : renderer((test_util::gl_context(), test_util::default_scene())) {
    view.camera = geo::fit_bbox(default_bbox(test_util::default_scene()), kW, kH);
    view.show_export = true;
    dialog.preset = 0;  // the window's size
  }

  panels::ExportContext context() { return {view, test_util::default_data(), renderer, kW, kH, 1.0f}; }

  // One window frame, and the text the dialog drew in it: each line it says, with how often.
  std::multiset<std::string> shown_text() {
    ImGui::NewFrame();
    // ImGui's log to the clipboard: the End() of the dialog's window finishes it.
    ImGui::SetClipboardText("");
    ImGui::LogToClipboard();
    dialog.draw(context());
    ImGui::LogFinish();
    std::multiset<std::string> lines;
    const std::string all = ImGui::GetClipboardText();
    for (size_t at = 0; at < all.size();) {
      size_t end = all.find('\n', at);
      if (end == std::string::npos) end = all.size();
      std::string line = all.substr(at, end - at);
      while (!line.empty() && line.front() == ' ') line.erase(0, 1);
      lines.insert(line);
      at = end + 1;
    }
    ImGui::Render();
    return lines;
  }
  // One window frame: the dialog, then the time-lapse's next frames (as the window does).
  void frame() {
    ImGui::NewFrame();
    dialog.draw(context());
    dialog.advance(context());
    ImGui::Render();
    ++frames_drawn;
  }
  // Frames until the time-lapse is done; the progress texts seen on the way.
  std::vector<std::string> run_to_end(int max_frames = 400) {
    std::vector<std::string> seen;
    for (int i = 0; i < max_frames && dialog.busy(); ++i) {
      frame();
      if (dialog.busy()) seen.push_back(dialog.progress());
    }
    return seen;
  }
  void time_lapse(int kind, const fs::path& dest, const char* from, const char* to, int step) {
    dialog.kind = kind;
    std::snprintf(kind == panels::ExportDialog::video ? dialog.video_path : dialog.folder_path, 512, "%s",
                  dest.c_str());
    std::snprintf(dialog.from, sizeof dialog.from, "%s", from);
    std::snprintf(dialog.to, sizeof dialog.to, "%s", to);
    dialog.step = step;
  }
};

constexpr int kDay = 0, kWeek = 1;

bool have_ffmpeg_and_ffprobe() {
  return !exporter::find_program("ffmpeg").empty() && !exporter::find_program("ffprobe").empty();
}

int ffprobe_frames(const fs::path& video) {
  const std::string cmd =
      "ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames "
      "-of csv=p=0 '" +
      video.string() + "'";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return -1;
  char buf[64] = {};
  const bool got = std::fgets(buf, sizeof buf, p) != nullptr;
  ::pclose(p);
  return got ? std::atoi(buf) : -1;
}

TEST(ExportDialog, TimeLapseFramesAreTheCommandLinesFiles) {
  TempDir tmp;
  Harness h;
  h.time_lapse(panels::ExportDialog::frames, tmp.path / "seq", "2020-01-01", "2020-03-01", kWeek);
  h.frame();
  // The Export button, pressed as a user would (ImGui's remote activation of the item).
  ImGui::ActivateItem(ImGui::FindWindowByName("Export")->GetID("Export"));
  h.frame();
  ASSERT_TRUE(h.dialog.busy()) << "the Export button did not start the time-lapse: " << h.dialog.result();
  const std::vector<std::string> progress = h.run_to_end();
  ASSERT_FALSE(h.dialog.busy());
  EXPECT_EQ(h.dialog.result().rfind("Wrote 10 frames to " + (tmp.path / "seq").string(), 0), 0u) << h.dialog.result();
  ASSERT_FALSE(progress.empty());
  EXPECT_NE(progress.back().find("/ 10, 2020-"), std::string::npos) << progress.back();

  // Jan 1, 8, …, Feb 26 by week, then Mar 1: both ends included, named by date.
  const std::set<std::string> expected = {"2020-01-01.png", "2020-01-08.png", "2020-01-15.png", "2020-01-22.png",
                                          "2020-01-29.png", "2020-02-05.png", "2020-02-12.png", "2020-02-19.png",
                                          "2020-02-26.png", "2020-03-01.png"};
  EXPECT_EQ(tmp.entries("seq"), expected);

  // The same view, size and options on the command line give the same files, byte for byte
  // (pixels and metadata: date, bbox, versions).
  const std::string cmd = std::string(GATEMAP_BINARY) + " export --out-dir '" + (tmp.path / "cli").string() +
                          "' --width 320 --height 200 --from 2020-01-01 --to 2020-03-01 --step week 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  ASSERT_EQ(tmp.entries("cli"), expected);
  for (const std::string& name : expected) {
    const std::string mine = read_file(tmp.path / "seq" / name);
    ASSERT_GT(mine.size(), 100u);
    EXPECT_EQ(mine.substr(16, 8), std::string("\0\0\x01\x40\0\0\0\xc8", 8)) << name << ": not 320 × 200";
    EXPECT_NE(mine.find(name.substr(0, 10)), std::string::npos) << name << ": its date is not in its metadata";
    EXPECT_TRUE(mine == read_file(tmp.path / "cli" / name)) << name << " differs from the command line's";
  }
}

TEST(ExportDialog, TimeLapseVideoHasOneFramePerDate) {
  if (!have_ffmpeg_and_ffprobe()) GTEST_SKIP() << "ffmpeg/ffprobe not installed";
  TempDir tmp;
  Harness h;
  h.time_lapse(panels::ExportDialog::video, tmp.path / "v.mp4", "2020-01-01", "2020-03-01", kWeek);
  h.dialog.fps = 5;
  h.dialog.start(h.context(), false);
  ASSERT_TRUE(h.dialog.busy()) << h.dialog.result();
  h.run_to_end();
  ASSERT_FALSE(h.dialog.busy());
  EXPECT_EQ(h.dialog.result().rfind("Wrote " + (tmp.path / "v.mp4").string() + ": 10 frames", 0), 0u)
      << h.dialog.result();
  EXPECT_EQ(tmp.entries(), std::set<std::string>{"v.mp4"});  // no temporary file left
  EXPECT_EQ(ffprobe_frames(tmp.path / "v.mp4"), 10);
}

TEST(ExportDialog, CancelLeavesNoFile) {
  TempDir tmp;
  Harness h;
  // A year by day: far more frames than a few window frames render.
  h.time_lapse(panels::ExportDialog::frames, tmp.path / "seq", "2020-01-01", "2020-12-31", kDay);
  h.dialog.start(h.context(), false);
  ASSERT_TRUE(h.dialog.busy()) << h.dialog.result();
  h.frame();
  h.frame();
  ASSERT_TRUE(h.dialog.busy());
  // The frames go to a hidden folder .seq.tmp-PID-N, renamed to seq when the sequence is complete.
  ASSERT_EQ(tmp.entries().size(), 1u);
  const std::string hidden = *tmp.entries().begin();
  EXPECT_EQ(hidden.rfind(".seq.tmp-", 0), 0u) << hidden;
  EXPECT_FALSE(tmp.entries(hidden).empty()) << "no frame written yet: the cancel would prove nothing";
  EXPECT_NE(h.dialog.progress().find("/ 366, 2020-01-"), std::string::npos) << h.dialog.progress();
  h.dialog.cancel();
  EXPECT_FALSE(h.dialog.busy());
  EXPECT_EQ(h.dialog.result().rfind("Cancelled after ", 0), 0u) << h.dialog.result();
  EXPECT_TRUE(tmp.entries().empty()) << "left: " << *tmp.entries().begin();  // the folder it made is gone too

  if (!have_ffmpeg_and_ffprobe()) GTEST_SKIP() << "ffmpeg not installed: video cancel not checked";
  h.time_lapse(panels::ExportDialog::video, tmp.path / "v.webm", "2020-01-01", "2020-12-31", kDay);
  h.dialog.start(h.context(), false);
  ASSERT_TRUE(h.dialog.busy()) << h.dialog.result();
  h.frame();
  EXPECT_FALSE(tmp.entries().empty()) << "ffmpeg's temporary file should exist while it runs";
  h.dialog.cancel();
  EXPECT_NE(h.dialog.result().find("no video written"), std::string::npos) << h.dialog.result();
  EXPECT_TRUE(tmp.entries().empty()) << "left: " << *tmp.entries().begin();
}

TEST(ExportDialog, BadDatesSayWhyAndWriteNothing) {
  TempDir tmp;
  Harness h;
  struct Case {
    const char *from, *to;
    int step;
    std::string message;
  };
  const Case cases[] = {
      {"2020-13-01", "2020-03-01", kWeek, "From '2020-13-01' is not a real date in the form YYYY-MM-DD"},
      {"2020-01-01", "1 March", kWeek, "To '1 March' is not a real date in the form YYYY-MM-DD"},
      {"2020-03-01", "2020-01-01", kWeek, "To 2020-01-01 is before From 2020-03-01"},
      {"1980-01-01", "2020-01-01", kWeek, "From 1980-01-01 is out of range (1990-01-01 … 2100-12-31)"},
      {"", "2020-01-01", kWeek, "give the first and the last date of the time-lapse (YYYY-MM-DD)"},
      {"1990-01-01", "2100-12-31", kDay, "the range gives more than 20000 frames; choose a larger step"},
  };
  for (const Case& c : cases) {
    h.time_lapse(panels::ExportDialog::frames, tmp.path / "seq", c.from, c.to, c.step);
    // The dialog shows the message as the dates are typed…
    EXPECT_EQ(h.shown_text().count(c.message), 1u) << c.message;
    try {
      h.dialog.range_dates();
      ADD_FAILURE() << c.from << " … " << c.to << " accepted";
    } catch (const UsageError& e) {
      EXPECT_EQ(std::string(e.what()), c.message);
    }
    h.dialog.start(h.context(), false);  // …and Export refuses (its button is disabled meanwhile)
    EXPECT_FALSE(h.dialog.busy());
    EXPECT_EQ(h.dialog.result(), "");  // not said a second time as the result
    EXPECT_EQ(h.shown_text().count(c.message), 1u) << c.message << " is said more than once";
    EXPECT_TRUE(tmp.entries().empty()) << c.from << " … " << c.to << " wrote something";
  }
  // A range reaching beyond the data's dates is allowed, with a note; one inside it has none.
  h.time_lapse(panels::ExportDialog::frames, tmp.path / "seq", "1995-01-01", "1995-02-01", kWeek);
  EXPECT_NE(h.dialog.range_note(test_util::default_data()).find("The data's dates run from"), std::string::npos);
  const auto span = test_util::default_data().timeline.span();
  ASSERT_TRUE(span.has_value());
  h.time_lapse(panels::ExportDialog::frames, tmp.path / "seq", span->first.iso().c_str(), span->last.iso().c_str(),
               kWeek);
  EXPECT_EQ(h.dialog.range_note(test_util::default_data()), "");
}

// The value of a PNG's iTXt chunk `key`, or "" (uncompressed, no language tag: as png_writer writes).
std::string png_text(const std::string& png, const std::string& key) {
  for (size_t i = 8; i + 12 <= png.size();) {
    const auto u8 = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(png[k])); };
    const uint32_t n = u8(i) << 24 | u8(i + 1) << 16 | u8(i + 2) << 8 | u8(i + 3);
    if (png.compare(i + 4, 4, "iTXt") == 0) {
      const std::string chunk = png.substr(i + 8, n);
      if (chunk.compare(0, key.size() + 1, key + '\0') == 0) {
        size_t at = key.size() + 3;     // keyword, NUL, compression flag and method
        at = chunk.find('\0', at) + 1;  // language tag
        at = chunk.find('\0', at) + 1;  // translated keyword
        return chunk.substr(at);
      }
    }
    i += 12 + n;
  }
  return {};
}

// A picture of a zoomed-in window says the window's extent in its metadata, not the default view's
// (it said the default bbox whatever the view).
TEST(ExportDialog, PictureMetadataSaysTheViewsExtent) {
  TempDir tmp;
  Harness h;
  const geo::Camera whole = h.view.camera;
  h.view.camera.m_per_px = whole.m_per_px / 8;  // zoomed in 8×, off the centre
  h.view.camera.centre = {whole.centre.x + 20000, whole.centre.y - 10000};
  std::snprintf(h.dialog.picture_path, sizeof h.dialog.picture_path, "%s", (tmp.path / "zoom.png").c_str());
  h.dialog.start(h.context(), false);
  ASSERT_EQ(h.dialog.result().rfind("Wrote ", 0), 0u) << h.dialog.result();
  const std::string text = png_text(read_file(tmp.path / "zoom.png"), "gatemap:bbox");
  geo::BboxLL got{};
  ASSERT_EQ(std::sscanf(text.c_str(), "%lf,%lf,%lf,%lf", &got.lon0, &got.lat0, &got.lon1, &got.lat1), 4) << text;
  const geo::BboxLL want = geo::unproject_rect(h.view.camera.visible_rect());
  EXPECT_NEAR(got.lon0, want.lon0, 1e-6);
  EXPECT_NEAR(got.lat0, want.lat0, 1e-6);
  EXPECT_NEAR(got.lon1, want.lon1, 1e-6);
  EXPECT_NEAR(got.lat1, want.lat1, 1e-6);
  const geo::BboxLL def = default_bbox(test_util::default_scene());
  EXPECT_LT(got.lon1 - got.lon0, (def.lon1 - def.lon0) / 4) << text << ": the default view's extent?";
}

TEST(ExportDialog, DefaultRangeIsTheDataSpan) {
  Harness h;
  h.dialog.kind = panels::ExportDialog::video;
  h.frame();
  const auto span = test_util::default_data().timeline.span();
  ASSERT_TRUE(span.has_value());
  EXPECT_EQ(std::string(h.dialog.from), span->first.iso());
  EXPECT_EQ(std::string(h.dialog.to), span->last.iso());
}

TEST(ExportDialog, MissingFfmpegIsSaidAndFramesStillWork) {
  TempDir tmp;
  Harness h;
  const std::string old_path = std::getenv("PATH") ? std::getenv("PATH") : "";
  ::setenv("PATH", "/nonexistent", 1);
  h.time_lapse(panels::ExportDialog::video, tmp.path / "v.mp4", "2020-01-01", "2020-01-15", kWeek);
  h.frame();
  h.dialog.start(h.context(), false);
  EXPECT_FALSE(h.dialog.busy());
  EXPECT_EQ(h.dialog.result(), "Export failed: ffmpeg not found: install the Debian package ffmpeg");
  EXPECT_TRUE(tmp.entries().empty());
  h.time_lapse(panels::ExportDialog::frames, tmp.path / "seq", "2020-01-01", "2020-01-15", kWeek);
  h.dialog.start(h.context(), false);
  h.run_to_end();
  ::setenv("PATH", old_path.c_str(), 1);
  EXPECT_EQ(tmp.entries("seq"), (std::set<std::string>{"2020-01-01.png", "2020-01-08.png", "2020-01-15.png"}))
      << h.dialog.result();
}

TEST(ExportDialog, ExistingFramesAskBeforeOverwriting) {
  TempDir tmp;
  Harness h;
  fs::create_directory(tmp.path / "seq");
  std::ofstream(tmp.path / "seq" / "2020-01-08.png") << "keep me";
  h.time_lapse(panels::ExportDialog::frames, tmp.path / "seq", "2020-01-01", "2020-01-15", kWeek);
  h.dialog.start(h.context(), false);
  EXPECT_FALSE(h.dialog.busy());
  EXPECT_TRUE(h.dialog.confirming_overwrite());
  EXPECT_EQ(tmp.entries("seq"), std::set<std::string>{"2020-01-08.png"});  // nothing written before the answer
  EXPECT_EQ(read_file(tmp.path / "seq" / "2020-01-08.png"), "keep me");
  h.dialog.start(h.context(), true);  // "Overwrite"
  h.run_to_end();
  EXPECT_EQ(tmp.entries("seq").size(), 3u) << h.dialog.result();
  EXPECT_NE(read_file(tmp.path / "seq" / "2020-01-08.png"), "keep me");
}

}  // namespace

namespace {

// Sets an environment variable for a scope.
struct ScopedEnv {
  std::string name;
  std::optional<std::string> old;
  ScopedEnv(const char* n, const std::optional<std::string>& value) : name(n) {
    if (const char* o = std::getenv(n)) old = o;
    if (value)
      ::setenv(n, value->c_str(), 1);
    else
      ::unsetenv(n);
  }
  ~ScopedEnv() {
    if (old)
      ::setenv(name.c_str(), old->c_str(), 1);
    else
      ::unsetenv(name.c_str());
  }
};

bool shows(const std::multiset<std::string>& lines, const std::string& start) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(start, 0) == 0; });
}

// Issue 16: the pictures folder as xdg-user-dir finds it.
TEST(ExportDialog, DefaultFolderIsTheXdgPicturesFolder) {
  TempDir tmp;
  ScopedEnv home("HOME", tmp.path.string());
  ScopedEnv cfg("XDG_CONFIG_HOME", (tmp.path / "cfg").string());
  {
    ScopedEnv pics("XDG_PICTURES_DIR", (tmp.path / "pics").string());
    EXPECT_EQ(panels::default_pictures_dir(), (tmp.path / "pics").string());
  }
  ScopedEnv pics("XDG_PICTURES_DIR", std::nullopt);
  EXPECT_EQ(panels::default_pictures_dir(), tmp.path.string() + "/Pictures");  // no user-dirs.dirs
  fs::create_directories(tmp.path / "cfg");
  std::ofstream(tmp.path / "cfg" / "user-dirs.dirs") << "# comment\nXDG_PICTURES_DIR=\"$HOME/Bilder\"\n";
  EXPECT_EQ(panels::default_pictures_dir(), tmp.path.string() + "/Bilder");
}

// Issue 16: the dialog writes into the chosen folder (by default the pictures folder, made if
// missing), says the full path before and after, and a message stays on its own tab.
TEST(ExportDialog, WritesInTheChosenFolderAndSaysTheFullPath) {
  TempDir tmp;
  ScopedEnv pics("XDG_PICTURES_DIR", (tmp.path / "pics").string());
  Harness h;
  const std::string want = (tmp.path / "pics" / "gatemap-export.png").string();
  EXPECT_TRUE(shows(h.shown_text(), "Writes " + want));
  h.dialog.start(h.context(), false);
  EXPECT_TRUE(fs::exists(want)) << h.dialog.result();
  EXPECT_EQ(h.dialog.result().rfind("Wrote " + want, 0), 0u) << h.dialog.result();
  EXPECT_TRUE(shows(h.shown_text(), "Wrote " + want));
  h.dialog.kind = panels::ExportDialog::video;
  EXPECT_FALSE(shows(h.shown_text(), "Wrote ")) << "the picture's message showed on the video tab";
  h.dialog.kind = panels::ExportDialog::picture;
  EXPECT_TRUE(shows(h.shown_text(), "Wrote " + want));
}

}  // namespace
