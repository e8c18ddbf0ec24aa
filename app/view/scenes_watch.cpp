#include "app/view/scenes_watch.hpp"

#include <filesystem>
#include <utility>

namespace gatemap {

ScenesWatcher::ScenesWatcher(std::string path, std::vector<std::string> gate_ids)
    : path_(std::move(path)), gate_ids_(std::move(gate_ids)) {
  const std::filesystem::path p(path_);
  name_ = p.filename().string();
  const std::string dir = p.has_parent_path() ? p.parent_path().string() : ".";
  watching_ = inotify_.add_watch(dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) >= 0;
}

std::optional<ScenesWatcher::Update> ScenesWatcher::poll() {
  if (!watching_) return std::nullopt;
  bool changed = false;
  inotify_.read_events([&](const inotify_event& e, std::string_view name) {
    if (name == name_ && !(e.mask & IN_CREATE)) changed = true;  // written when closed
  });
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
