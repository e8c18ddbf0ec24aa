// Scenes files (docs/scenes.md): every key read, and every broken file refused with
// "FILE: scene N: problem" (or "FILE:LINE: not valid JSON").
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "app/cli/options.hpp"
#include "app/view/playlist.hpp"

using namespace gatemap;

namespace {

std::string write_scenes(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("gatemap-scenes-" + name + ".json");
  std::ofstream(path) << text;
  return path.string();
}

// The message of loading `text`, or "" when it loads.
std::string problem(const std::string& text) {
  const std::string path = write_scenes("broken", text);
  try {
    load_playlist(path);
  } catch (const std::exception& e) {
    std::string m = e.what();
    return m.rfind(path, 0) == 0 ? "FILE" + m.substr(path.size()) : m;
  }
  return "";
}

}  // namespace

TEST(Playlist, ReadsEveryKey) {
  const std::string path = write_scenes("full", R"([
    {"title": "Hữu Nghị", "caption": "The busiest gate", "notes": "Say the 2019 figure",
     "bbox": "106.62,21.92,106.78,22.04", "date": "2024-08-22",
     "layers": "land,frontier,gates,status", "select": "huu_nghi", "seconds": 20,
     "transition_seconds": 3, "view": "map"},
    {"centre": "106.72,21.98", "zoom": 12, "from": "2020-01-01", "to": "2020-12-31"}
  ])");
  const std::vector<PlaylistScene> s = load_playlist(path);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].title, "Hữu Nghị");
  EXPECT_EQ(s[0].caption, "The busiest gate");
  EXPECT_EQ(s[0].notes, "Say the 2019 figure");
  EXPECT_EQ(s[0].bbox, (geo::BboxLL{106.62, 21.92, 106.78, 22.04}));
  EXPECT_EQ(s[0].date, geo::Date::parse("2024-08-22"));
  ASSERT_TRUE(s[0].layers);
  EXPECT_TRUE(s[0].layers->has(geo::LayerId::status));
  EXPECT_EQ(s[0].select, "huu_nghi");
  EXPECT_EQ(s[0].seconds, 20);
  EXPECT_EQ(s[0].transition_seconds, 3);
  EXPECT_EQ(s[0].view, "map");
  // centre + zoom: the box a 1920 × 1080 web map shows at zoom 12 (about 36 m a pixel here).
  ASSERT_TRUE(s[1].bbox);
  EXPECT_NEAR((s[1].bbox->lon0 + s[1].bbox->lon1) / 2, 106.72, 1e-9);
  EXPECT_NEAR((s[1].bbox->lat0 + s[1].bbox->lat1) / 2, 21.98, 1e-9);
  EXPECT_NEAR(s[1].bbox->lon1 - s[1].bbox->lon0, 1920 * 156543.03392 / 4096 / 111320, 1e-6);
  EXPECT_EQ(s[1].from, geo::Date::parse("2020-01-01"));
  EXPECT_EQ(s[1].seconds, 15) << "the default";
  EXPECT_EQ(s[1].transition_seconds, 2) << "the default";
}

