#pragma once
// Watches the data folders of a running wall (gatemap present): the --data folder and an installed
// gatemap's data folders (app/data/data_folders.hpp), with inotify. When a file in one of them is
// written, moved in, moved out or removed, and the folders have then been quiet for a moment
// (kSettleSeconds: a copy of several files is one reload, not several), the data is loaded again
// **on a thread** while the wall keeps drawing the last good data; poll(), called once a frame,
// hands the new data over whole once it is ready, and the caller swaps it in between two frames
// (swap_data). The render loop never waits for a load.
//
// A load is refused, and the last good data stays, when it throws (a required file missing or
// unreadable) or when it skipped a row that the data shown did not skip (a new `file:line: problem`):
// a wall shows data it can vouch for, not a file half taken. The update then carries the problem
// for a discreet banner. Rows the data shown already skipped do not count again.
//
// Linux only (inotify). Without inotify, or for a folder that cannot be watched, poll() never
// reports a change of it. A folder that is replaced (moved away or removed) is watched again under
// its name when it reappears.
#include <chrono>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "app/data/data_source.hpp"

namespace gatemap {

namespace render {
class Renderer;
}

class DataWatcher {
 public:
  // Seconds without a further change before a load starts.
  static constexpr double kSettleSeconds = 0.25;

  // `folders`: what to watch (data_folder_stack(--data)); `load`: what loads the data (load_data
  // of --data, run on the watcher's thread); `problems_shown`: the `problems` of the data on the
  // wall now (rows it skipped).
  DataWatcher(std::vector<std::string> folders, std::function<AppData()> load, std::vector<std::string> problems_shown);
  ~DataWatcher();  // waits for a load under way to end
  DataWatcher(const DataWatcher&) = delete;
  DataWatcher& operator=(const DataWatcher&) = delete;

  struct Update {
    std::optional<AppData> data;  // the new data, to swap in whole; none: refused
    std::string problem;          // why it was refused: `file:line: problem` (and how many more)
  };
  // Non-blocking: reads the folders' events, starts a load when they have settled, and returns the
  // result of a load that has finished since the last call.
  std::optional<Update> poll();

  size_t folders_watched() const;
  bool loading() const { return pending_.valid(); }
  // Loads started (tests, the soak).
  long loads_started() const { return loads_; }

 private:
  using Clock = std::chrono::steady_clock;
  void read_events();
  void rewatch();
  Update judge(std::future<AppData>& done);

  std::vector<std::string> folders_;
  std::vector<int> wds_;  // the inotify watch of each folder, -1 when none
  std::function<AppData()> load_;
  std::vector<std::string> problems_shown_;
  int fd_ = -1;
  bool changed_ = false;
  Clock::time_point last_change_{};
  std::future<AppData> pending_;
  long loads_ = 0;
};

// Swaps freshly loaded data in whole: `live` becomes `fresh` and the renderer uploads its scene.
// Call between frames, with the renderer's context current.
void swap_data(AppData& live, AppData&& fresh, render::Renderer& renderer);

}  // namespace gatemap
