// Images larger than the GPU's viewport limit are drawn in tiles that join without seams: with a
// small tile limit forced, a tiled picture matches the same picture drawn untiled everywhere,
// tile edges included, within a sub-pixel rounding of anti-aliased edges.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "app/render/gl.hpp"  // glad first

#include "app/cli/cli.hpp"
#include "app/view/frame_builder.hpp"
#include "render_util.hpp"

using namespace gatemap;

namespace {

int channel_diff(const uint8_t* a, const uint8_t* b) {
  int d = 0;
  for (int c = 0; c < 4; ++c) d = std::max(d, std::abs(int(a[c]) - int(b[c])));
  return d;
}

render::FrameSnapshot default_frame(const AppData& data, int w, int h) {
  ViewInputs in;
  in.camera = geo::fit_bbox(default_bbox(data.scene), w, h);
  in.pixel_scale = export_pixel_scale(w, h);
  in.layers = geo::LayerSet::all();  // land, lines, gates, labels, overlays and decorations
  in.timeline = &data.timeline;
  in.date = geo::Date::parse("2024-08-22");
  return make_frame(data.scene, in);
}

TEST(Tiling, TilesJoinTheUntiledPictureWithoutSeams) {
  test_util::gl_context();
  const AppData& data = test_util::default_data();
  render::Renderer r(data.scene);
  const int W = 1000, H = 700, kTile = 256;
  const render::FrameSnapshot frame = default_frame(data, W, H);

  const test_util::Image whole = test_util::render_image(r, frame);
  const int untiled_calls = r.stats().draw_calls;
  test_util::Image tiled;
  int tiled_calls = 0;
  {
    exporter::StripRenderer small_tiles({.tile_limit = kTile});  // as if the GPU drew no more than 256 a side
    tiled = test_util::render_image(small_tiles, r, frame);
    tiled_calls = r.stats().draw_calls;
  }
  ASSERT_EQ(tiled.width, W);
  ASSERT_EQ(tiled.height, H);
  // It really was drawn in tiles: 4 columns × 3 rows of tiles repeat the draw calls.
  EXPECT_GT(tiled_calls, 3 * untiled_calls);

  long long differing = 0, at_edges = 0, edge_pixels = 0;
  int worst = 0;
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x) {
      const int d = channel_diff(whole.px(x, y), tiled.px(x, y));
      const bool edge = x % kTile == 0 || x % kTile == kTile - 1 || y % kTile == 0 || y % kTile == kTile - 1;
      edge_pixels += edge;
      worst = std::max(worst, d);
      if (d > 2) {
        ++differing;
        at_edges += edge;
      }
    }
  const double total = double(W) * H;
  // Rounding moves an anti-aliased edge by a small fraction of a pixel: few pixels change, by
  // little, and no more along the tiles' edges than elsewhere (a seam would be whole rows/columns).
  EXPECT_LT(differing, total * 0.0005) << "worst channel difference " << worst;
  EXPECT_LT(at_edges, std::max<long long>(20, edge_pixels / 200)) << "pixels differing on tile edges";
  EXPECT_LE(worst, 24);
}

// Wider than llvmpipe's viewport limit (16384): drawn in two columns of tiles, every row whole.
TEST(Tiling, WiderThanTheViewportLimitRenders) {
  test_util::gl_context();
  const AppData& data = test_util::default_data();
  render::Renderer r(data.scene);
  GLint max_vp[2] = {0, 0};
  glGetIntegerv(GL_MAX_VIEWPORT_DIMS, max_vp);
  const int W = max_vp[0] + 600, H = 40;
  if (W > exporter::kMaxImageSide) GTEST_SKIP() << "this GPU's viewport limit is above gatemap's largest image";
  // A band of the default view: land of both countries all along it.
  ViewInputs in;
  in.camera = geo::fit_bbox(default_bbox(data.scene), W, W * 9 / 16);
  in.camera.height_px = H;
  in.layers = geo::LayerSet::all();
  const render::FrameSnapshot frame = make_frame(data.scene, in);
  const test_util::Image img = test_util::render_image(r, frame);
  ASSERT_EQ(img.width, W);
  ASSERT_EQ(img.height, H);
  // Compare the columns on both sides of the tile edge with their neighbours: the edge is no more
  // of a step than the step between two ordinary neighbouring columns nearby.
  auto column_step = [&](int x) {
    long long s = 0;
    for (int y = 0; y < H; ++y) s += channel_diff(img.px(x - 1, y), img.px(x, y));
    return s;
  };
  const int edge = max_vp[0];
  long long ordinary = 0;
  for (int x = edge - 40; x < edge - 8; ++x) ordinary = std::max(ordinary, column_step(x));
  EXPECT_LE(column_step(edge), ordinary + 4 * H) << "a seam at column " << edge;
  // The second tile was drawn (not left at the clear colour): its pixels vary like the first's.
  int distinct = 0;
  for (int x = edge + 1; x < W; x += 7)
    if (channel_diff(img.px(x, H / 2), img.px(edge + 1, H / 2)) > 8) ++distinct;
  EXPECT_GT(distinct, 0) << "the tile right of column " << edge << " is uniform";
}

}  // namespace
