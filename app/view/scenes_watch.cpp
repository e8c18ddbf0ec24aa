#include "app/view/scenes_watch.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <utility>

namespace gatemap {

ScenesWatcher::ScenesWatcher(std::string path, std::vector<std::string> gate_ids)
    : path_(std::move(path)), gate_ids_(std::move(gate_ids)) {
  const std::filesystem::path p(path_);
  name_ = p.filename().string();
  const std::string dir = p.has_parent_path() ? p.parent_path().string() : ".";
  fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ >= 0 && ::inotify_add_watch(fd_, dir.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) < 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

ScenesWatcher::~ScenesWatcher() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<ScenesWatcher::Update> ScenesWatcher::poll() {
  if (fd_ < 0) return std::nullopt;
  bool changed = false;
  alignas(inotify_event) char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n <= 0) break;  // EAGAIN: nothing more
    for (ssize_t off = 0; off < n;) {
      const auto* e = reinterpret_cast<const inotify_event*>(buf + off);
      if (e->len > 0 && name_ == e->name && !(e->mask & IN_CREATE)) changed = true;  // written when closed
      off += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
    }
  }
  if (!changed) return std::nullopt;
  Update u;
  try {
    std::vector<PlaylistScene> scenes = load_playlist(path_);
    check_playlist_gates(scenes, path_, gate_ids_);
    u.scenes = std::move(scenes);
  } catch (const std::exception& e) {
    u.problem = e.what();
  }
  return u;
}

}  // namespace gatemap
