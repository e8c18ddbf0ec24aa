// VideoWriter: frame counts checked by ffprobe, odd sizes padded, clear failures, no partial file.
#include "app/export/video_writer.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>

#include "app/export/atomic_file.hpp"
#include "tests/export/test_util.hpp"

namespace gatemap::exporter {
namespace {
namespace fs = std::filesystem;
using testing::TempDir;

bool have(const char* program) { return !find_program(program).empty(); }

// Runs a command without a shell's help for its arguments (they are plain paths here) and returns stdout.
std::string run(const std::string& command) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(command.c_str(), "r"), &pclose);
  if (!p) return out;
  std::array<char, 256> buf{};
  while (std::fgets(buf.data(), buf.size(), p.get())) out += buf.data();
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string probe(const fs::path& video, const std::string& entries) {
  return run("ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=" + entries + " -of csv=p=0 '" +
             video.string() + "'");
}

// Five frames whose brightness steps up, rendered in strips of 7 rows.
void write_five_frames(VideoWriter& w, int width, int height) {
  std::vector<std::uint8_t> frame(std::size_t(width) * height * 4);
  for (int f = 0; f < 5; ++f) {
    for (std::size_t i = 0; i < frame.size(); ++i) frame[i] = std::uint8_t(i % 4 == 3 ? 255 : 40 * f + (i / 4) % 17);
    for (int y = 0; y < height; y += 7)
      w.write_rows(&frame[std::size_t(y) * width * 4], std::min(7, height - y), std::size_t(width) * 4);
  }
}

TEST(VideoWriter, Mp4HasFiveFrames) {
  if (!have("ffmpeg") || !have("ffprobe")) GTEST_SKIP() << "ffmpeg/ffprobe not installed";
  TempDir dir;
  VideoOptions o;
  o.fps = 5;
  o.metadata = {{"title", "Lạng Sơn – 凭祥"}};
  VideoWriter w;
  w.open(dir / "lapse.mp4", 64, 48, o, false);
  write_five_frames(w, 64, 48);
  EXPECT_EQ(w.frames_written(), 5);
  w.finish();
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"lapse.mp4"});
  EXPECT_EQ(probe(dir / "lapse.mp4", "nb_read_frames"), "5");
  EXPECT_EQ(probe(dir / "lapse.mp4", "codec_name,width,height"), "h264,64,48");
  EXPECT_EQ(run("ffprobe -v error -show_entries format_tags=title -of csv=p=0 '" + (dir / "lapse.mp4").string() + "'"),
            "Lạng Sơn – 凭祥");
}

TEST(VideoWriter, WebmWithOddSizeIsPadded) {
  if (!have("ffmpeg") || !have("ffprobe")) GTEST_SKIP() << "ffmpeg/ffprobe not installed";
  if (run("ffmpeg -hide_banner -encoders 2>/dev/null | grep -c libvpx-vp9") == "0") GTEST_SKIP() << "no libvpx-vp9";
  TempDir dir;
  VideoWriter w;
  w.open(dir / "lapse.webm", 33, 25, {}, false);
  EXPECT_EQ(w.output_width(), 34);
  EXPECT_EQ(w.output_height(), 26);
  write_five_frames(w, 33, 25);
  w.finish();
  EXPECT_EQ(probe(dir / "lapse.webm", "nb_read_frames"), "5");
  EXPECT_EQ(probe(dir / "lapse.webm", "codec_name,width,height"), "vp9,34,26");
}

TEST(VideoWriter, MissingFfmpegHasClearMessage) {
  TempDir dir;
  const char* old = std::getenv("PATH");
  const std::string saved = old ? old : "";
  ::setenv("PATH", dir.path().c_str(), 1);  // an empty folder: no ffmpeg anywhere
  VideoWriter w;
  try {
    w.open(dir / "v.mp4", 64, 48, {}, false);
    ::setenv("PATH", saved.c_str(), 1);
    FAIL() << "started without ffmpeg";
  } catch (const ExportError& e) {
    ::setenv("PATH", saved.c_str(), 1);
    EXPECT_EQ(std::string(e.what()), "ffmpeg not found: install the Debian package ffmpeg");
    EXPECT_EQ(e.kind(), ExportError::Kind::tool_missing);
  }
  EXPECT_TRUE(dir.entries().empty());
}

// A stand-in for ffmpeg that reads a little, complains and fails, as ffmpeg does on a bad encoder.
fs::path failing_ffmpeg(const TempDir& dir) {
  const fs::path script = dir / "fake-ffmpeg";
  std::ofstream(script)
      << "#!/bin/sh\nhead -c 100 >/dev/null\necho 'Input #0, rawvideo'\n"
         "echo \"Unknown encoder 'libx264-broken'\" >&2\necho 'Error: encoder exploded' >&2\nexit 3\n";
  ::chmod(script.c_str(), 0755);
  return script;
}

TEST(VideoWriter, FfmpegFailureCarriesItsMessageAndLeavesNoFile) {
  TempDir dir;
  VideoOptions o;
  o.ffmpeg = failing_ffmpeg(dir).string();
  VideoWriter w;
  try {
    w.open(dir / "v.mp4", 640, 480, o, false);
    std::vector<std::uint8_t> frame(640 * 480 * 4, 9);
    for (int i = 0; i < 20; ++i) w.write_frame(frame.data(), 640 * 4);  // far more than the pipe holds
    w.finish();
    FAIL() << "a failing ffmpeg was not noticed";
  } catch (const ExportError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(e.kind(), ExportError::Kind::tool_failed);
    EXPECT_NE(msg.find("v.mp4"), std::string::npos) << msg;
    EXPECT_NE(msg.find("encoder exploded"), std::string::npos) << msg;
    EXPECT_NE(msg.find("exit status 3"), std::string::npos) << msg;
  }
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"fake-ffmpeg"});
}

TEST(VideoWriter, AbandonedOrIncompleteLeavesNoFile) {
  if (!have("ffmpeg")) GTEST_SKIP() << "ffmpeg not installed";
  TempDir dir;
  std::vector<std::uint8_t> frame(64 * 48 * 4, 100);
  {
    VideoWriter w;
    w.open(dir / "v.mp4", 64, 48, {}, false);
    w.write_frame(frame.data(), 64 * 4);
  }  // destroyed without finish()
  EXPECT_TRUE(dir.entries().empty());
  {
    VideoWriter w;
    w.open(dir / "v.mp4", 64, 48, {}, false);
    w.write_frame(frame.data(), 64 * 4);
    w.write_rows(frame.data(), 10, 64 * 4);  // a partial second frame
    EXPECT_THROW(w.finish(), ExportError);
  }
  EXPECT_TRUE(dir.entries().empty());
  {  // refuses to overwrite
    std::ofstream(dir / "v.mp4") << "old";
    VideoWriter w;
    EXPECT_THROW(w.open(dir / "v.mp4", 64, 48, {}, false), ExportError);
    EXPECT_EQ(testing::read_bytes(dir / "v.mp4"), "old");
  }
}

}  // namespace
}  // namespace gatemap::exporter
