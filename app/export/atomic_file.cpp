#include "app/export/atomic_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>  // renameat2, RENAME_NOREPLACE (glibc >= 2.28)
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <system_error>
#include <utility>

namespace gatemap::exporter {
namespace fs = std::filesystem;

namespace {

std::string reason(int err) {
  std::string text = std::system_category().message(err);
  if (err == ENOSPC) text += " (the disk is full)";
  if (err == EDQUOT) text += " (disk quota exceeded)";
  return text;
}

fs::path folder_of(const fs::path& file) {
  fs::path parent = file.parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

void fsync_folder(const fs::path& folder) noexcept {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);  // some file systems refuse fsync on folders; the rename itself is done
  ::close(fd);
}

[[noreturn]] void throw_exists(const fs::path& destination) {
  throw ExportError(ExportError::Kind::exists, destination, destination.string() + " exists; use --force to overwrite");
}

// rename() that fails with EEXIST instead of replacing. Returns 0 or an errno value.
int rename_no_replace(const fs::path& from, const fs::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  int err = errno;
  if (err != EINVAL && err != ENOSYS) return err;
  // A file system without RENAME_NOREPLACE: link() also refuses an existing name atomically.
  if (::link(from.c_str(), to.c_str()) == 0) {
    ::unlink(from.c_str());
    return 0;
  }
  err = errno;
  if (err != EPERM && err != EOPNOTSUPP) return err;
  // No hard links either (e.g. some FUSE/FAT mounts): check, then rename (small race accepted).
  if (::access(to.c_str(), F_OK) == 0) return EEXIST;
  return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

// ---- Signal cleanup -----------------------------------------------------------------------------
// A fixed registry that the SIGINT/SIGTERM handler can read without allocating or locking. A slot
// is claimed (free -> busy) with a compare-and-swap, filled, then published (busy -> used); the
// handler only reads published slots. Paths that do not fit are not registered (then only the
// ordinary cleanup applies).

// The handler may only touch lock-free atomics.
static_assert(std::atomic<int>::is_always_lock_free && std::atomic<pid_t>::is_always_lock_free &&
              std::atomic<bool>::is_always_lock_free && std::atomic<void*>::is_always_lock_free);

constexpr int kTempSlots = 16;
constexpr int kFrameSetSlots = 4;
enum : int { kFree = 0, kBusy = 1, kUsed = 2 };
enum : int { kFrameNone = 0, kFrameMoved = 1 };

struct TempSlot {
  std::atomic<int> state{kFree};
  char path[PATH_MAX];
};
TempSlot g_temp_slots[kTempSlots];
std::atomic<pid_t> g_child{0};

// Creating a temporary file races with a signal handled on another thread (the PNG workers and
// Mesa's threads may take a process-directed SIGINT while the main thread goes on): a file created
// after the handler's pass would be left behind. So a creator counts itself in g_creating, parks if
// the process is already dying, and registers the name before it creates the file; the handler marks
// the process dying and waits for the creators that got in first before it removes anything.
std::atomic<bool> g_dying{false};
std::atomic<int> g_creating{0};
// This thread is between the two counts (a signal may land here). initial-exec: the handler reads it
// without a call into the dynamic loader.
__attribute__((tls_model("initial-exec"))) thread_local bool t_creating = false;

int register_temp(const fs::path& path) noexcept {
  const std::string& p = path.native();
  if (p.size() >= PATH_MAX) return -1;
  for (int i = 0; i < kTempSlots; ++i) {
    int expected = kFree;
    if (!g_temp_slots[i].state.compare_exchange_strong(expected, kBusy)) continue;
    std::memcpy(g_temp_slots[i].path, p.c_str(), p.size() + 1);
    g_temp_slots[i].state.store(kUsed);
    return i;
  }
  return -1;
}

void unregister_temp(int& slot) noexcept {
  if (slot >= 0) g_temp_slots[slot].state.store(kFree);
  slot = -1;
}

}  // namespace

// Frame names (NUL-separated, in one preallocated block), the hidden folder they are written to, the
// destination folder and a state per frame: what a signal removes.
struct FrameDirectory::SignalState {
  std::string stage;                 // the hidden folder; never resized while registered
  std::string dir;                   // the destination folder
  std::string names;                 // "a.png\0b.png\0..."
  std::vector<std::size_t> offsets;  // of each name in `names`
  // Per frame: kFrameNone (not in dir), kFrameMoved (being moved, or moved, into dir by commit()).
  std::unique_ptr<std::atomic<int>[]> state;
  bool force = false;
  int slot = -1;
};

namespace {

std::atomic<FrameDirectory::SignalState*> g_frame_sets[kFrameSetSlots];

// `folder`/`name` into `out`; false if it does not fit.
bool join_path(char (&out)[PATH_MAX], const std::string& folder, const char* name) noexcept {
  const std::size_t dir_len = folder.size(), name_len = std::strlen(name);
  if (dir_len + 1 + name_len >= PATH_MAX) return false;
  std::memcpy(out, folder.data(), dir_len);
  out[dir_len] = '/';
  std::memcpy(out + dir_len + 1, name, name_len + 1);
  return true;
}

// Everything in the hidden folder is this run's; in the destination folder only the frames that
// commit() moved there and that took no older frame's place (without --force).
void remove_frame_set(const FrameDirectory::SignalState& s) noexcept {
  char path[PATH_MAX];
  for (std::size_t i = 0; i < s.offsets.size(); ++i) {
    const char* name = s.names.data() + s.offsets[i];
    if (join_path(path, s.stage, name)) ::unlink(path);
    if (s.state[i].load() == kFrameMoved && !s.force && join_path(path, s.dir, name)) ::unlink(path);
  }
  ::rmdir(s.stage.c_str());  // only succeeds if it is empty (and fails harmlessly once renamed)
}

extern "C" void cleanup_and_reraise(int sig) {
  const int saved_errno = errno;
  g_dying.store(true);
  // Creators on other threads finish creating and registering their file (a few system calls); a
  // creator interrupted on this thread never resumes. Bounded, in case one is stopped for good.
  const int own = t_creating ? 1 : 0;
  for (int i = 0; i < 2000 && g_creating.load() > own; ++i) {
    struct timespec ms {
      0, 1000000
    };
    ::nanosleep(&ms, nullptr);
  }
  const pid_t child = g_child.exchange(0);
  if (child > 0) {
    ::kill(child, SIGKILL);
    // Reaped before the files go, so that it cannot recreate its output file afterwards.
    while (::waitpid(child, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  for (TempSlot& slot : g_temp_slots) {
    if (slot.state.load() == kUsed) ::unlink(slot.path);
  }
  for (auto& set : g_frame_sets) {
    if (FrameDirectory::SignalState* s = set.load()) remove_frame_set(*s);
  }
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  ::sigaction(sig, &dfl, nullptr);
  sigset_t unblock;
  sigemptyset(&unblock);
  sigaddset(&unblock, sig);
  ::sigprocmask(SIG_UNBLOCK, &unblock, nullptr);  // the handler runs with `sig` blocked
  ::raise(sig);
  errno = saved_errno;  // not reached: the default action of SIGINT and SIGTERM ends the process
}

}  // namespace

void install_signal_cleanup() {
  static std::atomic<bool> installed{false};
  if (installed.exchange(true)) return;
  for (int sig : {SIGINT, SIGTERM}) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) != 0) continue;
    if (old.sa_handler == SIG_IGN) continue;  // e.g. nohup, or a background job's SIGINT
    struct sigaction sa {};
    sa.sa_handler = cleanup_and_reraise;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT);  // one cleanup at a time
    sigaddset(&sa.sa_mask, SIGTERM);
    ::sigaction(sig, &sa, nullptr);
  }
}

void set_signal_child(pid_t pid) noexcept { g_child.store(pid); }

void clear_signal_child(pid_t pid) noexcept {
  pid_t expected = pid;
  g_child.compare_exchange_strong(expected, 0);
}

pid_t temporary_owner(std::string_view name) {
  // ".NAME.tmp-PID-N" with NAME not empty and PID, N decimal.
  auto all_digits = [](std::string_view d) {
    return !d.empty() && d.size() <= 10 && d.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (name.size() < 9 || name[0] != '.') return 0;
  const std::size_t dash2 = name.rfind('-');
  if (dash2 == std::string_view::npos || !all_digits(name.substr(dash2 + 1))) return 0;
  const std::size_t dash1 = name.rfind('-', dash2 - 1);
  if (dash1 == std::string_view::npos || dash1 < 6 || !all_digits(name.substr(dash1 + 1, dash2 - dash1 - 1))) return 0;
  if (name.substr(dash1 - 4, 4) != ".tmp") return 0;
  const unsigned long long pid =
      std::strtoull(std::string(name.substr(dash1 + 1, dash2 - dash1 - 1)).c_str(), nullptr, 10);
  return pid > 0 && pid <= 0x3fffffff ? static_cast<pid_t>(pid) : 0;
}

namespace {

// Removes the regular files in folder `name` (inside `parent_fd`), then the folder if it is empty.
void remove_stale_folder(int parent_fd, const char* name) noexcept {
  const int fd = ::openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return;
  if (DIR* d = ::fdopendir(fd)) {
    while (const dirent* e = ::readdir(d)) {
      struct stat st {};
      if (::fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)) ::unlinkat(fd, e->d_name, 0);
    }
    ::closedir(d);  // closes fd
  } else {
    ::close(fd);
  }
  ::unlinkat(parent_fd, name, AT_REMOVEDIR);  // fails, harmlessly, if something else is left
}

}  // namespace

int remove_stale_temporaries(const fs::path& folder) noexcept {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return 0;
  DIR* d = ::fdopendir(fd);
  if (!d) {
    ::close(fd);
    return 0;
  }
  int removed = 0;
  const pid_t self = ::getpid();
  while (const dirent* e = ::readdir(d)) {
    const pid_t owner = temporary_owner(e->d_name);
    if (owner <= 0 || owner == self) continue;
    // Only a process that is gone: EPERM means it runs under another user, so it is kept too.
    if (::kill(owner, 0) == 0 || errno != ESRCH) continue;
    struct stat st {};
    if (::fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (S_ISREG(st.st_mode)) {
      if (::unlinkat(fd, e->d_name, 0) == 0) ++removed;
    } else if (S_ISDIR(st.st_mode)) {  // an interrupted --out-dir frame set
      remove_stale_folder(fd, e->d_name);
      if (::fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) ++removed;
    }
  }
  ::closedir(d);
  return removed;
}

void throw_os_error(const fs::path& path, const std::string& what, int err) {
  throw ExportError(ExportError::Kind::io, path, path.string() + ": " + what + ": " + reason(err));
}

void check_destination(const fs::path& destination, bool force) {
  if (destination.empty() || destination.filename().empty() || destination.filename() == "." ||
      destination.filename() == "..")
    throw ExportError(ExportError::Kind::invalid, destination, "'" + destination.string() + "' is not a file name");
  struct stat st {};
  if (::stat(destination.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode))
      throw ExportError(ExportError::Kind::exists, destination, destination.string() + " is a folder");
    if (!force) throw_exists(destination);
  }
  const fs::path folder = folder_of(destination);
  if (::stat(folder.c_str(), &st) != 0) {
    int err = errno;
    if (err == ENOENT)
      throw ExportError(ExportError::Kind::io, destination,
                        destination.string() + ": folder " + folder.string() + " does not exist");
    throw_os_error(destination, "cannot reach folder " + folder.string(), err);
  }
  if (!S_ISDIR(st.st_mode))
    throw ExportError(ExportError::Kind::io, destination,
                      destination.string() + ": " + folder.string() + " is not a folder");
}

AtomicFile::AtomicFile(const fs::path& destination, bool force) : destination_(destination), force_(force) {
  check_destination(destination, force);
  remove_stale_temporaries(folder_of(destination));
  std::string name = destination.filename().string();
  if (name.size() > 200) name.resize(200);  // keep the temporary name within NAME_MAX
  // `.NAME.tmp-PID-N`: unique among running processes (the process id) and within this one (N), so
  // the name can be registered for the signal handler before the file exists.
  static std::atomic<unsigned> counter{0};
  const std::string prefix = "." + name + ".tmp-" + std::to_string(::getpid()) + "-";
  int fd = -1, err = 0;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    const fs::path candidate = folder_of(destination) / (prefix + std::to_string(counter.fetch_add(1)));
    g_creating.fetch_add(1);
    t_creating = true;
    if (g_dying.load()) {  // a signal is being handled on another thread: the process is ending
      for (;;) ::pause();
    }
    const int slot = register_temp(candidate);
    fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);  // & ~umask
    err = errno;
    t_creating = false;
    g_creating.fetch_sub(1);
    if (fd >= 0) {
      temp_path_ = candidate;
      signal_slot_ = slot;
    } else {
      int s = slot;
      unregister_temp(s);
      if (err != EEXIST) break;  // EEXIST: a stale file of an earlier process with our id
    }
  }
  if (fd < 0) throw_os_error(destination, "cannot create a file in " + folder_of(destination).string(), err);
  fd_ = fd;
}

