// Planned events on the frontier strip (issue 19): an event of role `planned` (events.csv) is a
// tick outlined over its period — the quarter its date names — never filled, so the status band
// under it shows through; the builder marks it, the renderer draws only its outline and label.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "app/view/strip_builder.hpp"
#include "render_util.hpp"

using namespace gatemap;

namespace {

StripInputs strip_inputs() {
  StripInputs in;
  in.width = 1920, in.height = 1080;
  in.today = geo::Date::from_ymd(2026, 12, 7);
  in.stretches = load_district_stretches("");
  return in;
}

int gate_of(const AppData& data, const std::string& id) {
  for (size_t i = 0; i < data.scene.gates.size(); ++i)
    if (data.scene.gates[i].id == id) return static_cast<int>(i);
  return -1;
}

}  // namespace

TEST(StripPlanned, ThePlannedRowIsAnOutlinedTickOverItsQuarter) {
  const AppData& data = test_util::default_data();
  const render::FrameSnapshot f = make_strip_frame(data.scene, data.timeline, strip_inputs());
  int planned = 0;
  for (const auto& c : f.strip->columns)
    for (const auto& t : c.ticks) {
      if (!t.planned) continue;
      ++planned;
      // events.csv: huu_nghi upgrade_planned, 2026-Q3, role planned.
      EXPECT_EQ(c.gate, gate_of(data, "huu_nghi"));
      EXPECT_EQ(t.day, geo::Date::from_ymd(2026, 7, 1).days());
      EXPECT_EQ(t.last_day, geo::Date::from_ymd(2026, 9, 30).days());
      EXPECT_FALSE(t.status_change);
      EXPECT_EQ(t.label, "planned: upgrade planned (2026-Q3)");
    }
  EXPECT_EQ(planned, 1);
}

TEST(StripPlanned, DrawnOutlinedNotFilled) {
  test_util::gl_context();
  const AppData& data = test_util::default_data();
  render::Renderer r(data.scene);
  const render::FrameSnapshot with = make_strip_frame(data.scene, data.timeline, strip_inputs());
  render::FrameSnapshot without = with;
  auto s = std::make_shared<render::StripFrame>(*with.strip);
  for (auto& c : s->columns) std::erase_if(c.ticks, [](const auto& t) { return t.planned; });
  without.strip = s;
  const test_util::Image a = test_util::render_image(r, with);
  const test_util::Image b = test_util::render_image(r, without);  // the picks are of this one: the same layout

  // The Hữu Nghị column and the rows of 2026-Q3, found through the strip's picks.
  const int gate = gate_of(data, "huu_nghi");
  const std::int32_t d0 = geo::Date::from_ymd(2026, 7, 1).days(), d1 = geo::Date::from_ymd(2026, 9, 30).days();
  int y0 = -1, y1 = -1;
  for (int y = 0; y < b.height; ++y)
    if (auto p = r.pick_strip(960, y + 0.5); p.day && *p.day >= d0 && *p.day <= d1) {
      if (y0 < 0) y0 = y;
      y1 = y;
    }
  int x0 = -1;
  for (int x = 0; x < b.width && x0 < 0; ++x)
    if (r.pick_strip(x + 0.5, (y0 + y1) / 2.0).gate == gate) x0 = x;
  ASSERT_GE(y0, 0);
  ASSERT_GE(x0, 0);
  ASSERT_GT(y1 - y0, 20) << "the quarter should span rows at 1080p";
  const int cx0 = x0 + 2, cx1 = cx0 + 18;  // the column: 18 CSS pixels, 2 right of its pick area (pixel scale 1)

  long long inside_differs = 0, outline_differs = 0;
  for (int y = y0 + 4; y < y1 - 3; ++y)
    for (int x = cx0 + 2; x < cx1 - 2; ++x) inside_differs += std::memcmp(a.px(x, y), b.px(x, y), 4) != 0;
  for (int y = y0 - 3; y <= y1 + 3; ++y)
    for (int x = cx0 - 6; x < cx1 + 6; ++x) outline_differs += std::memcmp(a.px(x, y), b.px(x, y), 4) != 0;
  EXPECT_EQ(inside_differs, 0) << "the planned tick fills its band";
  EXPECT_GT(outline_differs, 2 * (y1 - y0)) << "no outline drawn around the planned period";
}
