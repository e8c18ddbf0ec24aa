#pragma once
// Watches a scenes file (inotify on its folder, so that an editor's save by rename is seen) and
// reloads it when it changes: a good file replaces the playlist whole, a bad one keeps the last
// good playlist and says why ("FILE: scene N: problem", "FILE:LINE: not valid JSON …").
// Non-blocking: the window polls it once a frame. Linux only (inotify).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/view/inotify.hpp"
#include "app/view/playlist.hpp"

namespace gatemap {

class ScenesWatcher {
 public:
  // `gate_ids`: the data's gate pair ids, against which `select` is checked. Without inotify
  // (the call fails), poll() never reports a change.
  ScenesWatcher(std::string path, std::vector<std::string> gate_ids);

  struct Update {
    std::optional<std::vector<PlaylistScene>> scenes;  // the new playlist, or none (a bad file)
    std::string problem;                               // why the file was not taken
  };
  // The file's new state when it was written, created or moved into place since the last call.
  std::optional<Update> poll();
  // The gate ids of data reloaded since (app/view/data_watch.hpp), for the next reload's check.
  void set_gate_ids(std::vector<std::string> gate_ids) { gate_ids_ = std::move(gate_ids); }

 private:
  std::string path_, name_;
  std::vector<std::string> gate_ids_;
  Inotify inotify_;
  bool watching_ = false;
};

}  // namespace gatemap
