// The window's split view of two dates (issue 17): the planner turns it on, sets D1 and D2, drags
// the swipe line with the mouse (the real panel code, driven headless with ImGui), and the picture
// the window draws (StripRenderer::render_split_to_screen into an offscreen "screen") is, left of
// the line, the map at D1 and, right of it, the map at D2 — the frames that `export --compare`
// draws its halves from, and the single-date maps outside the highlighted gates.
#include "app/render/gl.hpp"  // glad first

#include <gtest/gtest.h>
#include <imgui.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "app/view/frame_builder.hpp"
#include "app/window/panels/panels.hpp"
#include "tests/app/imgui_harness.hpp"
#include "tests/render/render_util.hpp"

using namespace gatemap;

namespace {

constexpr int kW = 640, kH = 400;
const char* const kBbox = "106.62,21.92,106.78,22.06";  // the Hữu Nghị cluster, as the compare export's test
const geo::Date kD1 = *geo::Date::parse("2020-01-15");  // before the Covid closures
const geo::Date kD2 = *geo::Date::parse("2020-03-01");  // during them

struct Screen {
  render::ColorTarget target = render::make_color_target(kW, kH);
  test_util::Image pixels() const {  // top row first
    test_util::Image img;
    img.width = kW, img.height = kH;
    std::vector<uint8_t> bottom_up(static_cast<size_t>(kW) * kH * 4);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, target.fb.get());
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, kW, kH, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    img.rgba.resize(bottom_up.size());
    const size_t stride = static_cast<size_t>(kW) * 4;
    for (int y = 0; y < kH; ++y)
      std::memcpy(&img.rgba[static_cast<size_t>(y) * stride], &bottom_up[static_cast<size_t>(kH - 1 - y) * stride],
                  stride);
    return img;
  }
};

// One ImGui frame of the swipe line over the whole 1280 × 800 harness display.
void swipe_frame(ViewState& v, float x, float y, bool down) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(x, y);
  io.MouseDown[0] = down;
  ImGui::NewFrame();
  panels::swipe_line(v, ScreenRect{0, 0, io.DisplaySize.x, io.DisplaySize.y}, *v.compare.left, *v.time.date);
  ImGui::Render();
}

bool same(const test_util::Image& a, const test_util::Image& b, int x, int y) {
  return std::memcmp(a.px(x, y), b.px(x, y), 4) == 0;
}

TEST(CompareView, DefaultD1IsAYearEarlierNotBeforeTheData) {
  const geo::Date first = *geo::Date::parse("2019-06-01");
  EXPECT_EQ(default_compare_left(*geo::Date::parse("2022-09-26"), first), *geo::Date::parse("2021-09-26"));
  EXPECT_EQ(default_compare_left(*geo::Date::parse("2020-01-15"), first), first);
  EXPECT_EQ(swipe_column(0.25f, 640), 160);
  EXPECT_EQ(swipe_column(0.0f, 640), 1);  // each side keeps a column
  EXPECT_EQ(swipe_column(1.0f, 640), 639);
}

TEST(CompareView, DraggingTheSwipeLineMovesIt) {
  test_util::ImGuiHarness ui;
  ViewState v;
  v.compare.on = true;
  v.compare.left = kD1;
  v.time.date = kD2;
  ASSERT_FLOAT_EQ(v.compare.swipe, 0.5f);
  swipe_frame(v, -1, -1, false);  // the first frame places the handle
  swipe_frame(v, 640, 400, false);
  swipe_frame(v, 640, 400, true);
  for (float x = 600; x >= 320; x -= 40) swipe_frame(v, x, 400, true);
  swipe_frame(v, 320, 400, false);
  EXPECT_NEAR(v.compare.swipe, 0.25f, 1e-4f);
  // Away from the line, a drag does not take it (the map pans there).
  swipe_frame(v, 1000, 400, false);
  swipe_frame(v, 1000, 400, true);
  swipe_frame(v, 1100, 400, true);
  swipe_frame(v, 1100, 400, false);
  EXPECT_NEAR(v.compare.swipe, 0.25f, 1e-4f);
}

TEST(CompareView, EachSideOfTheSwipeLineIsTheMapAtItsDate) {
  test_util::gl_context();
  const AppData& data = test_util::default_data();
  render::Renderer r(data.scene);
  ViewInputs in;
  in.camera = geo::fit_bbox(geo::parse_bbox(kBbox), kW, kH);
  in.timeline = &data.timeline;
  in.date = kD2;

  // The planner's state after turning the view on and dragging the line (the test above).
  ViewState v;
  v.compare.on = true, v.compare.left = kD1, v.time.date = kD2, v.compare.swipe = 0.45f;
  const auto [left, right] = make_compare_frames(data.scene, in, *v.compare.left, *v.time.date);
  const int split = swipe_column(v.compare.swipe, kW);

  Screen screen;
  exporter::ScreenOptions so;
  so.framebuffer = screen.target.fb.get();
  exporter::StripRenderer window;  // the window's strip target and base cache
  window.render_split_to_screen(r, left, right, split, so);
  const test_util::Image shown = screen.pixels();
  const test_util::Image at_d1 = test_util::render_image(r, left), at_d2 = test_util::render_image(r, right);

  long long wrong = 0, d1_differs_left = 0, d1_differs_right = 0;
  for (int y = 0; y < kH; ++y)
    for (int x = 0; x < kW; ++x) {
      wrong += !same(shown, x < split ? at_d1 : at_d2, x, y);
      if (!same(at_d1, at_d2, x, y)) ++(x < split ? d1_differs_left : d1_differs_right);
    }
  EXPECT_EQ(wrong, 0) << "pixels that are not their side's date";
  // The dates differ on both sides of the line, so a wrong side or a missed line would show.
  EXPECT_GT(d1_differs_left, 100);
  EXPECT_GT(d1_differs_right, 100);

  // Each side also equals the plain single-date map away from the highlighted gates.
  ViewInputs plain = in;
  plain.date = kD1;
  const test_util::Image single_d1 = test_util::render_image(r, make_frame(data.scene, plain));
  plain.date = kD2;
  const test_util::Image single_d2 = test_util::render_image(r, make_frame(data.scene, plain));
  std::vector<geo::XY> hot;
  for (const geo::GateSymbol& g : data.scene.gate_symbols) {
    const geo::GateStatus a = data.timeline.status_at(data.scene.gates[g.pair_index].id, kD1);
    const geo::GateStatus b = data.timeline.status_at(data.scene.gates[g.pair_index].id, kD2);
    if (a.overall == b.overall && a.cargo.status == b.cargo.status && a.passengers.status == b.passengers.status)
      continue;
    for (const float* p : {g.crossing, g.vn, g.cn})
      hot.push_back(in.camera.map_to_pixel({data.scene.origin.x + p[0], data.scene.origin.y + p[1]}));
  }
  ASSERT_FALSE(hot.empty());
  long long outside = 0, highlighted = 0;
  for (int y = 0; y < kH; ++y)
    for (int x = 0; x < kW; ++x) {
      if (same(shown, x < split ? single_d1 : single_d2, x, y)) continue;
      ++highlighted;
      bool near = false;
      for (const geo::XY& p : hot) near = near || std::hypot(p.x - x, p.y - y) <= 24;
      outside += !near;
    }
  EXPECT_GT(highlighted, 0) << "no gate highlighted";
  EXPECT_EQ(outside, 0) << "pixels away from the highlighted gates differ from the single-date maps";
}

}  // namespace
