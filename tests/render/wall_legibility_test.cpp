// The back row reads the frontier strip too (issue 14): a strip scene on a wall draws its text in
// the wall's sizes, as the map's decorations are drawn. Measured on a 65-inch 3840 x 2160 screen
// read from 6 m: the smallest text the decorations lay out, its capital H rasterised (no halo)
// and counted in pixels, against the cap heights that subtend 16 arcminutes (primary: gate names,
// legend, axes, title, date) and 10 (secondary: the small print). CPU only (Decorations::build).
#include <gtest/gtest.h>

#include <cstdio>

#include "app/render/decorations.hpp"
#include "app/render/scene_points.hpp"
#include "app/render/text.hpp"
#include "app/view/frame_builder.hpp"
#include "app/view/playlist.hpp"
#include "app/view/strip_builder.hpp"
#include "app/view/wall_display.hpp"
#include "geo/dates.hpp"
#include "render_util.hpp"

using namespace gatemap;

namespace {

// The height in pixels of a capital H at size_px (pixels per em), as FreeType rasterises it.
int measured_cap_px(float size_px) {
  render::AtlasSettings no_halo;
  no_halo.no_halo = true;
  render::FontAtlas atlas(render::Fonts{}, no_halo);
  return atlas.glyph(render::FontStyle::regular, U'H', size_px).height;
}

struct Measured {
  render::FrameStats stats;
  int primary_cap = 0, secondary_cap = 0;
};

// The frame laid out as the wall's renderer lays it out, and its smallest text measured.
Measured lay_out(const render::FrameSnapshot& f) {
  const AppData& data = test_util::default_data();
  render::Decorations d;
  const render::ScenePoints points(data.scene);
  render::UiGeometry ui;
  std::vector<render::OverlaySymbol> overlay;
  Measured m;
  d.build(data.scene, points, f, {}, ui, overlay, m.stats);
  m.primary_cap = measured_cap_px(m.stats.least_primary_text_px);
  m.secondary_cap = measured_cap_px(m.stats.least_secondary_text_px);
  return m;
}

// The strip scene of the story on a `diagonal_in` wall of w x h pixels read from `distance_m`.
Measured strip_on_wall(double distance_m, WallSizes& ws, double diagonal_in = 65, int w = 3840, int h = 2160) {
  const AppData& data = test_util::default_data();
  ws = wall_sizes(diagonal_in, w, h, distance_m);
  const std::vector<PlaylistScene> scenes =
      load_playlist(std::string(GATEMAP_SOURCE_DIR) + "/data/scenes/frontier-story.json");
  const PlaylistScene* strip = nullptr;
  for (const PlaylistScene& s : scenes)
    if (s.strip()) strip = &s;
  EXPECT_NE(strip, nullptr) << "the example story has a strip scene";
  if (!strip) return {};
  StripInputs s;
  s.width = w, s.height = h;
  s.pixel_scale = ws.pixel_scale;  // as gatemap present gives it (window.cpp)
  if (strip->layers) s.layers = *strip->layers;
  s.title = strip->title;
  s.from = strip->from, s.to = strip->to;
  s.stretches = load_district_stretches(data.dir);
  render::FrameSnapshot f = make_strip_frame(data.scene, data.timeline, s);
  f.wall.primary_px = ws.primary_em_px;
  f.wall.secondary_px = ws.secondary_em_px;
  f.wall.high_contrast = true;
  f.wall.data_as_of = "Data as of " + data.timeline.as_of_date()->iso();
  f.wall.stale_banner = stale_banner(data.timeline.as_of_date(), *geo::Date::parse("2026-12-07"), 30);
  f.wall.caption = strip->caption;
  const Measured m = lay_out(f);
  std::printf(
      "strip at %dx%d, %.0f in, %.1f m: drawn at %.3f of the wall's sizes: primary text %.1f px/em, H %d px "
      "(needs %.1f); secondary %.1f px/em, H %d px (needs %.1f)\n",
      w, h, diagonal_in, distance_m, m.stats.wall_text_scale, m.stats.least_primary_text_px, m.primary_cap,
      ws.primary_cap_px, m.stats.least_secondary_text_px, m.secondary_cap, ws.secondary_cap_px);
  return m;
}

}  // namespace

