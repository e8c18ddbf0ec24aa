#include "app/export/video_writer.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <thread>

#include "app/export/atomic_file.hpp"

extern char** environ;

namespace gatemap::exporter {
namespace fs = std::filesystem;

namespace {

bool is_executable_file(const fs::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
}

// Writing to a pipe whose reader died raises SIGPIPE, which kills the process by default. Block it
// on this thread while writing, and swallow one that became pending, so that the write fails with
// EPIPE instead and the caller's disposition of the signal stays untouched.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeBlock() {
    if (!was_pending_) {
      const timespec zero{0, 0};
      while (sigtimedwait(&pipe_, nullptr, &zero) == SIGPIPE) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
  sigset_t pipe_{}, old_{};
  bool was_pending_ = false;
};

void rgba_row_to_rgb(const std::uint8_t* in, std::uint8_t* out, int width, bool pad) {
  for (int x = 0; x < width; ++x) {
    out[3 * x] = in[4 * x];
    out[3 * x + 1] = in[4 * x + 1];
    out[3 * x + 2] = in[4 * x + 2];
  }
  if (pad) std::memcpy(out + 3 * width, out + 3 * (width - 1), 3);  // odd width: repeat the edge
}

}  // namespace

int ffmpeg_timeout_s(const VideoOptions& o) {
  if (const char* env = std::getenv("GATEMAP_FFMPEG_TIMEOUT")) {
    char* end = nullptr;
    const long v = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && v > 0 && v <= 86400) return static_cast<int>(v);
  }
  return o.timeout_s > 0 ? o.timeout_s : 60;
}

fs::path find_program(const std::string& program) {
  if (program.empty()) return {};
  if (program.find('/') != std::string::npos) return is_executable_file(program) ? fs::path(program) : fs::path();
  const char* path_env = std::getenv("PATH");
  std::string paths = path_env ? path_env : "/usr/local/bin:/usr/bin:/bin";
  std::stringstream ss(paths);
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    // An empty entry would mean the current folder to a shell: never run a program from there.
    if (dir.empty() || dir[0] != '/') continue;
    fs::path candidate = fs::path(dir) / program;
    if (is_executable_file(candidate)) return candidate;
  }
  return {};
}

std::string program_missing_message(const std::string& program) {
  return program == "ffmpeg" ? "ffmpeg not found: install the Debian package ffmpeg"
                             : program + " not found (or not executable): install ffmpeg";
}

struct VideoWriter::Impl {
  AtomicFile file;
  pid_t pid = -1;
  int pipe_fd = -1;     // ffmpeg's standard input
  int stderr_fd = -1;   // an in-memory file collecting what ffmpeg prints
  std::string program;  // as given, for messages
  int timeout_s = 60;   // ffmpeg_timeout_s()

  ~Impl() { stop(); }

  // Ends ffmpeg (killing it unless `wait_for_exit`); returns its wait status, or -1.
  int stop(bool wait_for_exit = false) noexcept {
    if (pipe_fd >= 0) ::close(std::exchange(pipe_fd, -1));
    int status = -1;
    if (pid > 0) {
      if (!wait_for_exit) {
        clear_signal_child(pid);  // before it can be reaped and its pid reused
        ::kill(pid, SIGKILL);
      }
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      clear_signal_child(pid);
      pid = -1;
    }
    return status;
  }

  // The last few lines ffmpeg printed, on one line.
  std::string stderr_tail() const {
    if (stderr_fd < 0) return {};
    std::string text;
    char buf[4096];
    ssize_t n;
    off_t off = 0;
    while ((n = ::pread(stderr_fd, buf, sizeof buf, off)) > 0) {
      text.append(buf, static_cast<std::size_t>(n));
      off += n;
    }
    std::vector<std::string> lines;
    std::stringstream ss(text);
    std::string line;
    while (std::getline(ss, line)) {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (!line.empty()) lines.push_back(line);
    }
    std::string tail;
    const std::size_t first = lines.size() > 4 ? lines.size() - 4 : 0;
    for (std::size_t i = first; i < lines.size(); ++i) tail += (tail.empty() ? "" : " / ") + lines[i];
    return tail;
  }

  void close_stderr() noexcept {
    if (stderr_fd >= 0) ::close(std::exchange(stderr_fd, -1));
  }
};

VideoWriter::VideoWriter() : impl_(std::make_unique<Impl>()) {}
VideoWriter::~VideoWriter() { abort(); }

