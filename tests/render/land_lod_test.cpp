// The land as drawn: the level of detail follows the scale (PolygonLayer::level_for) and only the
// chunks of triangles that reach the image (or the strip) are drawn.
#include <gtest/gtest.h>

#include "app/view/frame_builder.hpp"
#include "render_util.hpp"

using namespace gatemap;

namespace {

long long land_vertices(render::Renderer& r, const geo::Scene& s, const geo::Camera& cam) {
  ViewInputs in;
  in.camera = cam;
  in.layers.bits = 0;
  in.layers.set(geo::LayerId::land);
  test_util::render_image(r, make_frame(s, in), cam.height_px);  // one strip: the whole image
  return r.stats().vertices;
}

TEST(LandLod, CoarserLevelsAtSmallScalesAndOnlyTheChunksInView) {
  test_util::gl_context();
  const geo::Scene& s = test_util::default_scene();
  render::Renderer r(s);
  const geo::Camera whole = geo::fit_bbox(default_bbox(s), 640, 360);
  ASSERT_GT(s.land.level_for(whole.m_per_px), 0u) << "the whole view should draw a simplified level";
  const size_t level = s.land.level_for(whole.m_per_px);
  const size_t level_indices = s.land.simplified[level - 1].indices.size();
  const long long whole_drawn = land_vertices(r, s, whole);  // of that level only; most of it is in view
  EXPECT_LE(whole_drawn, static_cast<long long>(level_indices));
  EXPECT_GT(whole_drawn * 2, static_cast<long long>(level_indices));
  EXPECT_LT(level_indices, s.land.indices.size());

  // Zoomed in on the first gate at 10 m a pixel: the full level, but few of its chunks.
  ASSERT_FALSE(s.gate_symbols.empty());
  const geo::GateSymbol& g = s.gate_symbols.front();
  geo::Camera close = whole;
  close.m_per_px = 10;
  close.centre = s.to_map(g.has_crossing ? g.crossing : g.has_vn ? g.vn : g.cn);
  ASSERT_EQ(s.land.level_for(close.m_per_px), 0u);
  const long long drawn = land_vertices(r, s, close);
  EXPECT_GT(drawn, 0);
  EXPECT_LT(drawn * 4, static_cast<long long>(s.land.indices.size())) << drawn << " of " << s.land.indices.size();
}

}  // namespace
