// Two dates, one picture each: they differ where a gate's status changed between the dates and
// nowhere else (the date stamp aside); a date with no change in between gives the same picture.
#include <gtest/gtest.h>

#include <cmath>

#include "app/cli/cli.hpp"
#include "app/render/decorations.hpp"
#include "app/render/renderer.hpp"
#include "app/view/frame_builder.hpp"
#include "render_util.hpp"

using namespace gatemap;

namespace {

struct Box {
  int x0 = 1 << 30, y0 = 1 << 30, x1 = -1, y1 = -1;
  bool empty() const { return x1 < 0; }
};

test_util::Image render_at(render::Renderer& r, const geo::Scene& s, const geo::Timeline& t, const char* date) {
  ViewInputs in;
  in.camera = geo::fit_bbox(default_bbox(s), 960, 540);
  in.layers = parse_layers("land,frontier,gates,status");
  in.timeline = &t;
  in.date = geo::Date::parse(date);
  return test_util::render_image(r, make_frame(s, in));
}

// Pixels of the gates whose overall status differs between a and b.
std::vector<geo::XY> changed_gate_pixels(const geo::Scene& s, const geo::Timeline& t, const char* a, const char* b,
                                         const geo::Camera& cam) {
  std::vector<geo::XY> out;
  for (const geo::GateSymbol& g : s.gate_symbols) {
    const std::string& id = s.gates[g.pair_index].id;
    if (t.status_at(id, *geo::Date::parse(a)).overall == t.status_at(id, *geo::Date::parse(b)).overall) continue;
    const float* p = g.has_crossing ? g.crossing : g.has_vn ? g.vn : g.cn;
    out.push_back(cam.map_to_pixel(s.to_map(p)));
  }
  return out;
}

TEST(TimeOverlay, PicturesDifferOnlyWhereAStatusChanged) {
  test_util::gl_context();
  const AppData& data = test_util::default_data();
  render::Renderer r(data.scene);
  // Tân Thanh reopened on 2020-02-20 (events.csv); nothing else changes between these days.
  const char* before = "2020-02-19";
  const char* after = "2020-02-20";
  const geo::Camera cam = geo::fit_bbox(default_bbox(data.scene), 960, 540);
  const std::vector<geo::XY> changed = changed_gate_pixels(data.scene, data.timeline, before, after, cam);
  ASSERT_EQ(changed.size(), 1u) << "the fixture dates should change exactly one located gate";

  test_util::Image a = render_at(r, data.scene, data.timeline, before);
  test_util::Image b = render_at(r, data.scene, data.timeline, after);
  // The change labels belong to the change: identical ones of neighbouring gates are one label
  // ("4 gates closed 2020-01-31" becomes "3 gates …" when one of them reopens), which may sit
  // further out with a leader line. Their boxes, and the span from the changed gate to them,
  // count as where the status changed.
  std::vector<render::PixelRect> change_spans;
  for (const char* d : {before, after}) {
    ViewInputs in;
    in.camera = cam;
    in.layers = parse_layers("land,frontier,gates,status");
    in.timeline = &data.timeline;
    in.date = geo::Date::parse(d);
    // Held in a variable: a range-for over prepare_text(...)->placed_labels() would read a freed object.
    const auto text = render::prepare_text(data.scene, make_frame(data.scene, in));
    for (const render::PixelRect& p : text->placed_labels())
      if (p.priority == 200)  // a change label (decorations.cpp)
        for (const geo::XY& c : changed)
          if (std::hypot((p.x0 + p.x1) / 2 - c.x, (p.y0 + p.y1) / 2 - c.y) <= 320)
            change_spans.push_back({std::min<float>(p.x0, static_cast<float>(c.x)) - 4,
                                    std::min<float>(p.y0, static_cast<float>(c.y)) - 4,
                                    std::max<float>(p.x1, static_cast<float>(c.x)) + 4,
                                    std::max<float>(p.y1, static_cast<float>(c.y)) + 4});
  }
  long long differing = 0, far = 0;
  const double radius = 160;  // the status badge, its transition and its change label
  for (int y = 0; y < a.height; ++y)
    for (int x = 0; x < a.width; ++x) {
      if (std::equal(a.px(x, y), a.px(x, y) + 4, b.px(x, y))) continue;
      ++differing;
      bool near = false;
      for (const geo::XY& c : changed) near |= std::hypot(x - c.x, y - c.y) <= radius;
      for (const render::PixelRect& s : change_spans) near |= x >= s.x0 && x <= s.x1 && y >= s.y0 && y <= s.y1;
      far += !near;
    }
  EXPECT_GT(differing, 50) << "the change of status is not visible";
  EXPECT_EQ(far, 0) << far << " pixels changed away from the gate whose status changed";
}

TEST(TimeOverlay, NoChangeNoDifference) {
  test_util::gl_context();
  const AppData& data = test_util::default_data();
  render::Renderer r(data.scene);
  // Two days without any event in between and no change highlight running: the same picture.
  const char* a = "2021-03-10";
  const char* b = "2021-03-11";
  const geo::Camera cam = geo::fit_bbox(default_bbox(data.scene), 960, 540);
  ASSERT_TRUE(changed_gate_pixels(data.scene, data.timeline, a, b, cam).empty());
  ASSERT_TRUE(data.timeline.transitions(*geo::Date::parse(b), 21).empty());
  test_util::Image ia = render_at(r, data.scene, data.timeline, a);
  test_util::Image ib = render_at(r, data.scene, data.timeline, b);
  EXPECT_EQ(ia.rgba, ib.rgba);
}

TEST(TimeOverlay, StatusLayerChangesTheGateSymbols) {
  test_util::gl_context();
  const AppData& data = test_util::default_data();
  render::Renderer r(data.scene);
  ViewInputs in;
  in.camera = geo::fit_bbox(default_bbox(data.scene), 960, 540);
  in.layers = parse_layers("land,frontier,gates");
  in.timeline = &data.timeline;
  in.date = geo::Date::parse("2020-03-01");
  test_util::Image off = test_util::render_image(r, make_frame(data.scene, in));
  in.layers.set(geo::LayerId::status);
  test_util::Image on = test_util::render_image(r, make_frame(data.scene, in));
  EXPECT_NE(off.rgba, on.rgba);
}

// Issue 18: on 2026-02-16 (the Tet 2026 stops) the frame gives Hữu Nghị, Tân Thanh and Cốc Nam
// the restricted badge flagged "goods stopped, passengers open" with that change label, Chi Ma
// restricted, Na Hình closed; the default date of a frame is the data's "as of", 2026-03-03.
TEST(TimeOverlay, TetStopsOf2026) {
  const AppData& data = test_util::default_data();
  ViewInputs in;
  in.camera = geo::fit_bbox(default_bbox(data.scene), 960, 540);
  in.layers = parse_layers("land,frontier,gates,status,legend");
  in.timeline = &data.timeline;
  EXPECT_EQ(make_frame(data.scene, in).date_label, "2026-03-03");
  in.date = geo::Date::parse("2026-02-16");
  const render::FrameSnapshot f = make_frame(data.scene, in);
  using S = render::GateFrameState::Status;
  int checked = 0;
  for (size_t i = 0; i < data.scene.gates.size(); ++i) {
    const std::string& id = data.scene.gates[i].id;
    const render::GateFrameState& g = f.gates[i];
    if (id == "huu_nghi" || id == "tan_thanh" || id == "coc_nam") {
      EXPECT_EQ(g.status, S::restricted) << id;
      EXPECT_TRUE(g.goods_stopped_passengers_open) << id;
      EXPECT_EQ(g.change_label, "goods stopped, passengers open 2026-02-15") << id;
      ++checked;
    } else if (id == "chi_ma") {
      EXPECT_EQ(g.status, S::restricted);
      EXPECT_FALSE(g.goods_stopped_passengers_open);
      ++checked;
    } else if (id == "na_hinh") {
      EXPECT_EQ(g.status, S::closed);
      EXPECT_EQ(g.change_label, "closed 2026-02-15");
      ++checked;
    } else if (id == "dong_dang_rail") {
      EXPECT_EQ(g.status, S::open);  // the context row of the Chinese high-speed line changes nothing
      ++checked;
    }
  }
  EXPECT_EQ(checked, 6);
}

// Issue 16: every layer toggles only itself. The status badges show without the gates layer.
TEST(TimeOverlay, StatusBadgesNeedNoGatesLayer) {
  test_util::gl_context();
  const AppData& data = test_util::default_data();
  render::Renderer r(data.scene);
  ViewInputs in;
  in.camera = geo::fit_bbox(default_bbox(data.scene), 960, 540);
  in.layers = parse_layers("land,frontier");
  in.timeline = &data.timeline;
  in.date = geo::Date::parse("2021-03-10");  // no change label running: only the badges differ
  test_util::Image off = test_util::render_image(r, make_frame(data.scene, in));
  in.layers.set(geo::LayerId::status);
  test_util::Image on = test_util::render_image(r, make_frame(data.scene, in));
  EXPECT_NE(off.rgba, on.rgba) << "hiding the gates hid the status badges";
}

}  // namespace
