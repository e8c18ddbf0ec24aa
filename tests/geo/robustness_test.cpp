// Issue 20 (robustness): data text is shown escaped and cut short in messages, and `check` of a
// folder it cannot use is an error, never "0 errors".
#include <cpl_vsi.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "geo/check.hpp"
#include "geo/error.hpp"

namespace {

namespace fs = std::filesystem;

bool has_control_byte(const std::string& s) {
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

TEST(Printable, EscapesControlCharacters) {
  EXPECT_EQ(geo::printable("plain Hữu Nghị 友谊关"), "plain Hữu Nghị 友谊关");
  EXPECT_EQ(geo::printable("\x1b]0;title\x07\x1b[2J"), "\\x1b]0;title\\x07\\x1b[2J");
  EXPECT_EQ(geo::printable("a\tb\nc\x7f"), "a\\x09b\\x0ac\\x7f");
  EXPECT_EQ(geo::printable("\xc2\x9b"
                           "2J"),
            "\\u009b2J");  // C1 CSI as UTF-8
  EXPECT_EQ(geo::printable("\x9b"
                           "2J"),
            "\\x9b2J");                                 // a lone byte, not UTF-8
  EXPECT_EQ(geo::printable("\xe2\x82"), "\\xe2\\x82");  // a cut sequence
  const std::string once = geo::printable("\x1b\x07\xc2\x85\xff");
  EXPECT_EQ(geo::printable(once), once);
}

TEST(Printable, CutsLongText) {
  EXPECT_EQ(geo::printable(std::string(100, 'a'), 80), std::string(80, 'a') + "\xE2\x80\xA6");
  EXPECT_EQ(geo::printable(std::string(80, 'a'), 80), std::string(80, 'a'));
  // Counted in characters: a cut never splits a UTF-8 sequence.
  std::string vi;
  for (int i = 0; i < 50; ++i) vi += "ữ";
  EXPECT_EQ(geo::printable(vi, 3), "ữữữ\xE2\x80\xA6");
}

TEST(Printable, ErrorMessagesAreEscaped) {
  const geo::Error e("f.csv", "line 2", "bad \x1b[2J");
  EXPECT_EQ(std::string(e.what()), "f.csv:line 2: bad \\x1b[2J");
}

TEST(CheckRobustness, ControlCharactersOfACellAreEscapedAndCut) {
  std::string text =
      "date,date_precision,end_date,gate_id,event,initiated_by,note,publisher,source_date,url,confidence\n"
      "2023-01-05,day,,coc_nam,\x1b]0;pwned\x07\x1b[2Jclosed,cn,note,pub,undated,https://example.org/b,high\n"
      "2023-01-06,day,,coc_nam," +
      std::string(100000, 'x') + ",cn,note,pub,undated,https://example.org/c,high\n";
  const std::string path = "/vsimem/robustness_test/events.csv";
  VSILFILE* fp = VSIFileFromMemBuffer(path.c_str(), reinterpret_cast<GByte*>(text.data()),
                                      static_cast<vsi_l_offset>(text.size()), FALSE);
  ASSERT_NE(fp, nullptr);
  VSIFCloseL(fp);
  geo::CheckContext ctx;
  ctx.default_data_dir = GATEMAP_DATA_DIR;
  const geo::CheckReport r = geo::check_path(path, ctx, "events.csv");
  VSIUnlink(path.c_str());
  ASSERT_EQ(r.errors(), 2);
  const std::string first = geo::format_problem(r.problems[0]);
  EXPECT_EQ(first.rfind("events.csv:2: unknown event type \"\\x1b]0;pwned\\x07\\x1b[2Jclosed\"", 0), 0u) << first;
  const std::string second = geo::format_problem(r.problems[1]);
  EXPECT_NE(second.find("\"" + std::string(80, 'x') + "\xE2\x80\xA6\""), std::string::npos) << second;
  EXPECT_LT(second.size(), 1000u);
  for (const geo::CheckProblem& p : r.problems) EXPECT_FALSE(has_control_byte(geo::format_problem(p)));
}

class CheckFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("gatemap_robustness_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  geo::CheckReport check(const fs::path& p) { return geo::check_path(p.string(), {}); }
  fs::path dir;
};

TEST_F(CheckFolder, WithNoDataFileIsAnError) {
  const geo::CheckReport r = check(dir);
  ASSERT_EQ(r.errors(), 1);
  EXPECT_EQ(geo::format_problem(r.problems[0]),
            dir.string() + ": no data file found (expected *.csv, *.geojson, *.json, *.gpkg)");
}

TEST_F(CheckFolder, DirectoryNamedLikeADataFileIsAnError) {
  fs::create_directory(dir / "events.csv");
  const geo::CheckReport r = check(dir);
  ASSERT_EQ(r.errors(), 1);
  EXPECT_EQ(geo::format_problem(r.problems[0]), (dir / "events.csv").string() + ": is a directory, not a file");
  const geo::CheckReport direct = check(dir / "events.csv");
  ASSERT_EQ(direct.errors(), 1);
  EXPECT_EQ(geo::format_problem(direct.problems[0]),
            (dir / "events.csv").string() + ": no data file found (expected *.csv, *.geojson, *.json, *.gpkg)");
}

TEST_F(CheckFolder, SymlinkLoopIsAnError) {
  fs::create_symlink("loop.csv", dir / "loop.csv");
  const geo::CheckReport r = check(dir);
  EXPECT_GE(r.errors(), 1);
  const geo::CheckReport direct = check(dir / "loop.csv");
  EXPECT_GE(direct.errors(), 1);
}

}  // namespace
