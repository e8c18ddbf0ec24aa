#include "app/export/atomic_file.hpp"

#include <fcntl.h>
#include <stdio.h>  // renameat2, RENAME_NOREPLACE (glibc >= 2.28)
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
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

// mkstemp creates files with mode 0600; an export should get the usual 0666 & ~umask. umask(2)
// cannot be read without setting it (racy with other threads), so read it from /proc.
mode_t current_umask() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Umask:", 0) == 0) return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8));
  }
  return 022;
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

}  // namespace

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
  std::string name = destination.filename().string();
  if (name.size() > 200) name.resize(200);  // keep the temporary name within NAME_MAX
  std::string templ = (folder_of(destination) / ("." + name + ".tmp-XXXXXX")).string();
  int fd = ::mkostemp(templ.data(), O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    throw_os_error(destination, "cannot create a file in " + folder_of(destination).string(), err);
  }
  fd_ = fd;
  temp_path_ = templ;
  (void)::fchmod(fd_, 0666 & ~current_umask());
}

AtomicFile::~AtomicFile() { abort(); }

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : destination_(std::move(other.destination_)),
      temp_path_(std::exchange(other.temp_path_, {})),
      fd_(std::exchange(other.fd_, -1)),
      force_(other.force_),
      committed_(other.committed_) {}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
  if (this != &other) {
    abort();
    destination_ = std::move(other.destination_);
    temp_path_ = std::exchange(other.temp_path_, {});
    fd_ = std::exchange(other.fd_, -1);
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
  fsync_folder(folder_of(destination_));
}

void AtomicFile::abort() noexcept {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  if (!temp_path_.empty() && !committed_) ::unlink(temp_path_.c_str());
  temp_path_.clear();
}

// ---- FrameDirectory --------------------------------------------------------------------------

FrameDirectory::FrameDirectory(const fs::path& dir, const std::vector<std::string>& frame_names, bool force)
    : dir_(dir), force_(force) {
  if (dir.empty()) throw ExportError(ExportError::Kind::invalid, dir, "no output folder given");
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode))
      throw ExportError(ExportError::Kind::io, dir, dir.string() + " exists and is not a folder");
  } else {
    if (::mkdir(dir.c_str(), 0777) != 0) {
      int err = errno;
      if (err == ENOENT)
        throw ExportError(ExportError::Kind::io, dir,
                          dir.string() + ": folder " + folder_of(dir).string() + " does not exist");
      throw_os_error(dir, "cannot create folder", err);
    }
    created_dir_ = true;
  }
  if (::access(dir.c_str(), W_OK) != 0) {
    int err = errno;
    throw_os_error(dir, "cannot write into folder", err);
  }
  if (!force) {
    for (const auto& name : frame_names) {
      if (::access((dir / name).c_str(), F_OK) == 0) throw_exists(dir / name);
    }
  }
}

FrameDirectory::~FrameDirectory() {
  if (!committed_) remove_written();
}

FrameDirectory::FrameDirectory(FrameDirectory&& other) noexcept
    : dir_(std::move(other.dir_)),
      written_(std::move(other.written_)),
      force_(other.force_),
      created_dir_(other.created_dir_),
      committed_(std::exchange(other.committed_, true)) {}

FrameDirectory& FrameDirectory::operator=(FrameDirectory&& other) noexcept {
  if (this != &other) {
    if (!committed_) remove_written();
    dir_ = std::move(other.dir_);
    written_ = std::move(other.written_);
    force_ = other.force_;
    created_dir_ = other.created_dir_;
    committed_ = std::exchange(other.committed_, true);
  }
  return *this;
}

void FrameDirectory::frame_written(const std::string& name) { written_.push_back(dir_ / name); }

void FrameDirectory::remove_written() noexcept {
  for (const auto& p : written_) ::unlink(p.c_str());
  written_.clear();
  if (created_dir_ && !dir_.empty()) ::rmdir(dir_.c_str());  // only succeeds if it is empty
  created_dir_ = false;
}

}  // namespace gatemap::exporter
