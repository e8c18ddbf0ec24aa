// The window keeps the base layers' pixels between frames while the view is still and draws only
// the overlays over them: its pixels must stay those of the export (drawing everything), frame
// after frame, and the cache must be dropped when the view changes.
#include "app/render/gl.hpp"  // glad first

#include <gtest/gtest.h>

#include <cstring>
#include <optional>
#include <utility>
#include <vector>

#include "app/cli/cli.hpp"
#include "app/view/frame_builder.hpp"
#include "render_util.hpp"

using namespace gatemap;

namespace {

// An offscreen "screen" for the window's path, read back top row first.
struct Screen {
  render::ColorTarget target;
  GLuint fb;
  int w, h;
  Screen(int width, int height)
      : target(render::make_color_target(width, height)), fb(target.fb.get()), w(width), h(height) {}
  std::vector<uint8_t> pixels() const {
    std::vector<uint8_t> bottom_up(static_cast<size_t>(w) * h * 4), out(bottom_up.size());
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fb);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    const size_t stride = static_cast<size_t>(w) * 4;
    for (int y = 0; y < h; ++y)
      std::memcpy(out.data() + static_cast<size_t>(y) * stride,
                  bottom_up.data() + static_cast<size_t>(h - 1 - y) * stride, stride);
    return out;
  }
};

long long differing_pixels(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  long long n = 0;
  for (size_t i = 0; i + 3 < a.size() && i + 3 < b.size(); i += 4)
    if (std::memcmp(&a[i], &b[i], 4) != 0) ++n;
  return n + (a.size() != b.size() ? 1 : 0);
}

ViewInputs view_at(const AppData& data, int w, int h, const char* date) {
  ViewInputs in;
  in.camera = geo::fit_bbox(default_bbox(data.scene), w, h);
  in.layers = geo::LayerSet::all();
  in.timeline = &data.timeline;
  in.date = geo::Date::parse(date);
  return in;
}

TEST(BaseCache, StillViewReusesBasePixelsAndKeepsTheExportsPixels) {
  test_util::gl_context();
  const AppData& data = test_util::default_data();
  render::Renderer r(data.scene);
  const int W = 640, H = 400;
  Screen screen(W, H);
  exporter::ScreenOptions so;
  so.framebuffer = screen.fb;
  so.strip_height = 150;           // three strips, three cached bases
  exporter::StripRenderer window;  // the window's strip target and base cache

  // Tân Thanh reopened on 2020-02-20: the overlays differ between these dates, the base does not.
  ViewInputs in = view_at(data, W, H, "2020-02-19");
  for (int strips : {150, 0}) {
    so.strip_height = strips;
    ViewInputs a = in;
    render::FrameSnapshot fa = make_frame(data.scene, a);
    EXPECT_FALSE(window.render_strips_to_screen(r, fa, so)) << "first frame: nothing to reuse";
    const std::vector<uint8_t> window_a = screen.pixels();
    const test_util::Image export_a = test_util::render_image(r, fa, strips);
    EXPECT_EQ(differing_pixels(window_a, export_a.rgba), 0);

    ViewInputs b = in;
    b.date = geo::Date::parse("2020-02-20");
    b.time_s = 1.5;  // the flows' animation clock advances too
    render::FrameSnapshot fb = make_frame(data.scene, b);
    EXPECT_TRUE(window.render_strips_to_screen(r, fb, so)) << "same view: the base is reused";
    const std::vector<uint8_t> window_b = screen.pixels();
    const test_util::Image export_b = test_util::render_image(r, fb, strips);
    EXPECT_EQ(differing_pixels(window_b, export_b.rgba), 0) << "overlays over the cached base = drawing everything";
    EXPECT_GT(differing_pixels(window_a, window_b), 0) << "the overlays of the two dates differ";

    // Moving the view (or turning a base layer off) redraws the base.
    ViewInputs c = b;
    c.camera.centre.x += 3 * c.camera.m_per_px;
    render::FrameSnapshot fc = make_frame(data.scene, c);
    EXPECT_FALSE(window.render_strips_to_screen(r, fc, so)) << "moved view: the base is redrawn";
    EXPECT_EQ(differing_pixels(screen.pixels(), test_util::render_image(r, fc, strips).rgba), 0);
    ViewInputs d = c;
    d.layers.set(geo::LayerId::rivers, false);
    render::FrameSnapshot fd = make_frame(data.scene, d);
    EXPECT_FALSE(window.render_strips_to_screen(r, fd, so)) << "a base layer turned off: the base is redrawn";
    EXPECT_EQ(differing_pixels(screen.pixels(), test_util::render_image(r, fd, strips).rgba), 0);
  }
}

