#pragma once
// Files that appear whole or not at all.
//
// An AtomicFile writes to a temporary name in the destination's folder (`.NAME.tmp-PID-N`), and
// commit() makes it durable (fsync) and moves it into place with a rename, so a reader never sees
// a half-written export and a failure (full disk, crash, exception) leaves nothing behind: the
// destructor of an uncommitted AtomicFile unlinks the temporary file. An existing destination is
// refused unless `force` (checked when the file is opened, so no rendering is wasted, and again,
// race-free, at commit).
//
// FrameDirectory does the same for a folder of frames (time-lapse image sequences): the frames are
// written into a hidden folder `.DIR.tmp-PID-N` (each its own AtomicFile) that is renamed into place
// when the sequence is complete, so a broken sequence never appears under the folder's name; an
// export that fails or is stopped before FrameDirectory::commit() removes the hidden folder.
//
// Signals: after install_signal_cleanup(), SIGINT and SIGTERM first remove every temporary file
// of an open AtomicFile, the hidden folder of an uncommitted FrameDirectory with its frames, and kill a registered
// child (ffmpeg), then end the process by the signal as before (default disposition, re-raised: exit status 128+sig).
// The handler only reads preallocated buffers and lock-free atomics and calls async-signal-safe functions (kill,
// waitpid, unlink, rmdir, stat, sigaction, sigprocmask, raise, nanosleep). A temporary file's name is registered before
// the file is created, and a signal taken on another thread waits for creations in progress, so none is left. Left
// behind still: a SIGKILL or a crash (removed by the next export into that folder: remove_stale_temporaries()), and a
// signal in the few instructions between starting ffmpeg and registering it.
//
// Every failure is an ExportError whose message is one line naming the path and the OS reason,
// ready to show to a user.
#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gatemap::exporter {

class ExportError : public std::runtime_error {
 public:
  enum class Kind {
    exists,        // destination exists and --force was not given
    io,            // the OS refused (missing folder, permission, full disk, ...)
    invalid,       // bad arguments (size, metadata keyword, row count, ...)
    tool_missing,  // an external program (ffmpeg) is not installed
    tool_failed,   // an external program ran and failed
    library,       // a library (zlib, GDAL) reported an error
  };

  ExportError(Kind kind, std::filesystem::path path, const std::string& message)
      : std::runtime_error(message), kind_(kind), path_(std::move(path)) {}

  Kind kind() const { return kind_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  Kind kind_;
  std::filesystem::path path_;
};

// "PATH: what failed: OS reason" for errno `err`, with a hint for the common cases.
[[noreturn]] void throw_os_error(const std::filesystem::path& path, const std::string& what, int err);

// Installs the SIGINT/SIGTERM cleanup handler (once per process; a signal that is ignored, e.g.
// under nohup, stays ignored). The export command calls it; the window does not.
void install_signal_cleanup();
// A child process (ffmpeg) to kill (SIGKILL, then reaped) before the temporary files are removed,
// so that it cannot recreate one. One at a time; clear_signal_child(pid) forgets it.
void set_signal_child(pid_t pid) noexcept;
void clear_signal_child(pid_t pid) noexcept;

// Stale temporary files: `.NAME.tmp-PID-N` entries in `folder` whose process PID is gone on this
// machine (kill(PID, 0) fails with ESRCH) are what a SIGKILL or a crash left; they are removed
// (a folder of that name, an interrupted frame set, with the regular files in it). Entries of a
// running process, of this process, of another user's process (EPERM) and every other name are
// kept. AtomicFile and FrameDirectory call it on their destination folder. Returns how many went.
// Limitation: process ids are this machine's, so exports running on other machines into one
// shared (NFS) folder must not be mixed with this cleanup.
int remove_stale_temporaries(const std::filesystem::path& folder) noexcept;
// The PID of a name of the form `.NAME.tmp-PID-N`, or 0 for any other name.
pid_t temporary_owner(std::string_view name);

class AtomicFile {
 public:
  AtomicFile() = default;
  // Creates the temporary file next to `destination`. Throws ExportError (exists / io).
  AtomicFile(const std::filesystem::path& destination, bool force);
  ~AtomicFile();  // unlinks the temporary file unless committed
  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&& other) noexcept;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  bool is_open() const { return !temp_path_.empty() && !committed_; }
  const std::filesystem::path& destination() const { return destination_; }
  const std::filesystem::path& temp_path() const { return temp_path_; }

