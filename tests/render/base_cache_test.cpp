// The window keeps the base layers' pixels between frames while the view is still and draws only
// the overlays over them: its pixels must stay those of the export (drawing everything), frame
// after frame, and the cache must be dropped when the view changes.
#include "app/render/gl.hpp"  // glad first

#include <gtest/gtest.h>

#include <cstring>

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
  Screen(int width, int height) : target(render::make_color_target(width, height)), fb(target.fb.get()), w(width), h(height) {}
  std::vector<uint8_t> pixels() const {
    std::vector<uint8_t> bottom_up(static_cast<size_t>(w) * h * 4), out(bottom_up.size());
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fb);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    const size_t stride = static_cast<size_t>(w) * 4;
    for (int y = 0; y < h; ++y)
      std::memcpy(out.data() + static_cast<size_t>(y) * stride, bottom_up.data() + static_cast<size_t>(h - 1 - y) * stride,
                  stride);
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
  so.strip_height = 150;  // three strips, three cached bases

  // Tân Thanh reopened on 2020-02-20: the overlays differ between these dates, the base does not.
  ViewInputs in = view_at(data, W, H, "2020-02-19");
  for (int strips : {150, 0}) {
    so.strip_height = strips;
    ViewInputs a = in;
    render::FrameSnapshot fa = make_frame(data.scene, a);
    EXPECT_FALSE(exporter::render_strips_to_screen(r, fa, so)) << "first frame: nothing to reuse";
    const std::vector<uint8_t> window_a = screen.pixels();
    const test_util::Image export_a = test_util::render_image(r, fa, strips);
    EXPECT_EQ(differing_pixels(window_a, export_a.rgba), 0);

    ViewInputs b = in;
    b.date = geo::Date::parse("2020-02-20");
    b.time_s = 1.5;  // the flows' animation clock advances too
    render::FrameSnapshot fb = make_frame(data.scene, b);
    EXPECT_TRUE(exporter::render_strips_to_screen(r, fb, so)) << "same view: the base is reused";
    const std::vector<uint8_t> window_b = screen.pixels();
    const test_util::Image export_b = test_util::render_image(r, fb, strips);
    EXPECT_EQ(differing_pixels(window_b, export_b.rgba), 0) << "overlays over the cached base = drawing everything";
    EXPECT_GT(differing_pixels(window_a, window_b), 0) << "the overlays of the two dates differ";

    // Moving the view (or turning a base layer off) redraws the base.
    ViewInputs c = b;
    c.camera.centre.x += 3 * c.camera.m_per_px;
    render::FrameSnapshot fc = make_frame(data.scene, c);
    EXPECT_FALSE(exporter::render_strips_to_screen(r, fc, so)) << "moved view: the base is redrawn";
    EXPECT_EQ(differing_pixels(screen.pixels(), test_util::render_image(r, fc, strips).rgba), 0);
    ViewInputs d = c;
    d.layers.set(geo::LayerId::rivers, false);
    render::FrameSnapshot fd = make_frame(data.scene, d);
    EXPECT_FALSE(exporter::render_strips_to_screen(r, fd, so)) << "a base layer turned off: the base is redrawn";
    EXPECT_EQ(differing_pixels(screen.pixels(), test_util::render_image(r, fd, strips).rgba), 0);
  }
  exporter::release_strip_target();
}

}  // namespace