AtomicFile::~AtomicFile() { abort(); }

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : destination_(std::move(other.destination_)),
      temp_path_(std::exchange(other.temp_path_, {})),
      fd_(std::exchange(other.fd_, -1)),
      signal_slot_(std::exchange(other.signal_slot_, -1)),
      force_(other.force_),
      committed_(other.committed_) {}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
  if (this != &other) {
    abort();
    destination_ = std::move(other.destination_);
    temp_path_ = std::exchange(other.temp_path_, {});
    fd_ = std::exchange(other.fd_, -1);
    signal_slot_ = std::exchange(other.signal_slot_, -1);
    force_ = other.force_;
    committed_ = other.committed_;
  }
  return *this;
}

void AtomicFile::write(const void* data, std::size_t size) {
  if (fd_ < 0)
    throw ExportError(ExportError::Kind::invalid, destination_, destination_.string() + ": file is not open");
  auto* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd_, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      abort();
      throw_os_error(destination_, "write failed", err);
    }
    p += n;
    size -= static_cast<std::size_t>(n);
  }
}

void AtomicFile::close_descriptor() {
  if (fd_ < 0) return;
  int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) {
    int err = errno;
    abort();
    throw_os_error(destination_, "close failed", err);
  }
}

void AtomicFile::commit() {
  if (temp_path_.empty() || committed_)
    throw ExportError(ExportError::Kind::invalid, destination_, destination_.string() + ": nothing to commit");
  int fd = fd_ >= 0 ? std::exchange(fd_, -1) : ::open(temp_path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    abort();
    throw_os_error(destination_, "cannot reopen temporary file " + temp_path_.string(), err);
  }
  // Delayed allocation file systems report a full disk at fsync or close, not at write.
  int err = ::fsync(fd) == 0 ? 0 : errno;
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err != 0 && err != EINVAL) {
    abort();
    throw_os_error(destination_, "write failed", err);
  }
  err = force_ ? (::rename(temp_path_.c_str(), destination_.c_str()) == 0 ? 0 : errno)
               : rename_no_replace(temp_path_, destination_);
  if (err != 0) {
    abort();
    if (err == EEXIST) throw_exists(destination_);
    throw_os_error(destination_, "cannot rename " + temp_path_.filename().string() + " into place", err);
  }
  committed_ = true;
  temp_path_.clear();
  unregister_temp(signal_slot_);  // after the rename: a signal before it still removes the file
  fsync_folder(folder_of(destination_));
}

