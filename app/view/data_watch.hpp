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
// A folder that is not there (an installed gatemap's data folder not made yet, a folder moved away
// or removed) is waited for: its nearest existing parent is watched until the folder appears under
// its name (`mkdir -p` of several levels included); once there, it is watched itself and, when it
// holds a data file, loaded (load_data looks at the installed folders again at every load).
//
// Linux only (inotify). Without inotify, or for a folder that cannot be watched, poll() never
// reports a change of it.
#include <chrono>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/data/data_source.hpp"
#include "app/view/inotify.hpp"

namespace gatemap {

namespace render {
class Renderer;
}

class DataWatcher {
 public:
  // Seconds without a further change before a load starts.
  static constexpr double kSettleSeconds = 0.25;

  // `folders`: what to watch (data_folders_to_watch(--data)); `load`: what loads the data (load_data
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

  // The data shown changed on the render thread (a planner's own file added, a layer removed or
  // hidden): its `problems` are the ones a later load may have without being refused.
  void set_problems_shown(std::vector<std::string> problems);

  // Folders watched themselves (not waited for through a parent).
  size_t folders_watched() const;
  bool loading() const { return pending_.valid(); }
  // Loads started (tests, the soak).
  long loads_started() const { return loads_; }

 private:
  using Clock = std::chrono::steady_clock;
  // A folder to watch, and how it is watched now.
  struct Folder {
    std::string path;  // absolute
    int wd = -1;       // the inotify watch: of the folder itself (direct), or of its nearest parent
    bool direct = false;
    std::string next;  // !direct: the name in the parent that leads to the folder
  };
  void read_events();
  void rewatch(bool at_start = false);
  void unwatch(Folder& f);
  Update judge(std::future<AppData>& done);

  std::vector<Folder> folders_;
  std::function<AppData()> load_;
  std::vector<std::string> problems_shown_;
  Inotify inotify_;
  bool changed_ = false;
  Clock::time_point last_change_{};
  std::future<AppData> pending_;
  long loads_ = 0;
};

// A planner's own choices in `gatemap run` that a reload of the data folders keeps: the files loaded
// with the Your data panel or dropped on the window (read again with each reload, on the loading
// thread, so that their changes come too), the layers removed and the layers hidden. The render
// thread notes them as they are made; the loading thread applies them to the fresh data.
class PlannerLayers {
 public:
  // A file or folder whose layers were added to the data shown.
  void added(const std::string& path);
  // After the data shown or its layers changed: which layers are removed, which hidden (by file).
  void note(const AppData& shown);
  // On the loading thread: adds the files again (one that cannot be read now is left out),
  // removes and hides what the planner did. Throws geo::Error when the timeline cannot be rebuilt.
  void apply(AppData& fresh) const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> added_;
  std::set<std::string> seen_, removed_, hidden_;  // layers' files
};

// Swaps freshly loaded data in whole: `live` becomes `fresh` and the renderer uploads its scene.
// Call between frames, with the renderer's context current.
void swap_data(AppData& live, AppData&& fresh, render::Renderer& renderer);

}  // namespace gatemap
