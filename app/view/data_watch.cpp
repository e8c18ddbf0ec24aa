#include "app/view/data_watch.hpp"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <utility>

#include "app/data/data_folders.hpp"
#include "app/data/user_data.hpp"
#include "app/render/renderer.hpp"

namespace gatemap {

namespace {

namespace fs = std::filesystem;

constexpr uint32_t kFileEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE;
constexpr uint32_t kFolderGone = IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED;
// A parent waited on: the folder (or a folder on the way to it) made or moved in.
constexpr uint32_t kFolderMade = IN_CREATE | IN_MOVED_TO;

// An editor's or a copy tool's temporary file (.events.csv.swp, .trade.csv.XXXXXX, events.csv~):
// the file it stands for changes when it is renamed into place.
bool temporary_name(std::string_view name) {
  return name.empty() || name.front() == '.' || name.back() == '~' || name.ends_with(".swp") || name.ends_with(".tmp");
}

bool holds_data_file(const std::string& dir) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (is_data_file_name(it->path().filename().string()) && !temporary_name(it->path().filename().string()))
      return true;
  return false;
}

bool is_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

// The folder's absolute path without a trailing separator (its parents are then its path's).
std::string absolute_folder(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec);
  if (ec) p = path;
  p = p.lexically_normal();
  if (!p.has_filename() && p != p.root_path()) p = p.parent_path();
  return p.string();
}

}  // namespace

DataWatcher::DataWatcher(std::vector<std::string> folders, std::function<AppData()> load,
                         std::vector<std::string> problems_shown)
    : load_(std::move(load)), problems_shown_(std::move(problems_shown)) {
  std::sort(problems_shown_.begin(), problems_shown_.end());
  for (const std::string& f : folders) folders_.push_back({.path = absolute_folder(f)});
  rewatch(true);
}

DataWatcher::~DataWatcher() {
  if (pending_.valid()) pending_.wait();
}

size_t DataWatcher::folders_watched() const {
  return static_cast<size_t>(
      std::count_if(folders_.begin(), folders_.end(), [](const Folder& f) { return f.direct && f.wd >= 0; }));
}

void DataWatcher::set_problems_shown(std::vector<std::string> problems) {
  std::sort(problems.begin(), problems.end());
  problems_shown_ = std::move(problems);
}

// Stops a folder's watch unless another folder uses the same one (a folder and the parent another
// waits on can be one directory: inotify gives one watch per directory).
void DataWatcher::unwatch(Folder& f) {
  const int wd = f.wd;
  f.wd = -1;
  if (wd < 0) return;
  if (std::none_of(folders_.begin(), folders_.end(), [wd](const Folder& o) { return o.wd == wd; }))
    inotify_.remove_watch(wd);
}

// Watches each folder that is not yet watched itself: the folder when it is there, else its nearest
// existing parent. A folder that appears after the start and holds a data file is a change.
void DataWatcher::rewatch(bool at_start) {
  if (!inotify_.ok()) return;
  for (Folder& f : folders_) {
    if (f.direct && f.wd >= 0) continue;
    // IN_MASK_ADD: a directory watched for two folders keeps both masks.
    const int wd = inotify_.add_watch(f.path, kFileEvents | kFolderGone | IN_ONLYDIR | IN_MASK_ADD);
    if (wd >= 0) {
      if (f.wd != wd) unwatch(f);
      f.wd = wd, f.direct = true, f.next.clear();
      if (!at_start && holds_data_file(f.path)) changed_ = true, last_change_ = Clock::now();
      continue;
    }
    fs::path child = f.path, parent = child.parent_path();
    while (!is_dir(parent) && parent != parent.parent_path()) child = parent, parent = parent.parent_path();
    const int pwd = inotify_.add_watch(parent.string(), kFolderMade | kFolderGone | IN_ONLYDIR | IN_MASK_ADD);
    if (f.wd != pwd) unwatch(f);
    f.wd = pwd, f.direct = false, f.next = child.filename().string();
  }
}