void AtomicFile::abort() noexcept {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  if (!temp_path_.empty() && !committed_) ::unlink(temp_path_.c_str());
  unregister_temp(signal_slot_);
  temp_path_.clear();
}

// ---- FrameDirectory --------------------------------------------------------------------------

FrameDirectory::FrameDirectory(const fs::path& dir, const std::vector<std::string>& frame_names, bool force)
    : dir_(dir), force_(force) {
  if (dir.empty() || dir.filename().empty() || dir.filename() == "." || dir.filename() == "..")
    throw ExportError(ExportError::Kind::invalid, dir, "'" + dir.string() + "' is not a folder name");
  struct stat st {};
  fs::path stage_folder;  // where the hidden folder goes
  if (::stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode))
      throw ExportError(ExportError::Kind::io, dir, dir.string() + " exists and is not a folder");
    if (::access(dir.c_str(), W_OK) != 0) {
      int err = errno;
      throw_os_error(dir, "cannot write into folder", err);
    }
    if (!force) {
      for (const auto& name : frame_names) {
        if (::access((dir / name).c_str(), F_OK) == 0) throw_exists(dir / name);
      }
    }
    existing_ = true;
    stage_folder = dir;  // inside it: on its file system, so the frames can be renamed into it
  } else {
    stage_folder = folder_of(dir);
    if (::stat(stage_folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
      throw ExportError(ExportError::Kind::io, dir,
                        dir.string() + ": folder " + stage_folder.string() + " does not exist");
  }
  remove_stale_temporaries(stage_folder);
  std::string name = dir.filename().string();
  if (name.size() > 200) name.resize(200);
  static std::atomic<unsigned> counter{0};
  const std::string prefix = "." + name + ".tmp-" + std::to_string(::getpid()) + "-";
  int err = 0;
  for (int attempt = 0; attempt < 100; ++attempt) {
    stage_ = stage_folder / (prefix + std::to_string(counter.fetch_add(1)));
    register_for_signals(frame_names);  // before the folder exists (see AtomicFile)
    g_creating.fetch_add(1);
    t_creating = true;
    if (g_dying.load()) {
      for (;;) ::pause();
    }
    err = ::mkdir(stage_.c_str(), 0777) == 0 ? 0 : errno;
    t_creating = false;
    g_creating.fetch_sub(1);
    if (err == 0) return;
    unregister_for_signals();
    if (err != EEXIST) break;
  }
  stage_.clear();
  throw_os_error(dir, "cannot create a folder in " + stage_folder.string(), err);
}

void FrameDirectory::register_for_signals(const std::vector<std::string>& frame_names) {
  auto state = std::make_unique<SignalState>();
  state->stage = stage_.native();
  state->dir = dir_.native();
  state->offsets.reserve(frame_names.size());
  for (const auto& name : frame_names) {
    state->offsets.push_back(state->names.size());
    state->names += name;
    state->names.push_back('\0');
  }
  state->state = std::make_unique<std::atomic<int>[]>(frame_names.size());
  for (std::size_t i = 0; i < frame_names.size(); ++i) state->state[i].store(kFrameNone);
  state->force = force_;
  for (int i = 0; i < kFrameSetSlots; ++i) {
    SignalState* expected = nullptr;
    if (g_frame_sets[i].compare_exchange_strong(expected, state.get())) {
      state->slot = i;
      break;
    }
  }
  signal_ = std::move(state);
}

void FrameDirectory::unregister_for_signals() noexcept {
  if (signal_ && signal_->slot >= 0) {
    g_frame_sets[signal_->slot].store(nullptr);
    signal_->slot = -1;
  }
}

void FrameDirectory::commit() {
  if (committed_ || stage_.empty())
    throw ExportError(ExportError::Kind::invalid, dir_, dir_.string() + ": nothing to commit");
  if (!existing_) {
    // One rename: the folder appears whole. It may not have appeared meanwhile.
    const int err = rename_no_replace(stage_, dir_);
    if (err != 0) {
      remove_written();
      if (err == EEXIST || err == ENOTEMPTY) throw_exists(dir_);
      throw_os_error(dir_, "cannot rename " + stage_.filename().string() + " into place", err);
    }
    fsync_folder(folder_of(dir_));
  } else {
    // Into an existing folder, frame by frame (each rename is whole; the older frames stay until
    // this point). Without --force a frame may not take the place of a file that appeared meanwhile.
    for (const fs::path& written : written_) {
      const std::string name = written.filename().string();
      mark_moved(name);
      const int err = force_ ? (::rename(written.c_str(), (dir_ / name).c_str()) == 0 ? 0 : errno)
                             : rename_no_replace(written, dir_ / name);
      if (err != 0) {
        remove_written();
        if (err == EEXIST) throw_exists(dir_ / name);
        throw_os_error(dir_ / name, "cannot move the frame into place", err);
      }
      moved_.push_back(dir_ / name);
    }
    ::rmdir(stage_.c_str());
    fsync_folder(dir_);
  }
  committed_ = true;
  written_.clear();
  unregister_for_signals();
}

FrameDirectory::~FrameDirectory() {
  if (!committed_) remove_written();
  unregister_for_signals();
}

FrameDirectory::FrameDirectory(FrameDirectory&& other) noexcept
    : dir_(std::move(other.dir_)),
      stage_(std::move(other.stage_)),
      written_(std::move(other.written_)),
      moved_(std::move(other.moved_)),
      signal_(std::move(other.signal_)),
      force_(other.force_),
      existing_(other.existing_),
      committed_(std::exchange(other.committed_, true)) {}

FrameDirectory& FrameDirectory::operator=(FrameDirectory&& other) noexcept {
  if (this != &other) {
    if (!committed_) remove_written();
    unregister_for_signals();
    dir_ = std::move(other.dir_);
    stage_ = std::move(other.stage_);
    written_ = std::move(other.written_);
    moved_ = std::move(other.moved_);
    signal_ = std::move(other.signal_);
    force_ = other.force_;
    existing_ = other.existing_;
    committed_ = std::exchange(other.committed_, true);
  }
  return *this;
}

void FrameDirectory::mark_moved(const std::string& name) noexcept {
  if (!signal_) return;
  for (std::size_t i = 0; i < signal_->offsets.size(); ++i) {
    if (std::strcmp(signal_->names.data() + signal_->offsets[i], name.c_str()) == 0) {
      signal_->state[i].store(kFrameMoved);
      return;
    }
  }
}

void FrameDirectory::frame_starting(const std::string&) {}

void FrameDirectory::frame_written(const std::string& name) { written_.push_back(stage_ / name); }

void FrameDirectory::remove_written() noexcept {
  for (const auto& p : written_) ::unlink(p.c_str());
  written_.clear();
  // A failed commit() into an existing folder: the frames it moved there without --force are new
  // names, so they go too; with --force they replaced older frames, which cannot come back.
  if (!force_)
    for (const auto& p : moved_) ::unlink(p.c_str());
  moved_.clear();
  if (!stage_.empty()) ::rmdir(stage_.c_str());  // only succeeds if it is empty
  unregister_for_signals();
}

}  // namespace gatemap::exporter
