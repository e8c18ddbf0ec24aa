#include "app/view/inotify.hpp"

#include <unistd.h>

namespace gatemap {

Inotify::Inotify() : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}

Inotify::~Inotify() {
  if (fd_ >= 0) ::close(fd_);
}

int Inotify::add_watch(const std::string& path, uint32_t mask) const {
  return fd_ >= 0 ? ::inotify_add_watch(fd_, path.c_str(), mask) : -1;
}

void Inotify::remove_watch(int wd) const {
  if (fd_ >= 0 && wd >= 0) ::inotify_rm_watch(fd_, wd);
}

void Inotify::read_events(const std::function<void(const inotify_event& e, std::string_view name)>& each) const {
  if (fd_ < 0) return;
  alignas(inotify_event) char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n <= 0) break;  // EAGAIN: nothing more
    for (ssize_t off = 0; off < n;) {
      const auto* e = reinterpret_cast<const inotify_event*>(buf + off);
      off += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
      each(*e, e->len > 0 ? std::string_view(e->name) : std::string_view());  // the name is NUL-padded
    }
  }
}

}  // namespace gatemap
