// The wall's data folders watched (issue 14): a changed file is loaded on a thread while poll()
// keeps returning at once; the new data comes whole; a load with a new bad row or a load that throws
// is refused with its `file:line: problem` and the data shown stays.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <unistd.h>

#include "app/data/data_folders.hpp"
#include "app/data/user_data.hpp"
#include "app/view/data_watch.hpp"
#include "geo/error.hpp"

using namespace gatemap;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("gatemap-data-watch-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Polls until an update comes (at most ~20 s, for a loaded machine); no time is asserted.
std::optional<DataWatcher::Update> wait_for_update(DataWatcher& w) {
  for (int i = 0; i < 2000; ++i) {
    if (std::optional<DataWatcher::Update> u = w.poll()) return u;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

}  // namespace

TEST(DataWatcher, LoadsOnAThreadWhilePollReturnsAtOnce) {
  const fs::path dir = fresh_dir("thread");
  // The load waits until the test lets it go: a poll() that waited for the load would never return.
  std::promise<void> go;
  std::shared_future<void> released = go.get_future().share();
  DataWatcher w({dir.string()},
                [released] {
                  released.wait();
                  AppData d;
                  d.dir = "loaded";
                  return d;
                },
                {});
  ASSERT_EQ(w.folders_watched(), 1u);
  EXPECT_FALSE(w.poll()) << "nothing changed";

  write(dir / "events.csv", "x\n");
  for (int i = 0; i < 500 && !w.loading(); ++i) {  // the settle time, then the load starts
    EXPECT_FALSE(w.poll());
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(w.loading());
  for (int i = 0; i < 20; ++i) EXPECT_FALSE(w.poll()) << "the load is still under way";
  go.set_value();
  std::optional<DataWatcher::Update> u = wait_for_update(w);
  ASSERT_TRUE(u);
  ASSERT_TRUE(u->data);
  EXPECT_EQ(u->data->dir, "loaded");
  EXPECT_EQ(u->problem, "");
  EXPECT_EQ(w.loads_started(), 1);
  fs::remove_all(dir);
}

TEST(DataWatcher, ANewBadRowOrAFailedLoadIsRefusedRowsAlreadySkippedAreNot) {
  const fs::path dir = fresh_dir("refuse");
  // The loader's result: the problems of the file written, one per line after "bad:".
  auto load = [dir] {
    std::ifstream f(dir / "events.csv");
    AppData d;
    for (std::string line; std::getline(f, line);) {
      if (line == "throw") throw geo::Error("events.csv", "", "required column 'date' is missing");
      if (line.rfind("bad:", 0) == 0) d.problems.push_back(line.substr(4));
    }
    return d;
  };
  DataWatcher w({dir.string()}, load, {"events.csv:7: an old problem"});

  write(dir / "events.csv", "bad:events.csv:7: an old problem\n");
  std::optional<DataWatcher::Update> u = wait_for_update(w);
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->data) << "a row the data shown already skipped is no reason to refuse";

  write(dir / "events.csv",
        "bad:events.csv:7: an old problem\nbad:events.csv:12: date '2024-13-45' is not a real date\n"
        "bad:events.csv:13: another\n");
  u = wait_for_update(w);
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->data) << "a new bad row: the last good data stays";
  EXPECT_EQ(u->problem, "events.csv:12: date '2024-13-45' is not a real date (and 1 more)");

  write(dir / "events.csv", "throw\n");
  u = wait_for_update(w);
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->data);
  EXPECT_EQ(u->problem, "events.csv: required column 'date' is missing");

  write(dir / "events.csv", "\n");  // every row good again: taken, and no problem to show
  u = wait_for_update(w);
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->data);
  EXPECT_EQ(u->problem, "");
  fs::remove_all(dir);
}

