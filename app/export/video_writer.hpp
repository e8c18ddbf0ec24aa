#pragma once
// Time-lapse videos (MP4 / H.264, WebM / VP9) by piping raw frames into the `ffmpeg` program.
//
// ffmpeg is found in PATH by us (a clear message when it is missing: "ffmpeg not found: install
// the Debian package ffmpeg"), started with posix_spawn (no shell, so no quoting of titles or
// paths), fed RGB24 frames on its standard input, and writes the video under the temporary name
// of an AtomicFile; finish() waits for it and renames the file into place. When ffmpeg fails, the
// error carries the last lines of what it printed. The caller's SIGPIPE disposition is left alone.
//
// Sizes: H.264 and VP9 in yuv420p need an even width and height. An odd size is padded by one
// column and/or row repeating the edge pixels (output_width()/output_height() tell the result), so
// any export size works and the picture is never scaled.
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/export/png_writer.hpp"  // Metadata

namespace gatemap::exporter {

enum class VideoCodec {
  automatic,  // from the extension: .webm → vp9, anything else → h264 (MP4)
  h264,       // libx264, MP4 container
  vp9,        // libvpx-vp9, WebM container
};

struct VideoOptions {
  int fps = 10;  // frames per second, 1..240
  VideoCodec codec = VideoCodec::automatic;
  int crf = 0;                    // quality; 0 = our default (H.264: 18, VP9: 31)
  std::string ffmpeg = "ffmpeg";  // program: a name searched in PATH, or a path
  Metadata metadata;              // container tags (-metadata key=value), e.g. {"title", "…"}, {"comment", "…"}
  // An ffmpeg that reads no frame, or whose file does not grow after the input ended, for this many
  // seconds is taken for hung: killed, and the export fails (ExportError tool_failed) with no file.
  // 0 = 60 s. The environment variable GATEMAP_FFMPEG_TIMEOUT (seconds) overrides it.
  int timeout_s = 0;
};

// The timeout in effect for `options` (GATEMAP_FFMPEG_TIMEOUT, else options.timeout_s, else 60).
int ffmpeg_timeout_s(const VideoOptions& options);

class VideoWriter {
 public:
  VideoWriter();
  ~VideoWriter();  // without finish(): stops ffmpeg and leaves no file
  VideoWriter(const VideoWriter&) = delete;
  VideoWriter& operator=(const VideoWriter&) = delete;

  // Starts ffmpeg. Throws ExportError: exists and !force, folder missing or unwritable, invalid
  // size or fps (Kind::invalid), ffmpeg missing (Kind::tool_missing).
  void open(const std::filesystem::path& path, int width, int height, const VideoOptions& options, bool force);

  // RGBA8 rows top to bottom (alpha ignored); every `height` rows make one frame, so a frame may
  // arrive in strips. Throws ExportError(tool_failed) if ffmpeg has stopped.
  void write_rows(const std::uint8_t* rgba, int row_count, std::size_t stride);
  void write_rows_bottom_up(const std::uint8_t* rgba, int row_count, std::size_t stride);
  void write_frame(const std::uint8_t* rgba, std::size_t stride) { write_rows(rgba, height_, stride); }

  // Ends the input, waits for ffmpeg, renames the video into place. Throws ExportError (no frame,
  // a partial frame, ffmpeg failed: its last lines in the message) and then leaves no file.
  void finish();
  void abort() noexcept;

  int frames_written() const { return frames_; }
  int output_width() const { return width_ + (width_ & 1); }
  int output_height() const { return height_ + (height_ & 1); }

  // The argument list given to ffmpeg (for logs and tests), output file name included.
  const std::vector<std::string>& ffmpeg_arguments() const { return args_; }

  struct Impl;

 private:
  void write_strip(const std::uint8_t* top_row, int row_count, std::ptrdiff_t line_space);
  void send(const std::uint8_t* data, std::size_t size);
  // Waits for ffmpeg if still running (else uses `status`, its wait status), then throws with its last lines.
  [[noreturn]] void fail_from_ffmpeg(const std::string& what, int status);
  // Kills an ffmpeg that made no progress for the timeout, removes the file, throws tool_failed.
  [[noreturn]] void stop_hung_ffmpeg(const std::string& what);

  std::unique_ptr<Impl> impl_;
  int width_ = 0, height_ = 0;
  int rows_in_frame_ = 0;
  int frames_ = 0;
  std::vector<std::string> args_;
  std::vector<std::uint8_t> rgb_;       // converted rows on their way to the pipe
  std::vector<std::uint8_t> last_row_;  // for the padding row of an odd height
};

// Where `program` would be run from: itself if it contains '/', else the first executable file
// of that name in $PATH (empty and relative entries of $PATH are skipped: never the current
// folder). Empty if none.
std::filesystem::path find_program(const std::string& program);

// What open() says when `program` (VideoOptions::ffmpeg) cannot be found: for "ffmpeg",
// "ffmpeg not found: install the Debian package ffmpeg". The window shows it before an export.
std::string program_missing_message(const std::string& program = "ffmpeg");

}  // namespace gatemap::exporter
