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
#include "app/view/frame_builder.hpp"
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

namespace {

const std::string kPlanner = std::string(GATEMAP_SOURCE_DIR) + "/tests/fixtures/planner";

// Text of ImGui frames drawn by `draw`, through ImGui's log.
template <class Fn>
std::string panel_text(Fn&& draw) {
  static std::string text;
  text.clear();
  gatemap::test_util::ImGuiHarness ui;
  ImGui::GetIO().SetClipboardTextFn = [](void*, const char* t) { text = t; };
  for (int frame = 0; frame < 2; ++frame) {
    ImGui::NewFrame();
    ImGui::LogToClipboard(8);
    draw();
    ImGui::LogFinish();
    ImGui::Render();
  }
  return text;
}

// Issue 16: a planner's gate is first-class: in the gate list the window, info and the inspector
// use, with its status from the planner's events, the row that set it named by the path given.
TEST(PlannersGates, ListedInspectedAndTheirRowsNamedByThePathGiven) {
  gatemap::AppData d = gatemap::load_data(kPlanner);
  const std::vector<gatemap::GateRef> gates = gatemap::all_gates(d);
  ASSERT_EQ(gates.size(), d.scene.gates.size() + 1);
  const gatemap::GateRef& mine = gates.back();
  ASSERT_NE(mine.layer, nullptr);
  EXPECT_EQ(mine.pair->id, "plan_na_hinh");
  EXPECT_EQ(mine.pair->name_vi, "Lối mở Nà Hình (dự kiến)");
  EXPECT_TRUE(mine.pair->anchor().has_value());
  for (size_t i = 0; i < d.scene.gates.size(); ++i) EXPECT_EQ(gates[i].layer, nullptr);

  const geo::GateStatus st = d.timeline.status_at("plan_na_hinh", geo::Date::from_ymd(2025, 6, 1));
  EXPECT_EQ(st.overall, geo::Status::closed);
  ASSERT_NE(st.set_by, nullptr);
  EXPECT_EQ(gatemap::file_label(d, st.set_by->file), kPlanner + "/events.csv");
  // A built-in row keeps the file name alone.
  const geo::GateStatus hn = d.timeline.status_at("huu_nghi", geo::Date::from_ymd(2025, 6, 1));
  ASSERT_NE(hn.set_by, nullptr);
  EXPECT_EQ(gatemap::file_label(d, hn.set_by->file), "events.csv");

  // The Gates panel lists it under its file; the inspector opens on it with its status row.
  gatemap::ViewState v;
  const std::string list = panel_text([&] { gatemap::panels::gate_list(v, d, 0); });
  EXPECT_NE(list.find("Your gates: gates.csv"), std::string::npos) << list;
  EXPECT_NE(list.find("Lối mở Nà Hình (dự kiến)"), std::string::npos) << list;
  v.selected_gate = static_cast<int>(gates.size() - 1);
  v.time.date = geo::Date::from_ymd(2025, 6, 1);
  const std::string insp = panel_text([&] { gatemap::panels::inspector(v, d); });
  EXPECT_NE(insp.find("id plan_na_hinh"), std::string::npos) << insp;
  EXPECT_NE(insp.find("Status on 2025-06-01: closed"), std::string::npos) << insp;
  EXPECT_NE(insp.find(kPlanner + "/events.csv:3"), std::string::npos) << insp;
  // The tooltip of the hovered marker.
  v.hovered_gate = v.selected_gate;
  const std::string tip = panel_text([&] {
    ImGui::Begin("map");
    gatemap::panels::hover_tooltip(v, d);
    ImGui::End();
  });
  EXPECT_NE(tip.find("Lối mở Nà Hình (dự kiến)"), std::string::npos) << tip;
}

// The frame carries the planner's gate with its index in all_gates() (so a click picks it) and a
// legend row for its layer.
TEST(PlannersGates, FrameMarksThemPickableAndInTheLegend) {
  gatemap::AppData d = gatemap::load_data(kPlanner);
  gatemap::ViewInputs in;
  in.camera = geo::fit_bbox(gatemap::default_bbox(d.scene), 1920, 1080);
  in.timeline = &d.timeline;
  in.user_layers = &d.user_layers;
  in.date = geo::Date::from_ymd(2025, 6, 1);
  const gatemap::render::FrameSnapshot f = gatemap::make_frame(d.scene, in);
  ASSERT_EQ(f.user_marks.size(), 1u);
  EXPECT_EQ(f.user_marks[0].gate, static_cast<int>(d.scene.gates.size()));
  EXPECT_EQ(f.user_marks[0].status, gatemap::render::GateFrameState::Status::closed);
  EXPECT_EQ(f.user_legend, std::vector<std::string>{"Your gates: gates.csv"});
}

}  // namespace
