// Issue 16: the map's furniture. Each layer toggles only itself; the decorations are laid out in
// the part of the window no panel covers; the legend covers no gate symbol; a time-lapse's legend
// keeps its place and size. CPU only: prepare_text lays out a frame as begin_frame does.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "app/cli/cli.hpp"
#include "app/render/decorations.hpp"
#include "app/render/renderer.hpp"
#include "app/view/frame_builder.hpp"
#include "app/view/playlist.hpp"
#include "app/view/view_state.hpp"
#include "app/view/wall_display.hpp"
#include "geo/utm.hpp"
#include "render_util.hpp"

using namespace gatemap;

namespace {

render::FrameSnapshot frame_for(const char* bbox, int w, int h, const char* layers, const char* date, double dpi = 0) {
  const AppData& data = test_util::default_data();
  ViewInputs in;
  in.camera = geo::fit_bbox(bbox ? geo::parse_bbox(bbox) : default_bbox(data.scene), w, h);
  in.pixel_scale = export_pixel_scale(w, h, dpi);
  if (layers) in.layers = parse_layers(layers);
  in.timeline = &data.timeline;
  in.date = date ? geo::Date::parse(date) : std::nullopt;
  return make_frame(data.scene, in);
}

bool overlaps(const render::PixelRect& a, float x, float y, float r) {
  return x + r > a.x0 && x - r < a.x1 && y + r > a.y0 && y - r < a.y1;
}

TEST(MapFurniture, HidingGatesKeepsTownAndTradeLabels) {
  const geo::Scene& s = test_util::default_scene();
  auto placed = [&](const char* layers) {
    return render::prepare_text(s, frame_for(nullptr, 1920, 1080, layers, "2023-06-01"))->placed_labels().size();
  };
  EXPECT_GT(placed("land,frontier,towns"), 3u) << "town labels need no gates layer";
  EXPECT_GE(placed("land,frontier,trade"), 1u) << "the trade label needs no gates layer";
  EXPECT_EQ(placed("land,frontier"), 0u);
}

// The gates that lie in the picture, in pixels.
std::vector<geo::XY> gate_pixels(const render::FrameSnapshot& f) {
  const geo::Scene& s = test_util::default_scene();
  std::vector<geo::XY> out;
  for (const geo::GateSymbol& g : s.gate_symbols) {
    if (g.approximate) continue;
    for (const float* p : {g.has_vn ? g.vn : nullptr, g.has_cn ? g.cn : nullptr, g.has_crossing ? g.crossing : nullptr})
      if (p) {
        const geo::XY px = f.camera.map_to_pixel(s.to_map(p));
        if (px.x >= 0 && px.y >= 0 && px.x < f.camera.width_px && px.y < f.camera.height_px) out.push_back(px);
      }
  }
  return out;
}

void expect_legend_clear_of_gates(const render::FrameSnapshot& f, const char* what) {
  const auto d = render::prepare_text(test_util::default_scene(), f);
  const render::PixelRect L = d->legend_box();
  ASSERT_GT(L.x1, L.x0) << what << ": no legend";
  const float r = 7 * f.pixel_scale;  // a gate symbol's radius and stroke
  for (const geo::XY& p : gate_pixels(f))
    EXPECT_FALSE(overlaps(L, static_cast<float>(p.x), static_cast<float>(p.y), r))
        << what << ": the legend [" << L.x0 << "," << L.y0 << "–" << L.x1 << "," << L.y1 << "] covers the gate at "
        << p.x << "," << p.y;
}

TEST(MapFurniture, LegendCoversNoGate) {
  // Chi Ma disappeared under the legend in both (issue 16).
  expect_legend_clear_of_gates(frame_for(nullptr, 3840, 2160, nullptr, "2025-06-01", 300), "4K at 300 dpi");
  expect_legend_clear_of_gates(frame_for("106.6,21.75,107.1,22.05", 1920, 1080, nullptr, "2025-06-01"),
                               "--bbox 106.6,21.75,107.1,22.05");
  expect_legend_clear_of_gates(frame_for(nullptr, 1920, 1080, nullptr, "2025-06-01"), "1080p default view");
}

// An export's frame: the box fitted as `gatemap export` fits it (fit_view: beside the legend's
// band when no place over the map is free of gates).
render::FrameSnapshot fitted_frame(const char* bbox, int w, int h, double dpi = 0) {
  const AppData& data = test_util::default_data();
  ViewInputs in;
  in.camera.width_px = w, in.camera.height_px = h;
  in.pixel_scale = export_pixel_scale(w, h, dpi);
  in.timeline = &data.timeline;
  const geo::BboxLL box = bbox ? geo::parse_bbox(bbox) : default_bbox(data.scene);
  const FittedView fitted = fit_view(data.scene, in, box);
  in.camera = fitted.camera;
  in.legend_band = fitted.legend_band;
  return make_frame(data.scene, in);
}

TEST(MapFurniture, LegendOutsideTheMapFrameWhenNoPlaceIsFree) {
  // The default export (960 × 540, the default golden): over the full image every place of the
  // legend covers a gate (Bình Nghi, Na Hình), so it goes in a band beside the map.
  const render::FrameSnapshot over = frame_for(nullptr, 960, 540, nullptr, nullptr);
  const auto d_over = render::prepare_text(test_util::default_scene(), over);
  const render::LegendBands bands = d_over->legend_bands();
  EXPECT_TRUE(bands.right > 0 || bands.bottom > 0) << "the full-image layout should find no free place";
  const render::FrameSnapshot f = fitted_frame(nullptr, 960, 540);
  EXPECT_NE(f.legend_band, render::FrameSnapshot::LegendBand::automatic);
  expect_legend_clear_of_gates(f, "default export 960x540");
  const auto d = render::prepare_text(test_util::default_scene(), f);
  const render::PixelRect frame = d->map_frame(), L = d->legend_box();
  ASSERT_GT(frame.x1, frame.x0) << "no map frame beside the legend";
  EXPECT_TRUE(L.x0 >= frame.x1 || L.y0 >= frame.y1) << "the legend is not outside the map frame";
  // Every gate of the default view lies inside the map frame: none is lost under the band.
  const geo::BboxLL box = default_bbox(test_util::default_scene());
  for (const geo::GateSymbol& g : test_util::default_scene().gate_symbols) {
    if (g.approximate || !g.has_vn) continue;
    const geo::LonLat ll = geo::utm::inverse(test_util::default_scene().to_map(g.vn));
    if (ll.lon < box.lon0 || ll.lon > box.lon1 || ll.lat < box.lat0 || ll.lat > box.lat1) continue;
    const geo::XY p = f.camera.map_to_pixel(test_util::default_scene().to_map(g.vn));
    EXPECT_TRUE(p.x >= frame.x0 && p.x <= frame.x1 && p.y >= frame.y0 && p.y <= frame.y1)
        << "a gate at " << p.x << "," << p.y << " is outside the map frame";
  }
  // Where a free place exists, the fit is the full image's, as before.
  for (const auto& [bbox, w, h, dpi] : {std::tuple<const char*, int, int, double>{nullptr, 3840, 2160, 300},
                                        {"106.6,21.75,107.1,22.05", 3840, 2160, 300},
                                        {"106.6,21.75,107.1,22.05", 1920, 1080, 0}}) {
    const render::FrameSnapshot g = fitted_frame(bbox, w, h, dpi);
    expect_legend_clear_of_gates(g, bbox ? bbox : "default view at 4K, 300 dpi");
  }
}

TEST(MapFurniture, SplitViewLegendCoversNoGate) {
  // export --compare's halves and the window's split view at 960 × 540 a side (the default view,
  // every layer): fitted as a single export is, the legend in a band outside the map frame.
  const AppData& data = test_util::default_data();
  for (const auto& [d1, d2] : {std::pair{"2020-01-15", "2020-03-01"}, std::pair{"2024-01-01", "2024-02-14"}}) {
    ViewInputs in;
    in.camera.width_px = 960, in.camera.height_px = 540;
    in.timeline = &data.timeline;
    const FittedView fitted =
        fit_compare_view(data.scene, in, default_bbox(data.scene), *geo::Date::parse(d1), *geo::Date::parse(d2));
    in.camera = fitted.camera;
    in.legend_band = fitted.legend_band;
    const auto [left, right] = make_compare_frames(data.scene, in, *geo::Date::parse(d1), *geo::Date::parse(d2));
    expect_legend_clear_of_gates(left, d1);
    expect_legend_clear_of_gates(right, d2);
    for (const render::FrameSnapshot* f : {&left, &right}) {
      const auto d = render::prepare_text(data.scene, *f);
      const render::PixelRect frame = d->map_frame(), L = d->legend_box();
      ASSERT_GT(frame.x1, frame.x0) << d1 << " | " << d2 << ": no map frame beside the legend";
      EXPECT_TRUE(L.x0 >= frame.x1 || L.y0 >= frame.y1) << "the legend is not outside the map frame";
      for (const geo::XY& p : gate_pixels(*f))
        EXPECT_TRUE(p.x >= frame.x0 && p.x <= frame.x1 && p.y >= frame.y0 && p.y <= frame.y1)
            << d1 << " | " << d2 << ": a gate at " << p.x << "," << p.y << " lies under the legend's band";
    }
  }
}

// A label box against a symbol's circle (pixels).
bool box_meets_circle(const render::PixelRect& b, double x, double y, double r) {
  const double dx = x - std::clamp(x, static_cast<double>(b.x0), static_cast<double>(b.x1));
  const double dy = y - std::clamp(y, static_cast<double>(b.y0), static_cast<double>(b.y1));
  return dx * dx + dy * dy < r * r;
}

// No placed label lies over a gate's symbol (its sides, crossing or status badge, at its largest:
// a recent change) or over a trade circle.
void expect_labels_clear_of_symbols(const render::FrameSnapshot& f, const char* what) {
  const geo::Scene& s = test_util::default_scene();
  const auto d = render::prepare_text(s, f);
  ASSERT_GT(d->placed_labels().size(), 2u) << what;
  const double badge = 6.0 * 1.3 * 1.2 * f.pixel_scale;  // kGateRadius × status badge × recent change
  std::vector<std::tuple<double, double, double, std::string>> symbols;
  for (const geo::GateSymbol& g : s.gate_symbols)
    for (const float* p : {g.has_vn ? g.vn : nullptr, g.has_cn ? g.cn : nullptr, g.has_crossing ? g.crossing : nullptr})
      if (p) {
        const geo::XY px = f.camera.map_to_pixel(s.to_map(p));
        symbols.emplace_back(px.x, px.y, badge, s.gates[g.pair_index].id);
      }
  for (const render::TradeFrame& t : f.trade) {
    const geo::XY px = f.camera.map_to_pixel(s.to_map(t.xy));
    symbols.emplace_back(px.x, px.y, t.radius_css * f.pixel_scale, "trade circle");
  }
  for (const render::PixelRect& b : d->placed_labels())
    for (const auto& [x, y, r, who] : symbols)
      EXPECT_FALSE(box_meets_circle(b, x, y, r)) << what << ": the label [" << b.x0 << "," << b.y0 << "–" << b.x1 << ","
                                                 << b.y1 << "] lies over the symbol of " << who;
}

TEST(MapFurniture, ClusterLabelsClearOfOtherSymbols) {
  // Hữu Nghị, Tân Thanh, Cốc Nam and Đồng Đăng reopened on 2024-02-14: the cluster and its
  // changes' labels, close up and in the default view, and the Youyiguan trade circle beside them.
  expect_labels_clear_of_symbols(frame_for("106.70,21.95,106.80,22.05", 1280, 720, nullptr, "2024-02-14"),
                                 "--bbox of the cluster at 2024-02-14");
  expect_labels_clear_of_symbols(frame_for(nullptr, 1920, 1080, nullptr, "2024-02-14"), "default view at 2024-02-14");
  expect_labels_clear_of_symbols(frame_for(nullptr, 1920, 1080, nullptr, "2023-06-01"), "default view at 2023-06-01");
  expect_labels_clear_of_symbols(frame_for("106.6,21.75,107.1,22.05", 1920, 1080, nullptr, "2024-02-20"),
                                 "--bbox 106.6,21.75,107.1,22.05 at 2024-02-20");
}

// Every gate that a source locates and that lies in the picture has its name drawn, next to its own
// symbol (no other gate's symbol nearer the label) or tied to it by a leader line.
void expect_every_located_gate_named(const render::FrameSnapshot& f, const std::string& what) {
  const geo::Scene& s = test_util::default_scene();
  const auto d = render::prepare_text(s, f);
  const std::vector<render::PixelRect>& boxes = d->placed_labels();
  const std::vector<int>& gates = d->placed_label_gates();
  ASSERT_EQ(boxes.size(), gates.size());
  std::vector<std::pair<geo::XY, int>> points;  // every gate symbol in view, with its gate
  for (const geo::GateSymbol& g : s.gate_symbols)
    for (const float* p : {g.has_vn ? g.vn : nullptr, g.has_cn ? g.cn : nullptr, g.has_crossing ? g.crossing : nullptr})
      if (p) {
        const geo::XY px = f.camera.map_to_pixel(s.to_map(p));
        if (px.x >= 0 && px.y >= 0 && px.x < f.camera.width_px && px.y < f.camera.height_px)
          points.push_back({px, static_cast<int>(g.pair_index)});
      }
  auto dist = [](const render::PixelRect& b, const geo::XY& p) {
    return std::hypot(p.x - std::clamp(p.x, static_cast<double>(b.x0), static_cast<double>(b.x1)),
                      p.y - std::clamp(p.y, static_cast<double>(b.y0), static_cast<double>(b.y1)));
  };
  int named = 0;
  for (size_t gate = 0; gate < s.gates.size(); ++gate) {
    bool located = false;
    for (const geo::GateSymbol& g : s.gate_symbols) located |= g.pair_index == gate && !g.approximate;
    const bool in_view =
        std::any_of(points.begin(), points.end(), [&](const auto& p) { return p.second == int(gate); });
    if (!located || !in_view) continue;
    const auto it = std::find(gates.begin(), gates.end(), static_cast<int>(gate));
    if (it == gates.end()) {
      ADD_FAILURE() << what << ": the name of " << s.gates[gate].name_vi << " is not drawn";
      continue;
    }
    ++named;
    const render::PixelRect& b = boxes[static_cast<size_t>(it - gates.begin())];
    double own = INFINITY, other = INFINITY;
    for (const auto& [p, g] : points)
      (g == static_cast<int>(gate) ? own : other) = std::min(g == static_cast<int>(gate) ? own : other, dist(b, p));
    bool tied = false;
    for (const render::PixelRect& l : d->leader_lines())
      for (const auto& [p, g] : points)
        tied |= g == static_cast<int>(gate) && std::hypot(l.x0 - p.x, l.y0 - p.y) < 1 && l.x1 >= b.x0 - 0.5f &&
                l.x1 <= b.x1 + 0.5f && l.y1 >= b.y0 - 0.5f && l.y1 <= b.y1 + 0.5f;
    EXPECT_TRUE(own <= other || tied) << what << ": " << s.gates[gate].name_vi << "'s name lies nearer another gate ("
                                      << other << " px) than its own (" << own << " px) and no line ties it";
  }
  EXPECT_GE(named, 6) << what << ": the six gates the sources locate";
}

TEST(MapFurniture, EveryLocatedGateNamedAtTheDefaultView) {
  // Tân Thanh's and Cốc Nam's names were dropped in the Hữu Nghị cluster (issue 16): the default
  // export at 1920 × 1080, the default golden's 960 × 540, at the data's date and at the 2024
  // reopenings (their change labels compete for the cluster's room).
  for (const auto& [w, h] : {std::pair{1920, 1080}, std::pair{960, 540}})
    for (const char* date : {static_cast<const char*>(nullptr), "2024-02-14", "2020-03-01"}) {
      const AppData& data = test_util::default_data();
      ViewInputs in;
      in.camera.width_px = w, in.camera.height_px = h;
      in.pixel_scale = export_pixel_scale(w, h);
      in.timeline = &data.timeline;
      in.date = date ? geo::Date::parse(date) : std::nullopt;
      const FittedView fitted = fit_view(data.scene, in, default_bbox(data.scene));
      in.camera = fitted.camera;
      in.legend_band = fitted.legend_band;
      expect_every_located_gate_named(make_frame(data.scene, in), std::to_string(w) + "x" + std::to_string(h) + " at " +
                                                                      (date ? date : "the data's date"));
    }
}

TEST(MapFurniture, MergedChangeLabelIsTiedToEachGate) {
  // The window 2024-02-14 → 2024-03-01 at 1920 × 1080: gates near one another that reopened the
  // same day share one label ("3 gates reopened 2024-02-14"), a leader line from each.
  const AppData& data = test_util::default_data();
  ViewInputs in;
  in.camera = geo::fit_bbox(default_bbox(data.scene), 1920, 1080);
  in.timeline = &data.timeline;
  in.window = geo::DateWindow{*geo::Date::parse("2024-02-14"), *geo::Date::parse("2024-03-01")};
  const render::FrameSnapshot f = make_frame(data.scene, in);
  const auto d = render::prepare_text(data.scene, f);
  int merged = 0;
  for (const render::GateFrameState& g : f.gates) merged += g.transition > 0 && !g.change_label.empty();
  ASSERT_GE(merged, 3) << "the window should hold the 2024-02-14 reopenings";
  // Leader lines that end on one label's box, from distinct gates: at least one label stands
  // for several gates and is tied to each of them.
  size_t most = 0;
  for (const render::PixelRect& b : d->placed_labels()) {
    size_t n = 0;
    for (const render::PixelRect& l : d->leader_lines())
      n += l.x1 >= b.x0 - 0.5f && l.x1 <= b.x1 + 0.5f && l.y1 >= b.y0 - 0.5f && l.y1 <= b.y1 + 0.5f;
    most = std::max(most, n);
  }
  EXPECT_GE(most, 2u) << "no merged label is tied to the gates it stands for";
}

TEST(MapFurniture, DecorationsStayInTheFreeArea) {
  render::FrameSnapshot f = frame_for(nullptr, 1920, 1080, nullptr, "2025-06-01");
  f.free_area = {320, 24, 1450, 940};  // left panels, menu bar, inspector, timeline
  const auto d = render::prepare_text(test_util::default_scene(), f);
  ASSERT_FALSE(d->decoration_boxes().empty());
  for (const render::PixelRect& b : d->decoration_boxes()) {
    EXPECT_GE(b.x0, f.free_area.x0);
    EXPECT_GE(b.y0, f.free_area.y0);
    EXPECT_LE(b.x1, f.free_area.x1);
    EXPECT_LE(b.y1, f.free_area.y1);
  }
  // The whole frame (exports, F1): the title in the image's corner as before.
  f.free_area = {};
  const auto full = render::prepare_text(test_util::default_scene(), f);
  float min_x = 1e9f;
  for (const render::PixelRect& b : full->decoration_boxes()) min_x = std::min(min_x, b.x0);
  EXPECT_EQ(min_x, 12.0f);
}

TEST(MapFurniture, TimelapseLegendNeverMoves) {
  // Trade figures exist for some years only: the Trade row came and went, the legend jumped.
  const char* dates[] = {"2018-06-01", "2020-06-01", "2023-06-01", "2025-11-01"};
  std::vector<render::PixelRect> per_frame, ranged;
  for (const char* d : dates) {
    render::FrameSnapshot f = frame_for(nullptr, 1280, 720, nullptr, d);
    per_frame.push_back(render::prepare_text(test_util::default_scene(), f)->legend_box());
    ViewInputs in;
    in.camera = f.camera;
    in.timeline = &test_util::default_data().timeline;
    in.date = geo::Date::parse(d);
    in.legend_for_range = true;
    ranged.push_back(
        render::prepare_text(test_util::default_scene(), make_frame(test_util::default_scene(), in))->legend_box());
  }
  bool moved = false;
  for (const render::PixelRect& b : per_frame)
    moved |= b.x0 != per_frame[0].x0 || b.y0 != per_frame[0].y0 || b.x1 != per_frame[0].x1;
  EXPECT_TRUE(moved) << "the dates should be ones where the per-date legend changes";
  for (const render::PixelRect& b : ranged) {
    EXPECT_EQ(b.x0, ranged[0].x0);
    EXPECT_EQ(b.y0, ranged[0].y0);
    EXPECT_EQ(b.x1, ranged[0].x1);
    EXPECT_EQ(b.y1, ranged[0].y1);
  }
}

TEST(MapFurniture, FreeAreaOfDockedPanels) {
  // Menu bar, Layers and Gates on the left, Timeline at the bottom, inspector on the right, status bar.
  const std::vector<ScreenRect> panels = {{0, 0, 1920, 22},       {10, 30, 240, 330},    {10, 350, 310, 680},
                                          {320, 950, 1600, 1055}, {1450, 60, 1910, 900}, {0, 1058, 1920, 1080}};
  const ScreenRect a = free_area(1920, 1080, panels);
  EXPECT_EQ(a.x0, 310);
  EXPECT_EQ(a.y0, 22);
  EXPECT_EQ(a.x1, 1450);
  EXPECT_EQ(a.y1, 950);
  // A 960 x 540 window at start-up: the Layers and Gates panels run past the bottom edge (they
  // were taken for panels docked at the bottom, and the Timeline's top was lost: the legend lay
  // under the Timeline).
  const ScreenRect small = free_area(960, 540,
                                     {{0, 0, 960, 22},
                                      {10, 30, 240, 564},
                                      {10, 350, 310, 680},
                                      {320, 370, 720, 518},
                                      {10, 290, 310, 370},
                                      {0, 518, 960, 550}});
  EXPECT_EQ(small.x0, 310);
  EXPECT_EQ(small.y0, 22);
  EXPECT_EQ(small.x1, 960);
  EXPECT_EQ(small.y1, 370);
  const ScreenRect none = free_area(1920, 1080, {});
  EXPECT_EQ(none.x1, 1920);
  EXPECT_EQ(none.y1, 1080);
}

}  // namespace