  // Writes all bytes (retrying short writes and EINTR). Throws ExportError on any error, e.g.
  // ENOSPC: "…: No space left on device (the disk is full)".
  void write(const void* data, std::size_t size);

  // For writers that need a file name rather than a descriptor (GDAL, ffmpeg): closes our
  // descriptor and keeps the temporary name, which they then overwrite. commit() reopens it to
  // fsync. The temporary file is still removed if commit() is never reached.
  void close_descriptor();

  // fsync, close (checking for deferred write errors), rename into place (refusing an existing
  // destination unless force), fsync the folder. Throws ExportError and removes the temporary file
  // on failure. After commit() the object no longer owns anything.
  void commit();

  // Removes the temporary file now (also what the destructor does). Never throws.
  void abort() noexcept;

 private:
  std::filesystem::path destination_;
  std::filesystem::path temp_path_;
  int fd_ = -1;
  int signal_slot_ = -1;  // where temp_path_ is registered for the signal handler, or -1
  bool force_ = false;
  bool committed_ = false;
};

// Throws ExportError(exists) when `destination` exists and !force; ExportError(io) when its
// folder is missing or not a folder. Cheap: lets a command fail before it renders anything.
void check_destination(const std::filesystem::path& destination, bool force);

class FrameDirectory {
 public:
  FrameDirectory() = default;
  // Frames are written into a hidden folder `.NAME.tmp-PID-N`: next to `dir` when `dir` does not
  // exist (its parent must), inside `dir` when it does. With !force, refuses before anything is
  // written if any of `frame_names` (file names inside dir) already exists in `dir`.
  FrameDirectory(const std::filesystem::path& dir, const std::vector<std::string>& frame_names, bool force);
  ~FrameDirectory();  // without commit(): removes the hidden folder and the frames in it
  FrameDirectory(FrameDirectory&&) noexcept;
  FrameDirectory& operator=(FrameDirectory&&) noexcept;
  FrameDirectory(const FrameDirectory&) = delete;
  FrameDirectory& operator=(const FrameDirectory&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  // Where a frame is written until commit(): inside the hidden folder.
  std::filesystem::path frame_path(const std::string& name) const { return stage_ / name; }
  const std::filesystem::path& stage() const { return stage_; }

  // frame_written(name) after the frame's writer committed it (frame_starting() is kept for
  // callers; the hidden folder needs no bookkeeping before a frame is written).
  void frame_starting(const std::string& name);
  void frame_written(const std::string& name);
  // The sequence is complete: a new folder is renamed into place in one step; into an existing
  // folder the frames are moved one by one (with --force replacing older frames only now, so an
  // interrupted run leaves the older frames as they were). Throws ExportError and leaves nothing of
  // this run when a rename fails (frames moved over older ones with --force stay).
  void commit();
  bool force() const { return force_; }

  // What the signal handler removes: the hidden folder and frame names in preallocated memory, and
  // a state per name (moved into dir by commit()). On the heap, so that moving this object moves
  // nothing.
  struct SignalState;

 private:
  void remove_written() noexcept;
  void register_for_signals(const std::vector<std::string>& frame_names);
  void unregister_for_signals() noexcept;
  void mark_moved(const std::string& name) noexcept;

  std::filesystem::path dir_;
  std::filesystem::path stage_;                 // the hidden folder
  std::vector<std::filesystem::path> written_;  // frames in stage_
  std::vector<std::filesystem::path> moved_;    // frames commit() moved into dir_
  std::unique_ptr<SignalState> signal_;
  bool force_ = false;
  bool existing_ = false;  // dir_ existed: frames are moved into it one by one
  bool committed_ = false;
};

}  // namespace gatemap::exporter
