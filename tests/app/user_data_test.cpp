// A planner's own files on top of the default data (app/user_data.cpp): the rows `gatemap check`
// rejects are skipped, and AppData::report — what the "Your data" panel shows — lists per file the
// rows loaded and skipped with check's `file:line: problem`.
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/data/data_source.hpp"
#include "app/data/user_data.hpp"
#include "app/window/panels/panels.hpp"
#include "geo/check.hpp"
#include "tests/app/imgui_harness.hpp"

namespace {

const std::string kSchemaFixtures = std::string(GATEMAP_SOURCE_DIR) + "/tests/fixtures/schema/";

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(UserData, RowWithoutUrlIsSkippedAndListedForTheYourDataPanel) {
  const std::string dir = kSchemaFixtures + "no_url";
  const std::string file = dir + "/events.csv";
  const std::string msg = file + ":2: empty url: only rows marked SEED (figures of the seed articles) may have no URL";
  gatemap::AppData d = gatemap::load_data(dir);
  ASSERT_EQ(d.user_layers.size(), 1u);
  const geo::FileLoad* f = d.report.file(file);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->rows_loaded, 1u);
  EXPECT_EQ(f->rows_skipped, 1u);
  EXPECT_EQ(d.report.lines_of(file), std::vector<std::string>{msg});
  EXPECT_TRUE(has(d.problems, msg));  // what info and export print as warnings
  // check says the same of the same row.
  geo::CheckContext ctx;
  ctx.default_data_dir = gatemap::embedded_data_dir();
  const geo::CheckReport r = geo::check_path(dir, ctx);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(geo::format_problem(r.problems[0]), msg);
  // The map does not close Chi Ma on that row.
  const geo::GateStatus st = d.timeline.status_at("chi_ma", geo::Date::from_ymd(2025, 6, 2));
  EXPECT_NE(st.overall, geo::Status::closed);
  EXPECT_TRUE(!st.set_by || st.set_by->file != file);

  // Hidden, the layer's rows are no longer loaded nor listed.
  d.user_layers[0].visible = false;
  EXPECT_NO_THROW(gatemap::rebuild_timeline(d));
  EXPECT_EQ(d.report.file(file), nullptr);
  EXPECT_FALSE(has(d.problems, msg));
}

TEST(UserData, GateReusingABuiltInIdIsSkipped) {
  const std::string dir = kSchemaFixtures + "builtin_id";
  const std::string file = dir + "/gates.csv";
  gatemap::AppData d = gatemap::load_data(dir);
  ASSERT_EQ(d.user_layers.size(), 1u);
  const gatemap::UserLayer& l = d.user_layers[0];
  ASSERT_EQ(l.points.size(), 1u);
  EXPECT_EQ(l.points[0].label1, "Lối mở thử nghiệm");  // my_gate_x, not the row reusing huu_nghi_vn
  const geo::FileLoad* f = d.report.file(file);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->rows_loaded, 1u);
  EXPECT_EQ(f->rows_skipped, 1u);
  EXPECT_EQ(d.report.lines_of(file),
            std::vector<std::string>{file + ":2: id huu_nghi_vn is already used by the built-in data"});
  // The same file added in the window gives the same layer and says rows were skipped.
  gatemap::AppData w = gatemap::load_data();
  const std::string message = gatemap::add_user_files(w, file);
  EXPECT_NE(message.find("1 bad rows skipped"), std::string::npos) << message;
  EXPECT_EQ(w.report.lines_of(file), d.report.lines_of(file));
}

// The panel shows what AppData holds: per file the rows loaded and skipped, and each problem. Its
// text is captured through ImGui's log to the clipboard (which also opens the tree of problems
// while logging).
TEST(YourDataPanel, ShowsRowsLoadedAndSkippedWithTheirProblems) {
  const std::string dir = kSchemaFixtures + "no_url";
  const std::string msg =
      dir + "/events.csv:2: empty url: only rows marked SEED (figures of the seed articles) may have no URL";
  gatemap::AppData d = gatemap::load_data(dir);
  static std::string text;
  {
    gatemap::test_util::ImGuiHarness ui;
    ImGui::GetIO().SetClipboardTextFn = [](void*, const char* t) { text = t; };
    gatemap::ViewState v;
    for (int frame = 0; frame < 2; ++frame) {
      ImGui::NewFrame();
      ImGui::LogToClipboard(8);
      gatemap::panels::user_layers(v, d);
      ImGui::LogFinish();
      ImGui::Render();
    }
  }
  EXPECT_NE(text.find("events.csv"), std::string::npos) << text;
  EXPECT_NE(text.find("events: 1 rows loaded"), std::string::npos) << text;
  EXPECT_NE(text.find("1 skipped"), std::string::npos) << text;
  EXPECT_NE(text.find(msg), std::string::npos) << text;
}

}  // namespace