// A wall in a window smaller than its screen (gatemap present --windowed on a 21.5-inch 1920 x 1080
// screen read from 4 m, the stale banner up): the decorations at the legible sizes do not fit, and
// must still neither overlap one another nor leave the frame (issue 14; the banner ran off both
// sides, the scale bar covered the legend). Every scene of both example files.
TEST(MapFurniture, WallDecorationsFitASmallWindow) {
  const AppData& data = test_util::default_data();
  const WallSizes ws = wall_sizes(21.5, 1920, 1080, 4);
  for (const char* file : {"docs/examples/wall-scenes.json", "data/scenes/frontier-story.json"}) {
    const std::vector<PlaylistScene> scenes = load_playlist(std::string(GATEMAP_SOURCE_DIR) + "/" + file);
    for (const auto& [w, h] : {std::pair{1280, 720}, std::pair{960, 540}}) {
      ViewInputs in;
      in.timeline = &data.timeline;
      for (size_t n = 0; n < scenes.size(); ++n) {
        const PlaylistScene& sc = scenes[n];
        char what[200];
        std::snprintf(what, sizeof what, "%s scene %zu at %dx%d", file, n + 1, w, h);
        in.camera = geo::fit_bbox(sc.bbox ? *sc.bbox : default_bbox(data.scene), w, h);
        if (sc.layers) in.layers = *sc.layers;
        in.title = sc.title;
        in.date = sc.to ? sc.to : sc.date ? sc.date : default_date(data.timeline);
        in.selected_gate = in.card_gate = -1;
        for (size_t i = 0; i < data.scene.gates.size(); ++i)
          if (data.scene.gates[i].id == sc.select) in.selected_gate = in.card_gate = static_cast<int>(i);
        in.pixel_scale = ws.pixel_scale;
        in.wall.primary_px = ws.primary_em_px;
        in.wall.secondary_px = ws.secondary_em_px;
        in.wall.high_contrast = true;
        in.wall.data_as_of = "Data as of " + data.timeline.as_of_date()->iso();
        in.wall.stale_banner = stale_banner(data.timeline.as_of_date(), *geo::Date::parse("2026-12-07"), 30);
        ASSERT_FALSE(in.wall.stale_banner.empty());
        in.wall.caption = sc.caption;
        const render::FrameSnapshot f = make_frame(data.scene, in);
        const auto d = render::prepare_text(data.scene, f);
        const std::vector<render::PixelRect>& boxes = d->decoration_boxes();
        ASSERT_GE(boxes.size(), 3u) << what;
        auto str = [](const render::PixelRect& r) {
          char b[100];
          std::snprintf(b, sizeof b, "[%.0f,%.0f – %.0f,%.0f]", r.x0, r.y0, r.x1, r.y1);
          return std::string(b);
        };
        for (size_t i = 0; i < boxes.size(); ++i) {
          const render::PixelRect& a = boxes[i];
          EXPECT_TRUE(a.x0 >= -0.5f && a.y0 >= -0.5f && a.x1 <= w + 0.5f && a.y1 <= h + 0.5f)
              << what << ": " << str(a) << " leaves the frame";
          for (size_t j = i + 1; j < boxes.size(); ++j) {
            const render::PixelRect& b = boxes[j];
            EXPECT_FALSE(std::min(a.x1, b.x1) - std::max(a.x0, b.x0) > 0.5f &&
                         std::min(a.y1, b.y1) - std::max(a.y0, b.y0) > 0.5f)
                << what << ": " << str(a) << " and " << str(b) << " overlap";
          }
        }
      }
    }
  }
}