void VideoWriter::open(const fs::path& path, int width, int height, const VideoOptions& o, bool force) {
  Impl& s = *impl_;
  if (s.pid > 0) throw ExportError(ExportError::Kind::invalid, path, path.string() + ": video writer is already open");
  if (width < 1 || height < 1 || width > 16384 || height > 16384)
    throw ExportError(ExportError::Kind::invalid, path,
                      path.string() + ": invalid video size " + std::to_string(width) + " x " + std::to_string(height));
  if (o.fps < 1 || o.fps > 240)
    throw ExportError(ExportError::Kind::invalid, path, path.string() + ": frames per second must be 1..240");
  const fs::path exe = find_program(o.ffmpeg);
  if (exe.empty()) {
    throw ExportError(ExportError::Kind::tool_missing, path, program_missing_message(o.ffmpeg));
  }
  VideoCodec codec = o.codec;
  if (codec == VideoCodec::automatic) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    codec = ext == ".webm" ? VideoCodec::vp9 : VideoCodec::h264;
  }

  s.file = AtomicFile(path, force);
  s.file.close_descriptor();  // ffmpeg writes the temporary file by name
  s.program = o.ffmpeg;
  width_ = width;
  height_ = height;
  rows_in_frame_ = 0;
  frames_ = 0;

  const std::string size = std::to_string(output_width()) + "x" + std::to_string(output_height());
  args_ = {exe.string(), "-hide_banner", "-nostats", "-loglevel",   "error", "-y",         "-f",
           "rawvideo",   "-pix_fmt",     "rgb24",    "-video_size", size,    "-framerate", std::to_string(o.fps),
           "-i",         "pipe:0",       "-an"};
  if (codec == VideoCodec::h264) {
    // stillimage: maps are flat colour and sharp edges; +faststart: playable while downloading.
    args_.insert(args_.end(),
                 {"-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-crf",
                  std::to_string(o.crf > 0 ? o.crf : 18), "-pix_fmt", "yuv420p", "-movflags", "+faststart"});
  } else {
    args_.insert(args_.end(), {"-c:v", "libvpx-vp9", "-crf", std::to_string(o.crf > 0 ? o.crf : 31), "-b:v", "0",
                               "-deadline", "good", "-cpu-used", "4", "-row-mt", "1", "-pix_fmt", "yuv420p"});
  }
  for (const auto& [key, value] : o.metadata) args_.insert(args_.end(), {"-metadata", key + "=" + value});
  args_.insert(args_.end(), {"-f", codec == VideoCodec::h264 ? "mp4" : "webm", s.file.temp_path().string()});

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    int err = errno;
    s.file.abort();
    throw_os_error(path, "cannot create a pipe to ffmpeg", err);
  }
  s.stderr_fd = ::memfd_create("gatemap-ffmpeg-stderr", MFD_CLOEXEC);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[0], 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  if (s.stderr_fd >= 0) posix_spawn_file_actions_adddup2(&actions, s.stderr_fd, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> argv;
  for (auto& a : args_) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, exe.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(fds[0]);
  if (rc != 0) {
    ::close(fds[1]);
    s.close_stderr();
    s.file.abort();
    throw ExportError(ExportError::Kind::tool_failed, path,
                      path.string() + ": cannot start " + exe.string() + ": " + std::strerror(rc));
  }
  s.pid = pid;
  set_signal_child(pid);  // SIGINT/SIGTERM kill it before removing its temporary file
  s.pipe_fd = fds[1];
  // Non-blocking, so that an ffmpeg that stops reading is noticed (send() polls with a timeout).
  ::fcntl(s.pipe_fd, F_SETFL, ::fcntl(s.pipe_fd, F_GETFL) | O_NONBLOCK);
  s.timeout_s = ffmpeg_timeout_s(o);
  rgb_.clear();
  last_row_.assign(std::size_t(output_width()) * 3, 0);
}

void VideoWriter::fail_from_ffmpeg(const std::string& what, int status) {
  Impl& s = *impl_;
  const fs::path p = s.file.destination();
  if (s.pid > 0) status = s.stop(/*wait_for_exit=*/true);
  std::string msg = p.string() + ": " + what;
  if (status >= 0 && WIFEXITED(status))
    msg += " (" + s.program + " exit status " + std::to_string(WEXITSTATUS(status)) + ")";
  if (status >= 0 && WIFSIGNALED(status))
    msg += " (" + s.program + " killed by signal " + std::to_string(WTERMSIG(status)) + ")";
  const std::string tail = s.stderr_tail();
  if (!tail.empty()) msg += ": " + tail;
  abort();
  throw ExportError(ExportError::Kind::tool_failed, p, msg);
}

void VideoWriter::stop_hung_ffmpeg(const std::string& what) {
  Impl& s = *impl_;
  const fs::path p = s.file.destination();
  const std::string tail = s.stderr_tail();
  abort();  // kills ffmpeg, removes the temporary file
  std::string msg = p.string() + ": " + s.program + " " + what + " for " + std::to_string(s.timeout_s) +
                    " s and was stopped (GATEMAP_FFMPEG_TIMEOUT=SECONDS waits longer)";
  if (!tail.empty()) msg += ": " + tail;
  throw ExportError(ExportError::Kind::tool_failed, p, msg);
}

