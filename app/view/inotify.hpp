#pragma once
// One inotify descriptor, non-blocking, and the loop that reads what it has queued: what the data
// folders' watcher (data_watch.hpp) and the scenes file's (scenes_watch.hpp) share. Linux only.
#include <sys/inotify.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace gatemap {

class Inotify {
 public:
  // Without inotify (not Linux, the per-user limit of instances reached), ok() is false and no
  // event ever comes.
  Inotify();
  ~Inotify();
  Inotify(const Inotify&) = delete;
  Inotify& operator=(const Inotify&) = delete;

  bool ok() const { return fd_ >= 0; }
  // The watch of `path` (inotify_add_watch), or -1 when it cannot be watched (missing, not a
  // folder with IN_ONLYDIR, not allowed).
  int add_watch(const std::string& path, uint32_t mask) const;
  void remove_watch(int wd) const;
  // Calls `each` for every event queued, without waiting; `name` is the file's name in the watched
  // folder, empty for an event of the folder itself (or a queue overflow).
  void read_events(const std::function<void(const inotify_event& e, std::string_view name)>& each) const;

 private:
  int fd_ = -1;
};

}  // namespace gatemap