// Read from 2 m the strip's content fits the screen at the legible sizes: every text at least
// 16 arcminutes (gate names, legend, axes, title, date, caption) or 10 (the small print).
TEST(WallLegibility, FrontierStripTextInTheWallsSizes) {
  WallSizes ws;
  const Measured m = strip_on_wall(2, ws);
  EXPECT_EQ(m.stats.wall_text_scale, 1.0f) << "the strip fits at the legible sizes";
  EXPECT_GE(m.primary_cap, ws.primary_cap_px) << "16 arcmin: gate names, legend, axes, title, date";
  EXPECT_GE(m.secondary_cap, ws.secondary_cap_px) << "10 arcmin: the small print";
}

// Read from 6 m (the back row) the export's layout of the strip does not fit one screen
// at those sizes (about 15 lines of primary text fit in 2160 pixels): the wall draws its compact
// layout instead, fewer rows of text by priority (the gates' names, a few years, the legend; no
// small print), at the legible sizes, unshrunk.
TEST(WallLegibility, FrontierStripAtSixMetresInTheWallsSizes) {
  WallSizes ws;
  const Measured m = strip_on_wall(6, ws);
  EXPECT_EQ(m.stats.wall_text_scale, 1.0f) << "the strip fits at the legible sizes, nothing shrunk";
  EXPECT_GE(m.primary_cap, ws.primary_cap_px) << "16 arcmin: gate names, legend, years, title, date";
  EXPECT_GE(m.secondary_cap, ws.secondary_cap_px) << "10 arcmin: the credits";
}

// A desk monitor read from arm's length: 24 inches, 1920 x 1080, 0.7 m.
TEST(WallLegibility, FrontierStripOnADeskMonitorInTheWallsSizes) {
  WallSizes ws;
  const Measured m = strip_on_wall(0.7, ws, 24, 1920, 1080);
  EXPECT_EQ(m.stats.wall_text_scale, 1.0f) << "the strip fits at the legible sizes, nothing shrunk";
  EXPECT_GE(m.primary_cap, ws.primary_cap_px) << "16 arcmin";
  EXPECT_GE(m.secondary_cap, ws.secondary_cap_px) << "10 arcmin";
}

// The map's decorations, measured the same way (scene 1 of the story): the rule the strip follows.
TEST(WallLegibility, MapDecorationsInTheWallsSizesAt6Metres) {
  const AppData& data = test_util::default_data();
  const WallSizes ws = wall_sizes(65, 3840, 2160, 6);
  const std::vector<PlaylistScene> scenes =
      load_playlist(std::string(GATEMAP_SOURCE_DIR) + "/data/scenes/frontier-story.json");
  const PlaylistScene& sc = scenes.front();
  ViewInputs in;
  in.timeline = &data.timeline;
  in.camera = geo::fit_bbox(sc.bbox ? *sc.bbox : default_bbox(data.scene), 3840, 2160);
  if (sc.layers) in.layers = *sc.layers;
  in.title = sc.title;
  in.date = sc.date ? sc.date : default_date(data.timeline);
  in.pixel_scale = ws.pixel_scale;
  in.wall.primary_px = ws.primary_em_px;
  in.wall.secondary_px = ws.secondary_em_px;
  in.wall.high_contrast = true;
  in.wall.data_as_of = "Data as of " + data.timeline.as_of_date()->iso();
  in.wall.caption = sc.caption;
  const Measured m = lay_out(make_frame(data.scene, in));
  std::printf("map at 3840x2160, 65 in, 6 m: primary H %d px (needs %.1f), secondary H %d px (needs %.1f)\n",
              m.primary_cap, ws.primary_cap_px, m.secondary_cap, ws.secondary_cap_px);
  EXPECT_GE(m.primary_cap, ws.primary_cap_px);
  EXPECT_GE(m.secondary_cap, ws.secondary_cap_px);
}
