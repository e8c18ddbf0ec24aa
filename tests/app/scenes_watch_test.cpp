// A scenes file edited while the wall plays: a good file is taken whole, a bad one is refused with
// its problem and the last good playlist plays on (the player keeps it).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "app/view/scenes_watch.hpp"
#include "app/window/player.hpp"

using namespace gatemap;
namespace fs = std::filesystem;

namespace {
void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }
}  // namespace

TEST(ScenesWatcher, AGoodFileIsTakenABadOneKeepsTheLastGood) {
  const fs::path dir = fs::temp_directory_path() / "gatemap-watch-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path file = dir / "talk.json";
  write(file, R"([{"title": "one"}])");
  ScenesWatcher w(file.string(), {"huu_nghi"});
  WallPlayer player(load_playlist(file.string()), geo::BboxLL{106, 21.5, 107.5, 22.5});
  player.step(0);
  EXPECT_FALSE(w.poll()) << "nothing changed";

  write(file, R"([{"title": "one"}, {"title": "two", "select": "huu_nghi"}])");
  std::optional<ScenesWatcher::Update> u = w.poll();
  ASSERT_TRUE(u);
  ASSERT_TRUE(u->scenes);
  EXPECT_EQ(u->scenes->size(), 2u);
  player.replace_scenes(std::move(*u->scenes));
  EXPECT_EQ(player.size(), 2u);
  EXPECT_TRUE(player.step(1).entered) << "the scene is entered again from the new file";

  write(file, R"([{"title": "one"}, {"title": "two", "date": "2023-02-30"}])");
  u = w.poll();
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->scenes);
  EXPECT_EQ(u->problem, file.string() + ": scene 2: date '2023-02-30' is not a real date in the form YYYY-MM-DD");
  EXPECT_EQ(player.size(), 2u) << "the last good playlist plays on";

  write(file, R"([{"select": "nowhere"}])");
  u = w.poll();
  ASSERT_TRUE(u);
  EXPECT_NE(u->problem.find("scene 1: select: no gate pair 'nowhere'"), std::string::npos);

  // An editor's save by rename is seen too.
  write(dir / "talk.json.tmp", R"([{"title": "a"}, {"title": "b"}, {"title": "c"}])");
  fs::rename(dir / "talk.json.tmp", file);
  u = w.poll();
  ASSERT_TRUE(u);
  ASSERT_TRUE(u->scenes);
  EXPECT_EQ(u->scenes->size(), 3u);
  write(dir / "other.json", "[]");
  EXPECT_FALSE(w.poll()) << "another file of the folder is not the scenes file";
  fs::remove_all(dir);
}
