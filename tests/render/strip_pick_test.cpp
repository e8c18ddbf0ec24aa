// The window's link from the frontier strip to the map (issue 19): after a strip frame is drawn,
// Renderer::pick_strip names the column (gate pair) and the day under a pixel, so that hovering
// moves the map's date and highlights the gate, and a click opens the inspector. A map frame
// has no strip to pick from.
#include <gtest/gtest.h>

#include <set>

#include "app/view/frame_builder.hpp"
#include "app/view/strip_builder.hpp"
#include "render_util.hpp"

using namespace gatemap;

TEST(StripPick, ColumnsAndDaysUnderThePixel) {
  test_util::gl_context();
  const AppData& data = test_util::default_data();
  StripInputs in;
  in.width = 1920, in.height = 1080;
  in.today = geo::Date::from_ymd(2026, 12, 7);
  in.stretches = load_district_stretches("");
  const render::FrameSnapshot f = make_strip_frame(data.scene, data.timeline, in);
  render::Renderer r(data.scene);
  test_util::render_image(r, f);
  const render::StripPick none = r.pick_strip(2, 2);  // the title's corner
  EXPECT_EQ(none.gate, -1);
  EXPECT_FALSE(none.day);
  // Scan one row through the body: every gate's column is found, in km order, once each.
  std::vector<int> seen;
  const int y = 600;
  for (int x = 0; x < in.width; ++x) {
    const render::StripPick p = r.pick_strip(x + 0.5, y);
    if (p.gate >= 0 && (seen.empty() || seen.back() != p.gate)) seen.push_back(p.gate);
  }
  ASSERT_EQ(seen.size(), data.scene.gates.size());
  EXPECT_EQ(std::set<int>(seen.begin(), seen.end()).size(), seen.size());
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], f.strip->columns[i].gate);
  // Days grow down the picture, from the axis's first day to its last.
  std::optional<std::int32_t> first, last, previous;
  for (int yy = 0; yy < in.height; ++yy) {
    const render::StripPick p = r.pick_strip(800, yy + 0.5);
    if (!p.day) continue;
    if (previous) {
      EXPECT_GE(*p.day, *previous);
    }
    previous = p.day;
    if (!first) first = p.day;
    last = p.day;
  }
  ASSERT_TRUE(first && last);
  EXPECT_LE(*first - f.strip->first_day, 3);  // a pixel row is ~2.7 days here
  EXPECT_LE(f.strip->last_day - *last, 3);
  // A map frame leaves nothing to pick.
  ViewInputs view;
  view.camera = geo::fit_bbox(default_bbox(data.scene), 640, 360);
  test_util::render_image(r, make_frame(data.scene, view));
  EXPECT_FALSE(r.pick_strip(320, 200).day);
}