void VideoWriter::send(const std::uint8_t* data, std::size_t size) {
  Impl& s = *impl_;
  SigpipeBlock guard;
  while (size > 0) {
    ssize_t n = ::write(s.pipe_fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        // The pipe is full: wait until ffmpeg reads, for at most timeout_s.
        pollfd pfd{s.pipe_fd, POLLOUT, 0};
        int ready;
        do {
          ready = ::poll(&pfd, 1, s.timeout_s * 1000);
        } while (ready < 0 && errno == EINTR);  // (an interrupted wait starts again: at worst longer)
        if (ready == 0) stop_hung_ffmpeg("stopped reading frames");
        continue;  // writable, or an error that the next write() reports (EPIPE)
      }
      if (errno == EPIPE) fail_from_ffmpeg("ffmpeg stopped reading frames", -1);
      int err = errno;
      const fs::path p = s.file.destination();
      abort();
      throw_os_error(p, "writing frames to ffmpeg failed", err);
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

void VideoWriter::write_strip(const std::uint8_t* top_row, int row_count, std::ptrdiff_t line_space) {
  Impl& s = *impl_;
  if (s.pid <= 0) throw ExportError(ExportError::Kind::invalid, {}, "video writer: write_rows without open");
  if (row_count < 0) throw ExportError(ExportError::Kind::invalid, s.file.destination(), "negative row count");
  const std::size_t out_row = std::size_t(output_width()) * 3;
  const bool pad_x = (width_ & 1) != 0;
  while (row_count > 0) {
    // Convert up to ~1 MiB of rows, then one write: few system calls, little memory.
    const int n = std::min({row_count, height_ - rows_in_frame_, std::max(1, int((1u << 20) / out_row))});
    const bool pad_y = (height_ & 1) != 0 && rows_in_frame_ + n == height_;
    rgb_.resize(out_row * std::size_t(n + (pad_y ? 1 : 0)));
    for (int r = 0; r < n; ++r) rgba_row_to_rgb(top_row + line_space * r, &rgb_[out_row * r], width_, pad_x);
    if (pad_y) std::memcpy(&rgb_[out_row * n], &rgb_[out_row * (n - 1)], out_row);  // odd height: repeat the last row
    send(rgb_.data(), rgb_.size());
    top_row += line_space * n;
    row_count -= n;
    rows_in_frame_ += n;
    if (rows_in_frame_ == height_) {
      rows_in_frame_ = 0;
      ++frames_;
    }
  }
}

void VideoWriter::write_rows(const std::uint8_t* rgba, int row_count, std::size_t stride) {
  write_strip(rgba, row_count, static_cast<std::ptrdiff_t>(stride));
}

void VideoWriter::write_rows_bottom_up(const std::uint8_t* rgba, int row_count, std::size_t stride) {
  if (row_count <= 0) return write_strip(rgba, row_count, static_cast<std::ptrdiff_t>(stride));
  write_strip(rgba + stride * std::size_t(row_count - 1), row_count, -static_cast<std::ptrdiff_t>(stride));
}

void VideoWriter::finish() {
  Impl& s = *impl_;
  if (s.pid <= 0) throw ExportError(ExportError::Kind::invalid, {}, "video writer: finish without open");
  if (frames_ == 0 || rows_in_frame_ != 0) {
    const fs::path p = s.file.destination();
    const std::string why = frames_ == 0 ? "no frame was written" : "the last frame is incomplete";
    abort();
    throw ExportError(ExportError::Kind::invalid, p, p.string() + ": " + why + "; no file written");
  }
  ::close(std::exchange(s.pipe_fd, -1));  // end of input: ffmpeg finishes the file
  // It may take a while to encode what it holds, but then its output grows: only an ffmpeg whose
  // file has not grown for timeout_s is taken for hung.
  int status = -1;
  off_t last_size = -1;
  auto last_change = std::chrono::steady_clock::now();
  for (;;) {
    const pid_t r = ::waitpid(s.pid, &status, WNOHANG);
    if (r == s.pid) {
      clear_signal_child(s.pid);
      s.pid = -1;
      break;
    }
    if (r < 0 && errno != EINTR) break;
    struct stat st {};
    const off_t size = ::stat(s.file.temp_path().c_str(), &st) == 0 ? st.st_size : -1;
    const auto now = std::chrono::steady_clock::now();
    if (size != last_size) {
      last_size = size;
      last_change = now;
    } else if (now - last_change > std::chrono::seconds(s.timeout_s)) {
      stop_hung_ffmpeg("did not finish the video");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) fail_from_ffmpeg("ffmpeg failed", status);
  s.close_stderr();
  s.file.commit();
}

void VideoWriter::abort() noexcept {
  Impl& s = *impl_;
  s.stop();  // kill first: ffmpeg must not write to the temporary file once it is unlinked
  s.close_stderr();
  s.file.abort();
}

}  // namespace gatemap::exporter