TEST(Playlist, BrokenFilesSayTheSceneAndTheProblem) {
  EXPECT_EQ(problem("not json"),
            "FILE:1: not valid JSON: "
            "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error while "
            "parsing value - invalid literal; last read: 'no'");
  EXPECT_EQ(problem("[\n{\"title\": \"a\"},\n{\"title\": }\n]").substr(0, 27), "FILE:3: not valid JSON: [js");
  EXPECT_EQ(problem("{}"), "FILE: expected a non-empty JSON array of scenes");
  EXPECT_EQ(problem("[]"), "FILE: expected a non-empty JSON array of scenes");
  EXPECT_EQ(problem("[1]"), "FILE: scene 1: expected an object");
  EXPECT_EQ(problem(R"([{}, {"titel": "x"}])"), "FILE: scene 2: unknown key 'titel' (see docs/scenes.md)");
  EXPECT_EQ(problem(R"([{"title": 3}])"), "FILE: scene 1: title must be a string");
  EXPECT_EQ(problem(R"([{"caption": ["a"]}])"), "FILE: scene 1: caption must be a string");
  EXPECT_EQ(problem(R"([{"notes": 1}])"), "FILE: scene 1: notes must be a string");
  EXPECT_EQ(problem(R"([{"bbox": "107.6,22.6,106.3,21.4"}])").substr(0, 21), "FILE: scene 1: bbox: ");
  EXPECT_EQ(problem(R"([{"bbox": [1, 2, 3, 4]}])"), "FILE: scene 1: bbox must be a string \"LON0,LAT0,LON1,LAT1\"");
  EXPECT_EQ(problem(R"([{"centre": "106.7,21.9"}])"), "FILE: scene 1: centre needs zoom, and zoom needs centre");
  EXPECT_EQ(problem(R"([{"zoom": 12}])"), "FILE: scene 1: centre needs zoom, and zoom needs centre");
  EXPECT_EQ(problem(R"([{"bbox": "106,21,107,22", "centre": "106.7,21.9", "zoom": 3}])"),
            "FILE: scene 1: give either bbox or centre + zoom");
  EXPECT_EQ(problem(R"([{"centre": "106.7", "zoom": 12}])"),
            "FILE: scene 1: centre '106.7' is not LON,LAT (two numbers, degrees)");
  EXPECT_EQ(problem(R"([{"centre": "206.7,21.9", "zoom": 12}])"), "FILE: scene 1: centre '206.7,21.9' is out of range");
  EXPECT_EQ(problem(R"([{"centre": "106.7,21.9", "zoom": 30}])"),
            "FILE: scene 1: zoom must be a web-map zoom level from 0 to 22");
  EXPECT_EQ(problem(R"([{"date": "2023-02-30"}])"),
            "FILE: scene 1: date '2023-02-30' is not a real date in the form YYYY-MM-DD");
  EXPECT_EQ(problem(R"([{"date": 2023}])"), "FILE: scene 1: date must be a string YYYY-MM-DD");
  EXPECT_EQ(problem(R"([{"date": "2023-01-01", "from": "2023-01-01", "to": "2023-02-01"}])"),
            "FILE: scene 1: give either date or from/to");
  EXPECT_EQ(problem(R"([{"from": "2023-01-01"}])"), "FILE: scene 1: a range needs both from and to");
  EXPECT_EQ(problem(R"([{"from": "2023-02-01", "to": "2023-01-01"}])"), "FILE: scene 1: to is before from");
  EXPECT_EQ(problem(R"([{"layers": "land,sea"}])"),
            "FILE: scene 1: layers: unknown layer 'sea' (see `gatemap info` for the layer names)");
  EXPECT_EQ(problem(R"([{"select": 5}])"), "FILE: scene 1: select must be a string");
  EXPECT_EQ(problem(R"([{"seconds": 0.5}])"), "FILE: scene 1: seconds must be a number from 1 to 3600");
  EXPECT_EQ(problem(R"([{"seconds": "10"}])"), "FILE: scene 1: seconds must be a number from 1 to 3600");
  EXPECT_EQ(problem(R"([{"transition_seconds": -1}])"),
            "FILE: scene 1: transition_seconds must be a number from 0 to 60");
  EXPECT_EQ(problem(R"([{"seconds": 5, "transition_seconds": 5}])"),
            "FILE: scene 1: transition_seconds must be shorter than seconds");
  EXPECT_EQ(problem(R"([{"view": "table"}])"), "FILE: scene 1: view 'table' is not known (\"map\" or \"strip\")");
  EXPECT_EQ(problem(R"([{"view": "strip", "bbox": "106.6,21.9,106.8,22.05"}])"),
            "FILE: scene 1: a strip scene is drawn along the whole frontier: bbox, centre and zoom do not apply");
  EXPECT_EQ(problem(R"([{"view": "strip", "date": "2022-09-26"}])"),
            "FILE: scene 1: a strip scene shows a time span: give from/to (its time axis), not date");
  EXPECT_EQ(problem(R"([{"view": "strip", "from": "2020-01-01", "to": "2023-12-31"}])"), "");
  EXPECT_EQ(problem(R"([{"seconds": 1}])"), "") << "a 1-second scene gets a shorter default transition";
}

TEST(Playlist, SelectNamesAGateOfTheData) {
  PlaylistScene a, b;
  b.select = "huu_nghi";
  EXPECT_NO_THROW(check_playlist_gates({a, b}, "f.json", {"tan_thanh", "huu_nghi"}));
  b.select = "huu_ngi";
  try {
    check_playlist_gates({a, b}, "f.json", {"tan_thanh", "huu_nghi"});
    ADD_FAILURE() << "an unknown gate was accepted";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "f.json: scene 2: select: no gate pair 'huu_ngi' (see gatemap info)");
  }
}
