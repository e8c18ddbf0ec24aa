// Headless UI test: drives the real Layers panel code with ImGui (no window, no backend), clicks
// its checkboxes with synthetic mouse input, and checks that the frame built from the view state
// draws a different set of layers — and that the rendered picture changes accordingly.
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include "app/cli/cli.hpp"
#include "app/view/frame_builder.hpp"
#include "app/window/panels/panels.hpp"
#include "tests/app/imgui_harness.hpp"
#include "tests/render/render_util.hpp"

using namespace gatemap;

namespace {

struct ImGuiHarness : test_util::ImGuiHarness {
  // One frame with the mouse at (x, y), button state `down`.
  void frame(ViewState& v, const geo::Scene& s, float x, float y, bool down) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(x, y);
    io.MouseDown[0] = down;
    ImGui::NewFrame();
    panels::layers(v, [&](geo::LayerId id) { return s.feature_count(id); });
    ImGui::Render();
  }
  void click(ViewState& v, const geo::Scene& s, float x, float y) {
    frame(v, s, x, y, false);
    frame(v, s, x, y, true);
    frame(v, s, x, y, false);
  }
};

// Scans the Layers window top to bottom, clicking at checkbox height, until the layer set changes.
std::optional<geo::LayerSet> click_first_checkbox(ImGuiHarness& ui, ViewState& v, const geo::Scene& s) {
  ImGuiWindow* w = ImGui::FindWindowByName("Layers");
  if (!w) return std::nullopt;
  const geo::LayerSet before = v.layers;
  for (float y = w->Pos.y + 20; y < w->Pos.y + w->Size.y; y += 3) {
    ui.click(v, s, w->Pos.x + 18, y);
    if (!(v.layers == before)) return v.layers;
  }
  return std::nullopt;
}

TEST(LayersPanel, ClickingACheckboxChangesTheFrameLayers) {
  const geo::Scene& scene = test_util::default_scene();
  ImGuiHarness ui;
  ViewState v;
  v.layers = geo::LayerSet::all();
  ui.frame(v, scene, -1, -1, false);  // first frame places the window
  ui.frame(v, scene, -1, -1, false);

  auto after = click_first_checkbox(ui, v, scene);
  ASSERT_TRUE(after.has_value()) << "no checkbox of the Layers panel changed the layers";
  // The first row is the first layer with data: land.
  EXPECT_FALSE(after->has(geo::LayerId::land));
  EXPECT_TRUE(after->has(geo::LayerId::frontier));

  ViewInputs in;
  in.camera = geo::fit_bbox(default_bbox(scene), 320, 200);
  in.layers = v.layers;
  render::FrameSnapshot off = make_frame(scene, in);
  EXPECT_FALSE(off.layers.has(geo::LayerId::land));

  // Clicking the same place again turns it back on.
  auto again = click_first_checkbox(ui, v, scene);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->has(geo::LayerId::land));
}

TEST(LayersPanel, TurningLandOffChangesThePicture) {
  test_util::gl_context();
  const geo::Scene& scene = test_util::default_scene();
  render::Renderer r(scene);
  ViewInputs in;
  in.camera = geo::fit_bbox(default_bbox(scene), 320, 200);
  in.layers = parse_layers("land,frontier");
  test_util::Image with_land = test_util::render_image(r, make_frame(scene, in));
  in.layers.set(geo::LayerId::land, false);
  test_util::Image without = test_util::render_image(r, make_frame(scene, in));
  // Bottom-left of the default view is Vietnam (land), far from the frontier line.
  const uint8_t* a = with_land.px(10, 190);
  const uint8_t* b = without.px(10, 190);
  EXPECT_NE(std::vector<uint8_t>(a, a + 3), std::vector<uint8_t>(b, b + 3));
}

}  // namespace
