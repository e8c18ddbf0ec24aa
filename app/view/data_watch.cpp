#include "app/view/data_watch.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <exception>
#include <string_view>
#include <utility>

#include "app/render/renderer.hpp"

namespace gatemap {

namespace {

constexpr uint32_t kFileEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE;
constexpr uint32_t kFolderGone = IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED;

// An editor's or a copy tool's temporary file (.events.csv.swp, .trade.csv.XXXXXX, events.csv~):
// the file it stands for changes when it is renamed into place.
bool temporary_name(std::string_view name) {
  return name.empty() || name.front() == '.' || name.back() == '~' || name.ends_with(".swp") || name.ends_with(".tmp");
}

}  // namespace

DataWatcher::DataWatcher(std::vector<std::string> folders, std::function<AppData()> load,
                         std::vector<std::string> problems_shown)
    : folders_(std::move(folders)),
      wds_(folders_.size(), -1),
      load_(std::move(load)),
      problems_shown_(std::move(problems_shown)) {
  std::sort(problems_shown_.begin(), problems_shown_.end());
  if (folders_.empty()) return;
  fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  rewatch();
}

DataWatcher::~DataWatcher() {
  if (pending_.valid()) pending_.wait();
  if (fd_ >= 0) ::close(fd_);
}

size_t DataWatcher::folders_watched() const {
  return static_cast<size_t>(std::count_if(wds_.begin(), wds_.end(), [](int wd) { return wd >= 0; }));
}

void DataWatcher::rewatch() {
  if (fd_ < 0) return;
  for (size_t i = 0; i < folders_.size(); ++i)
    if (wds_[i] < 0) wds_[i] = ::inotify_add_watch(fd_, folders_[i].c_str(), kFileEvents | kFolderGone | IN_ONLYDIR);
}

void DataWatcher::read_events() {
  if (fd_ < 0) return;
  alignas(inotify_event) char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n <= 0) break;  // EAGAIN: nothing more
    for (ssize_t off = 0; off < n;) {
      const auto* e = reinterpret_cast<const inotify_event*>(buf + off);
      off += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
      if (e->mask & kFolderGone) {  // the folder itself went: watch its name again later
        for (int& wd : wds_)
          if (wd == e->wd) wd = -1;
        changed_ = true;
      } else if (e->mask & IN_Q_OVERFLOW) {
        changed_ = true;
      } else if (e->len > 0 && !temporary_name(e->name)) {
        changed_ = true;
      } else {
        continue;
      }
      last_change_ = Clock::now();
    }
  }
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
    changed_ = false;
    rewatch();  // a folder that was replaced
    ++loads_;
    pending_ = std::async(std::launch::async, load_);
  }
  return out;
}

void swap_data(AppData& live, AppData&& fresh, render::Renderer& renderer) {
  live = std::move(fresh);
  renderer.set_scene(live.scene);  // it kept a pointer to live.scene, whose contents changed
}

}  // namespace gatemap