TEST(DataWatcher, TemporaryFilesAreIgnoredAReplacedFolderIsWatchedAgain) {
  const fs::path dir = fresh_dir("names");
  DataWatcher w({dir.string()}, [] { return AppData{}; }, {});
  write(dir / ".events.csv.swp", "x");
  write(dir / "events.csv~", "x");
  for (int i = 0; i < 50; ++i) {  // well past the settle time
    EXPECT_FALSE(w.poll());
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(w.loads_started(), 0) << "an editor's temporary files are not the data";

  // The folder replaced by another of the same name (a deployment's rename): reloaded, watched again.
  const fs::path next = dir.string() + ".next";
  fs::remove_all(next);
  fs::create_directories(next);
  write(next / "events.csv", "y");
  fs::remove_all(dir);
  fs::rename(next, dir);
  ASSERT_TRUE(wait_for_update(w));
  EXPECT_EQ(w.folders_watched(), 1u);
  write(dir / "trade.csv", "z");
  ASSERT_TRUE(wait_for_update(w)) << "a file written into the new folder is seen";
  fs::remove_all(dir);
}

TEST(DataWatcher, RealDataFolderABadRowKeepsTheLastGoodData) {
  // A planner's folder over the default data, loaded by load_data as `present --data DIR` does.
  const fs::path dir = fresh_dir("real");
  const std::string good =
      "date,date_precision,end_date,gate_id,event,initiated_by,note,publisher,source_date,url,"
      "confidence\n2024-03-01,day,,huu_nghi,closed,vn,TEST FIXTURE,Office,2024-03,"
      "https://example.org/1,medium\n";
  write(dir / "events.csv", good);
  const std::string d = dir.string();
  AppData shown = load_data(d);
  ASSERT_EQ(shown.user_layers.size(), 1u);
  DataWatcher w(
      {d}, [d] { return load_data(d); }, shown.problems);

  write(dir / "events.csv", good +
                                "2024-13-45,day,,huu_nghi,reopened,vn,TEST FIXTURE,Office,2024-03,"
                                "https://example.org/2,medium\n");
  std::optional<DataWatcher::Update> u = wait_for_update(w);
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->data);
  EXPECT_NE(u->problem.find("events.csv:3:"), std::string::npos) << u->problem;

  write(dir / "events.csv", good +
                                "2024-04-01,day,,huu_nghi,reopened,vn,TEST FIXTURE,Office,2024-04,"
                                "https://example.org/2,medium\n");
  u = wait_for_update(w);
  ASSERT_TRUE(u);
  ASSERT_TRUE(u->data) << u->problem;
  EXPECT_EQ(u->data->user_layers.at(0).rows, 2u);
  fs::remove_all(dir);
}