void DataWatcher::read_events() {
  bool again = false;
  inotify_.read_events([&](const inotify_event& e, std::string_view name) {
    if (e.mask & IN_Q_OVERFLOW) {  // events lost: look again at everything
      changed_ = again = true;
      last_change_ = Clock::now();
      return;
    }
    for (Folder& f : folders_) {
      if (f.wd != e.wd) continue;
      if (e.mask & kFolderGone) {  // the folder (or the parent waited on) went: wait for its name again
        if (f.direct) changed_ = true, last_change_ = Clock::now();
        f.wd = -1, f.direct = false;
        again = true;
      } else if (f.direct) {
        if ((e.mask & kFileEvents) && !temporary_name(name)) changed_ = true, last_change_ = Clock::now();
      } else if (name == f.next) {
        again = true;
      }
    }
    if (e.mask & IN_MOVE_SELF) inotify_.remove_watch(e.wd);  // the watch would follow the folder away
  });
  if (again) rewatch();
}

DataWatcher::Update DataWatcher::judge(std::future<AppData>& done) {
  Update u;
  AppData d;
  try {
    d = done.get();
  } catch (const std::exception& e) {
    u.problem = e.what();
    return u;
  }
  std::vector<std::string> fresh = d.problems, added;
  std::sort(fresh.begin(), fresh.end());
  std::set_difference(fresh.begin(), fresh.end(), problems_shown_.begin(), problems_shown_.end(),
                      std::back_inserter(added));
  if (!added.empty()) {
    // The first in the data's own order (the file's first bad row), not the sorted one.
    const auto first = std::find_if(d.problems.begin(), d.problems.end(), [&](const std::string& p) {
      return std::binary_search(added.begin(), added.end(), p);
    });
    u.problem = *first;
    if (added.size() > 1) u.problem += " (and " + std::to_string(added.size() - 1) + " more)";
    return u;
  }
  problems_shown_ = std::move(fresh);
  u.data = std::move(d);
  return u;
}

std::optional<DataWatcher::Update> DataWatcher::poll() {
  read_events();
  std::optional<Update> out;
  if (pending_.valid() && pending_.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
    out = judge(pending_);  // leaves pending_ invalid
  if (changed_ && !pending_.valid() && Clock::now() - last_change_ >= std::chrono::duration<double>(kSettleSeconds)) {
    rewatch();  // a folder that a missed event would have said is back
    changed_ = false;
    ++loads_;
    pending_ = std::async(std::launch::async, load_);
  }
  return out;
}

void PlannerLayers::added(const std::string& path) {
  const std::lock_guard<std::mutex> lock(mutex_);
  added_.push_back(path);
}

void PlannerLayers::note(const AppData& shown) {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::set<std::string> present;
  hidden_.clear();
  for (const UserLayer& l : shown.user_layers) {
    seen_.insert(l.path);
    present.insert(l.path);
    if (!l.visible) hidden_.insert(l.path);
  }
  removed_.clear();
  std::set_difference(seen_.begin(), seen_.end(), present.begin(), present.end(),
                      std::inserter(removed_, removed_.end()));
}

void PlannerLayers::apply(AppData& fresh) const {
  std::vector<std::string> added;
  std::set<std::string> removed, hidden;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    added = added_, removed = removed_, hidden = hidden_;
  }
  for (const std::string& path : added) add_user_files(fresh, path);  // its message is the panel's business
  const size_t before = fresh.user_layers.size();
  std::erase_if(fresh.user_layers, [&](const UserLayer& l) { return removed.contains(l.path); });
  bool changed = fresh.user_layers.size() != before;
  for (UserLayer& l : fresh.user_layers)
    if (l.visible && hidden.contains(l.path)) l.visible = false, changed = true;
  if (changed) rebuild_timeline(fresh);
}

void swap_data(AppData& live, AppData&& fresh, render::Renderer& renderer) {
  live = std::move(fresh);
  renderer.set_scene(live.scene);  // it kept a pointer to live.scene, whose contents changed
}

}  // namespace gatemap