// The window's first frame, drawn in one pass straight into the screen (ScreenOptions::direct: no
// offscreen target, no copy) when it is one strip, holds the export's pixels; a frame of several
// strips is drawn through them (one pass differs from strips by one level in a few pixels on
// llvmpipe, whose tiles then fall elsewhere). The frame after it, through the strips and the base
// cache, holds them too.
TEST(BaseCache, FirstFrameStraightIntoTheScreenKeepsTheExportsPixels) {
  test_util::gl_context();
  const AppData& data = test_util::default_data();
  render::Renderer r(data.scene);
  const int W = 640, H = 400;
  for (int strips : {150, 0}) {
    Screen screen(W, H);
    exporter::StripRenderer window;
    exporter::ScreenOptions so;
    so.framebuffer = screen.fb;
    so.strip_height = strips;
    so.reuse_base = false;
    so.direct = true;
    ViewInputs in = view_at(data, W, H, "2020-02-19");
    render::FrameSnapshot f0 = make_frame(data.scene, in);
    EXPECT_FALSE(window.render_strips_to_screen(r, f0, so));
    EXPECT_EQ(differing_pixels(screen.pixels(), test_util::render_image(r, f0, strips).rgba), 0)
        << "strips of " << strips;
    EXPECT_EQ(window.has_target(), strips != 0) << "one strip: no offscreen target made";
    so.reuse_base = true;
    so.direct = false;
    in.date = geo::Date::parse("2020-02-20");
    render::FrameSnapshot f1 = make_frame(data.scene, in);
    EXPECT_FALSE(window.render_strips_to_screen(r, f1, so)) << "no base kept by the direct frame";
    EXPECT_EQ(differing_pixels(screen.pixels(), test_util::render_image(r, f1, strips).rgba), 0);
    EXPECT_TRUE(window.render_strips_to_screen(r, f1, so)) << "the second frame kept the base";
  }
  // Only some columns (the split view's halves) are never drawn straight: the strips write them.
  Screen screen(W, H);
  exporter::StripRenderer window;
  exporter::ScreenOptions so;
  so.framebuffer = screen.fb;
  so.reuse_base = false;
  so.direct = true;
  so.columns_x0 = W / 2;
  glBindFramebuffer(GL_FRAMEBUFFER, screen.fb);
  glClearColor(0, 0, 0, 0);
  glClear(GL_COLOR_BUFFER_BIT);
  window.render_strips_to_screen(r, make_frame(data.scene, view_at(data, W, H, "2020-02-19")), so);
  const std::vector<uint8_t> px = screen.pixels();
  EXPECT_EQ(px[4 * (H / 2 * W + 10) + 3], 0) << "the left half was left alone";
  EXPECT_EQ(px[4 * (H / 2 * W + W - 10) + 3], 255) << "the right half was drawn";
}

// A window: its renderer next to its strip target and base cache, as the window owns them.
struct WindowOwner {
  render::Renderer renderer;
  exporter::StripRenderer strips;
  explicit WindowOwner(const geo::Scene& scene) : renderer(scene) {}
  // One frame of `in` on `screen`: whether the base was reused, and the pixels shown.
  std::pair<bool, std::vector<uint8_t>> frame(const geo::Scene& scene, const ViewInputs& in, const Screen& screen) {
    exporter::ScreenOptions so;
    so.framebuffer = screen.fb;
    const bool reused = strips.render_strips_to_screen(renderer, make_frame(scene, in), so);
    return {reused, screen.pixels()};
  }
};