TEST(DataWatcher, AFolderMadeAfterTheStartIsWaitedForAndLoadedWhenItHoldsData) {
  // An installed gatemap's ~/.local/share/gatemap/data, made (mkdir -p) after the wall started.
  const fs::path base = fresh_dir("later");
  const fs::path dir = base / "gatemap" / "data";
  DataWatcher w({dir.string()}, [] { return AppData{}; }, {});
  EXPECT_EQ(w.folders_watched(), 0u) << "not there yet: its parent is watched";

  fs::create_directories(dir);    // two levels at once; empty: nothing to load
  for (int i = 0; i < 50; ++i) {  // well past the settle time
    EXPECT_FALSE(w.poll());
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(w.loads_started(), 0) << "an empty folder made ready for updates changes no data";
  EXPECT_EQ(w.folders_watched(), 1u) << "the folder, once made, is watched itself";

  write(dir / "events.csv", "x\n");
  ASSERT_TRUE(wait_for_update(w)) << "a data file in the new folder is loaded";

  // Moved away, then a folder with data moved in under its name (the parent waited on again).
  fs::rename(dir, base / "old");
  ASSERT_TRUE(wait_for_update(w)) << "the folder went: the data is loaded without it";
  EXPECT_EQ(w.folders_watched(), 0u);
  fs::create_directories(base / "next");
  write(base / "next" / "trade.csv", "y\n");
  fs::rename(base / "next", dir);
  ASSERT_TRUE(wait_for_update(w)) << "the folder is back, with data";
  EXPECT_EQ(w.folders_watched(), 1u);
  write(base / "old" / "events.csv", "z\n");     // the folder moved away is no longer watched
  write(base / "gatemap" / "notes.csv", "n\n");  // nor is the parent, as a data folder
  const long loads = w.loads_started();
  for (int i = 0; i < 50; ++i) {
    EXPECT_FALSE(w.poll());
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(w.loads_started(), loads);
  fs::remove_all(base);
}

TEST(DataWatcher, AnInstalledDataFolderMadeAfterTheStartIsRead) {
  // GATEMAP_SYSTEM_DATA_DIRS stands for the installed folders (/etc/gatemap/data, ~/.local/share/…).
  const fs::path base = fresh_dir("installed");
  const fs::path dir = base / "etc" / "gatemap" / "data";
  ASSERT_EQ(::setenv("GATEMAP_SYSTEM_DATA_DIRS", dir.string().c_str(), 1), 0);
  AppData shown = load_data();
  EXPECT_TRUE(shown.user_layers.empty());
  DataWatcher w(
      data_folders_to_watch(""), [] { return load_data(); }, shown.problems);

  fs::create_directories(dir);
  write(dir / "events.csv",
        "date,date_precision,end_date,gate_id,event,initiated_by,note,publisher,source_date,url,confidence\n"
        "2024-03-01,day,,huu_nghi,closed,vn,TEST FIXTURE,Office,2024-03,https://example.org/1,medium\n");
  std::optional<DataWatcher::Update> u = wait_for_update(w);
  ::unsetenv("GATEMAP_SYSTEM_DATA_DIRS");
  ASSERT_TRUE(u);
  ASSERT_TRUE(u->data) << u->problem;
  ASSERT_EQ(u->data->user_layers.size(), 1u) << "the new folder's file, on top of the built-in data";
  EXPECT_EQ(u->data->user_layers[0].rows, 1u);
  fs::remove_all(base);
}

TEST(PlannerLayers, AReloadKeepsThePlannersFilesAndTheLayersRemovedOrHidden) {
  const std::string header =
      "date,date_precision,end_date,gate_id,event,initiated_by,note,publisher,source_date,url,confidence\n";
  const fs::path dir = fresh_dir("planner"), own = fresh_dir("planner-own");
  write(dir / "events.csv", header +
                                "2024-03-01,day,,huu_nghi,closed,vn,TEST FIXTURE,Office,2024-03,"
                                "https://example.org/1,medium\n");
  write(own / "mine.csv", header +
                              "2024-04-01,day,,huu_nghi,reopened,vn,TEST FIXTURE,Office,2024-04,"
                              "https://example.org/2,medium\n");
  const std::string d = dir.string(), mine = (own / "mine.csv").string();
  PlannerLayers planner;
  AppData shown = load_data(d);
  planner.note(shown);
  add_user_files(shown, mine);  // the Your data panel
  ASSERT_EQ(shown.user_layers.size(), 2u);
  planner.added(mine);
  shown.user_layers[0].visible = false;  // the --data folder's events hidden
  rebuild_timeline(shown);
  planner.note(shown);

  AppData fresh = load_data(d);  // what the watcher's thread does
  planner.apply(fresh);
  ASSERT_EQ(fresh.user_layers.size(), 2u) << "the planner's own file is read again";
  EXPECT_EQ(fresh.user_layers[0].path, shown.user_layers[0].path);
  EXPECT_FALSE(fresh.user_layers[0].visible) << "a hidden layer stays hidden";
  EXPECT_EQ(fresh.user_layers[1].path, mine);
  EXPECT_TRUE(fresh.user_layers[1].visible);
  EXPECT_EQ(fresh.timeline.events().size(), shown.timeline.events().size()) << "the hidden layer's rows left out";

  shown.user_layers.erase(shown.user_layers.begin());  // the --data folder's layer removed
  planner.note(shown);
  fresh = load_data(d);
  planner.apply(fresh);
  ASSERT_EQ(fresh.user_layers.size(), 1u) << "a removed layer stays removed";
  EXPECT_EQ(fresh.user_layers[0].path, mine);
  fs::remove_all(dir);
  fs::remove_all(own);
}
