// Headless UI test (issue 16): the window's panels, drawn by their own code at start-up in a small
// window, leave a free rectangle (free_area) in which the map's decorations are laid out; there the
// title, date stamp, north arrow, scale bar, legend and attribution neither overlap one another nor
// leave it (at 960 × 540 the date lay over the title).
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "app/render/decorations.hpp"
#include "app/render/renderer.hpp"
#include "app/view/frame_builder.hpp"
#include "app/view/strip_builder.hpp"
#include "app/window/panels/panels.hpp"
#include "geo/utm.hpp"
#include "tests/app/imgui_harness.hpp"
#include "tests/render/render_util.hpp"

using namespace gatemap;

namespace {

// The panels of the window's start-up, as update_ui draws them (the menu bar's place noted as
// main_menu notes it), for a few frames so that they settle; their free rectangle, in pixels.
ScreenRect panels_free_area(ViewState& v, float w, float h) {
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(w, h);
  AppData& data = const_cast<AppData&>(test_util::default_data());
  for (int frame = 0; frame < 4; ++frame) {
    v.panels.clear();
    ImGui::NewFrame();
    if (ImGui::BeginMainMenuBar()) {
      panels::note_panel(v);
      ImGui::EndMainMenuBar();
    }
    panels::layers(v, [&](geo::LayerId id) { return data.scene.feature_count(id); });
    panels::gate_list(v, data, 0);
    panels::timeline(v, data.timeline, 0);
    panels::inspector(v, data);
    panels::user_layers(v, data);
    panels::status_bar(v, data.scene, nullptr);
    ImGui::Render();
  }
  return free_area(w, h, v.panels);
}

std::string str(const render::PixelRect& r) {
  char b[100];
  std::snprintf(b, sizeof b, "[%.0f,%.0f – %.0f,%.0f]", r.x0, r.y0, r.x1, r.y1);
  return b;
}

// The decorations of the frame, laid out in `a`: inside it and none over another; none of their
// text smaller than 9 px, the smallest that stays crisp (issue 16: the legend shrank to 8 px at
// 960 × 540 and read "Lang Scn"), and the legend (its status key) still drawn. most_covered: the
// largest share of the area they may cover (the legend's band counted whole), 1: any.
void expect_decorations_apart(const render::FrameSnapshot& f, const std::string& what, float most_covered = 1) {
  const auto d = render::prepare_text(test_util::default_scene(), f);
  EXPECT_GE(d->least_text_px(), 9.0f) << what << ": text below the smallest crisp size";
  EXPECT_GT(d->legend_box().x1, d->legend_box().x0) << what << ": no legend";
  const std::vector<render::PixelRect>& boxes = d->decoration_boxes();
  ASSERT_GE(boxes.size(), 4u) << what;
  const float e = 0.5f;
  const render::FrameSnapshot::Area& a = f.free_area;
  const render::PixelRect L = d->legend_box();
  // The legend's band (when it has one) is paper under the legend, date and north arrow: not one
  // of the decorations that may not overlap.
  auto band = [&](const render::PixelRect& p) {
    return p.x0 <= L.x0 && p.y0 <= L.y0 && p.x1 >= L.x1 && p.y1 >= L.y1 &&
           (p.x1 - p.x0) * (p.y1 - p.y0) > (L.x1 - L.x0) * (L.y1 - L.y0) + 1;
  };
  float covered = 0;
  for (const render::PixelRect& p : boxes)
    if (band(p) || !(L.x1 > L.x0) || std::none_of(boxes.begin(), boxes.end(), [&](const render::PixelRect& q) {
          return band(q) && p.x0 >= q.x0 && p.y0 >= q.y0 && p.x1 <= q.x1 && p.y1 <= q.y1;
        }))
      covered += (p.x1 - p.x0) * (p.y1 - p.y0);
  EXPECT_LE(covered / ((a.x1 - a.x0) * (a.y1 - a.y0)), most_covered) << what << ": the decorations hide the map";
  for (size_t i = 0; i < boxes.size(); ++i) {
    const render::PixelRect& p = boxes[i];
    if (band(p) && L.x1 > L.x0) continue;
    EXPECT_TRUE(p.x0 >= a.x0 - e && p.y0 >= a.y0 - e && p.x1 <= a.x1 + e && p.y1 <= a.y1 + e)
        << what << ": " << str(p) << " leaves the free area";
    for (size_t j = i + 1; j < boxes.size(); ++j) {
      const render::PixelRect& q = boxes[j];
      if (band(q) && L.x1 > L.x0) continue;
      EXPECT_FALSE(std::min(p.x1, q.x1) - std::max(p.x0, q.x0) > e && std::min(p.y1, q.y1) - std::max(p.y0, q.y0) > e)
          << what << ": " << str(p) << " overlaps " << str(q);
    }
  }
}

TEST(PanelLayout, DecorationsApartInTheFreeAreaOfASmallWindow) {
  const AppData& data = test_util::default_data();
  for (const auto& [w, h] : {std::pair{960, 540}, std::pair{1280, 720}, std::pair{1920, 1080}}) {
    test_util::ImGuiHarness ui;
    ViewState v;
    v.time.date = default_date(data.timeline);
    const ScreenRect a = panels_free_area(v, static_cast<float>(w), static_cast<float>(h));
    ASSERT_LT(a.x1 - a.x0, static_cast<float>(w)) << "the panels should take some of the window";
    for (const char* date : {static_cast<const char*>(nullptr), "2020-03-01"}) {
      ViewInputs in;
      in.timeline = &data.timeline;
      in.date = date ? geo::Date::parse(date) : default_date(data.timeline);
      in.camera.width_px = w, in.camera.height_px = h;
      in.free_area = {a.x0, a.y0, a.x1, a.y1};
      const FittedView fitted = fit_view_in_free_area(data.scene, in, default_bbox(data.scene));  // the start-up fit
      in.camera = fitted.camera;
      in.legend_band = fitted.legend_band;
      expect_decorations_apart(make_frame(data.scene, in),
                               std::to_string(w) + "x" + std::to_string(h) + " at " +
                                   (date ? date : "the data's date") + ", free area " + str({a.x0, a.y0, a.x1, a.y1}),
                               w == 960 ? 0.6f : 1.0f);
    }
  }
}

TEST(PanelLayout, StartUpViewFitsTheFrontierWhereNoPanelCoversIt) {
  // The window's start-up view (and "0 reset view") fits the default box into the part of the
  // window that no panel covers: at 960 x 540 it was fitted to the whole window, the legend's band
  // put the box at its left, and the Layers and Gates panels covered the frontier.
  const AppData& data = test_util::default_data();
  const geo::BboxLL box = default_bbox(data.scene);
  for (const auto& [w, h] : {std::pair{960, 540}, std::pair{1280, 720}, std::pair{1920, 1080}}) {
    test_util::ImGuiHarness ui;
    ViewState v;
    v.time.date = default_date(data.timeline);
    const ScreenRect a = panels_free_area(v, static_cast<float>(w), static_cast<float>(h));
    ViewInputs in;
    in.timeline = &data.timeline;
    in.date = default_date(data.timeline);
    in.camera.width_px = w, in.camera.height_px = h;
    in.free_area = {a.x0, a.y0, a.x1, a.y1};
    const FittedView fitted = fit_view_in_free_area(data.scene, in, box);
    const std::string what =
        std::to_string(w) + "x" + std::to_string(h) + ", free area " + str({a.x0, a.y0, a.x1, a.y1});
    EXPECT_EQ(fitted.camera.width_px, w) << what;
    // Every located gate and the box's corners fall in the free area (half a pixel of rounding).
    auto inside = [&](geo::LonLat ll, const std::string& name) {
      const geo::XY p = fitted.camera.map_to_pixel(geo::utm::forward(ll));
      EXPECT_TRUE(p.x >= a.x0 - 0.5 && p.x <= a.x1 + 0.5 && p.y >= a.y0 - 0.5 && p.y <= a.y1 + 0.5)
          << name << " at " << p.x << ", " << p.y << " — " << what;
    };
    inside({box.lon0, box.lat0}, "the box's south-west corner");
    inside({box.lon1, box.lat1}, "the box's north-east corner");
    for (const geo::GatePair& g : data.scene.gates)
      if (const std::optional<geo::LonLat> p = g.anchor()) inside(*p, g.name_vi);
    // The box fills the area in one direction at least: not shrunk needlessly.
    const geo::XY sw = fitted.camera.map_to_pixel(geo::utm::forward({box.lon0, box.lat0}));
    const geo::XY ne = fitted.camera.map_to_pixel(geo::utm::forward({box.lon1, box.lat1}));
    EXPECT_GT(std::max((ne.x - sw.x) / (a.x1 - a.x0), (sw.y - ne.y) / (a.y1 - a.y0)), 0.5) << what;
  }
}

TEST(PanelLayout, FrontierStripInTheFreeArea) {
  // View → Frontier strip with the panels open: the strip (its columns, days and decorations) is
  // laid out where no panel covers it, as the map's decorations are (issue 16: panels covered it).
  const AppData& data = test_util::default_data();
  for (const auto& [w, h] : {std::pair{1920, 1080}, std::pair{960, 540}}) {
    test_util::ImGuiHarness ui;
    ViewState v;
    v.time.date = default_date(data.timeline);
    const ScreenRect a = panels_free_area(v, static_cast<float>(w), static_cast<float>(h));
    const std::string what =
        std::to_string(w) + "x" + std::to_string(h) + ", free area " + str({a.x0, a.y0, a.x1, a.y1});
    StripInputs in;
    in.width = w, in.height = h;
    in.today = geo::Date::from_ymd(2026, 12, 7);
    in.stretches = load_district_stretches("");
    render::FrameSnapshot f = make_strip_frame(data.scene, data.timeline, in);
    f.free_area = {a.x0, a.y0, a.x1, a.y1};
    const auto d = render::prepare_text(data.scene, f);
    const render::StripPicks& p = d->strip_picks();
    ASSERT_TRUE(p.valid) << what << ": no strip drawn";
    EXPECT_GE(p.body_x0, a.x0) << what;
    EXPECT_LE(p.body_x1, a.x1) << what;
    EXPECT_GE(p.y_t0, a.y0) << what;
    EXPECT_LE(p.y_t1, a.y1) << what;
    for (const auto& col : p.columns)
      EXPECT_TRUE(col.x0 >= a.x0 && col.x1 <= a.x1) << what << ": a column under a panel";
    for (const render::PixelRect& b : d->decoration_boxes())
      EXPECT_TRUE(b.x0 >= a.x0 && b.y0 >= a.y0 && b.x1 <= a.x1 && b.y1 <= a.y1) << what << ": " << str(b);
  }
}

}  // namespace