// Two windows side by side, each with a view of its own, drawn in turn: each keeps its own base
// (a cache shared by the process would be dropped by every frame of the other), and both show
// what an export of their frame holds.
TEST(StripRendererOwners, TwoWindowsSideBySideKeepTheirOwnBases) {
  test_util::gl_context();
  const AppData& data = test_util::default_data();
  const int W = 480, H = 300;
  WindowOwner a(data.scene), b(data.scene);
  const Screen screen_a(W, H), screen_b(W, H);
  ViewInputs va = view_at(data, W, H, "2020-02-19"), vb = va;
  vb.camera.m_per_px *= 0.5;  // b looks closer in

  EXPECT_FALSE(a.frame(data.scene, va, screen_a).first);
  EXPECT_FALSE(b.frame(data.scene, vb, screen_b).first);
  va.date = vb.date = geo::Date::parse("2020-02-20");  // the overlays change, the base does not
  const auto [a_reused, a_px] = a.frame(data.scene, va, screen_a);
  const auto [b_reused, b_px] = b.frame(data.scene, vb, screen_b);
  EXPECT_TRUE(a_reused) << "a's base survives b's frame";
  EXPECT_TRUE(b_reused) << "b's base survives a's frame";
  EXPECT_EQ(differing_pixels(a_px, test_util::render_image(a.renderer, make_frame(data.scene, va)).rgba), 0);
  EXPECT_EQ(differing_pixels(b_px, test_util::render_image(b.renderer, make_frame(data.scene, vb)).rgba), 0);
  EXPECT_GT(differing_pixels(a_px, b_px), 0) << "the two views differ";
  // A third owner of a's view, made now, draws a's pixels from scratch.
  WindowOwner c(data.scene);
  const auto [c_reused, c_px] = c.frame(data.scene, va, Screen(W, H));
  EXPECT_FALSE(c_reused);
  EXPECT_EQ(differing_pixels(c_px, a_px), 0);
}

// A window closed and another opened in its place, on other data, with the same view: the new one
// draws its own base. (A cache shared by the process and keyed by the renderer's address would
// show the old data: the new renderer sits at the old one's address with the same generation.)
TEST(StripRendererOwners, AWindowMadeWhereAnotherWasDrawsItsOwnBase) {
  test_util::gl_context();
  const AppData& data = test_util::default_data();
  geo::Scene no_rivers = data.scene;
  no_rivers.rivers = {};
  const int W = 480, H = 300;
  const ViewInputs in = view_at(data, W, H, "2024-08-22");

  const Screen screen(W, H);
  std::optional<WindowOwner> owner;
  owner.emplace(data.scene);
  const std::vector<uint8_t> first = owner->frame(data.scene, in, screen).second;
  const void* first_renderer = &owner->renderer;
  owner.reset();
  owner.emplace(no_rivers);
  ASSERT_EQ(&owner->renderer, first_renderer);
  const auto [reused, second] = owner->frame(no_rivers, in, screen);
  EXPECT_FALSE(reused);
  EXPECT_EQ(differing_pixels(second, test_util::render_image(owner->renderer, make_frame(no_rivers, in)).rgba), 0);
  EXPECT_GT(differing_pixels(first, second), 0) << "the rivers are gone";
  owner.reset();
  // And the first data again, in a third window in the same place: the first window's pixels.
  owner.emplace(data.scene);
  EXPECT_EQ(differing_pixels(owner->frame(data.scene, in, screen).second, first), 0);
}

// Two export jobs' strip targets in one process, side by side at different sizes and in sequence:
// every image is the one a fresh target draws.
TEST(StripRendererOwners, TwoExportsSideBySideAndInSequenceGiveTheSamePixels) {
  test_util::gl_context();
  const AppData& data = test_util::default_data();
  render::Renderer r(data.scene);
  const render::FrameSnapshot small = make_frame(data.scene, view_at(data, 400, 250, "2024-08-22"));
  const render::FrameSnapshot large = make_frame(data.scene, view_at(data, 900, 600, "2024-08-22"));
  const test_util::Image small_ref = test_util::render_image(r, small), large_ref = test_util::render_image(r, large);
  {
    exporter::StripRenderer one, two;
    for (int round = 0; round < 2; ++round) {
      EXPECT_EQ(differing_pixels(test_util::render_image(one, r, small).rgba, small_ref.rgba), 0);
      EXPECT_EQ(differing_pixels(test_util::render_image(two, r, large).rgba, large_ref.rgba), 0);
      EXPECT_EQ(differing_pixels(test_util::render_image(one, r, large).rgba, large_ref.rgba), 0);
    }
  }
  exporter::StripRenderer three;
  EXPECT_EQ(differing_pixels(test_util::render_image(three, r, large).rgba, large_ref.rgba), 0);
  exporter::StripRenderer moved = std::move(three);  // a job handed on keeps its target
  EXPECT_EQ(differing_pixels(test_util::render_image(moved, r, small).rgba, small_ref.rgba), 0);
}

}  // namespace
