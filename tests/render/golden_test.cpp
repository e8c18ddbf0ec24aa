// Golden-image tests (MapLibre-style render tests): each folder tests/golden/<case>/ holds
// scene.json (the view) and expected.png. The case is rendered headless through EGL with the
// export's strip path and compared with a per-case tolerance; on failure actual.png and
// diff.png are written next to expected.png. GATEMAP_UPDATE_GOLDEN=1 rewrites expected.png
// (look at the images before committing them).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/cli/cli.hpp"
#include "app/export/png_writer.hpp"
#include "app/view/frame_builder.hpp"
#include "app/view/playlist.hpp"
#include "app/view/strip_builder.hpp"
#include "app/view/wall_display.hpp"
#include "render_util.hpp"
#include "tests/export/png_read.hpp"

namespace fs = std::filesystem;
using namespace gatemap;

namespace {

test_util::Image load_png(const fs::path& p) {
  auto d = exporter::testing::read_png(p);
  test_util::Image img;
  if (!d.ok) return img;
  img.width = d.width;
  img.height = d.height;
  const int ch = d.color_type == PNG_COLOR_TYPE_RGB ? 3 : 4;
  img.rgba.resize(static_cast<size_t>(d.width) * d.height * 4);
  for (size_t i = 0; i < static_cast<size_t>(d.width) * d.height; ++i) {
    for (int c = 0; c < 3; ++c) img.rgba[i * 4 + c] = d.pixels[i * ch + c];
    img.rgba[i * 4 + 3] = ch == 4 ? d.pixels[i * ch + 3] : 255;
  }
  return img;
}

void save_png(const fs::path& p, const test_util::Image& img) {
  exporter::write_png(p, img.rgba.data(), img.width, img.height, static_cast<size_t>(img.width) * 4, {}, true);
}

std::vector<std::string> cases() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(GATEMAP_GOLDEN_DIR))
    if (e.is_directory() && fs::exists(e.path() / "scene.json")) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// A scene of a scenes file as `gatemap present` shows it (issue 14): "scenes" (a path in the
// repository), "scene" (from 1), the wall's "diagonal_in" and "distance_m", and "today" for the
// stale banner. Layers as the wall plays them (a scene without them keeps the previous scene's).
// Returns the scene.
PlaylistScene wall_scene(const nlohmann::json& j, ViewInputs& in, int w, int h) {
  const std::vector<PlaylistScene> scenes =
      load_playlist((fs::path(GATEMAP_SOURCE_DIR) / j["scenes"].get<std::string>()).string());
  const size_t n = j.at("scene").get<size_t>() - 1;
  const PlaylistScene& sc = scenes.at(n);
  const AppData& data = test_util::default_data();
  in.camera = geo::fit_bbox(sc.bbox ? *sc.bbox : default_bbox(data.scene), w, h);
  for (size_t i = 0; i <= n; ++i)
    if (scenes[i].layers) in.layers = *scenes[i].layers;
  in.title = sc.title;
  in.date = sc.to ? sc.to : sc.date ? sc.date : default_date(data.timeline);
  for (size_t i = 0; i < data.scene.gates.size(); ++i)
    if (data.scene.gates[i].id == sc.select) in.selected_gate = in.card_gate = static_cast<int>(i);
  const WallSizes ws = wall_sizes(j.at("diagonal_in").get<double>(), w, h, j.at("distance_m").get<double>());
  in.pixel_scale = ws.pixel_scale;
  in.wall.primary_px = ws.primary_em_px;
  in.wall.secondary_px = ws.secondary_em_px;
  in.wall.high_contrast = true;
  in.wall.data_as_of = "Data as of " + data.timeline.as_of_date()->iso();
  in.wall.stale_banner =
      stale_banner(data.timeline.as_of_date(), *geo::Date::parse(j.at("today").get<std::string>()), 30);
  in.wall.caption = sc.caption;
  return sc;
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesExpected) {
  const fs::path dir = fs::path(GATEMAP_GOLDEN_DIR) / GetParam();
  nlohmann::json j = nlohmann::json::parse(std::ifstream(dir / "scene.json"));
  test_util::gl_context();
  const geo::Scene& scene = test_util::default_scene();
  const int w = j.at("width"), h = j.at("height");
  ViewInputs in;
  geo::BboxLL bb = default_bbox(scene);
  if (j.contains("bbox")) bb = geo::parse_bbox(j["bbox"].get<std::string>());
  in.camera = geo::fit_bbox(bb, w, h);
  in.pixel_scale = j.value("pixel_scale", 1.0f);
  if (j.contains("layers")) in.layers = parse_layers(j["layers"].get<std::string>());
  in.title = j.value("title", "");
  in.timeline = &test_util::default_data().timeline;
  if (j.contains("date")) in.date = geo::Date::parse(j["date"].get<std::string>());
  render::FrameSnapshot frame;
  if (j.value("view", "map") == "strip") {  // the frontier strip (issue 19), "today" pinned for the test
    StripInputs s;
    s.width = w, s.height = h;
    s.pixel_scale = j.contains("pixel_scale") ? in.pixel_scale : export_pixel_scale(w, h);
    s.layers = in.layers;
    s.title = in.title;
    s.today = geo::Date::parse(j.value("today", "2026-12-07"));
    if (j.contains("from")) s.from = geo::Date::parse(j["from"].get<std::string>());
    if (j.contains("to")) s.to = geo::Date::parse(j["to"].get<std::string>());
    s.stretches = load_district_stretches("");
    frame = make_strip_frame(scene, *in.timeline, s);
  } else {
    if (j.contains("scenes")) {
      const PlaylistScene sc = wall_scene(j, in, w, h);
      if (sc.strip()) {  // a strip scene as the wall draws it: its span, the wall's sizes, "today" pinned
        StripInputs s;
        s.width = w, s.height = h;
        s.pixel_scale = in.pixel_scale;
        s.layers = in.layers;
        s.title = in.title;
        s.today = geo::Date::parse(j.at("today").get<std::string>());
        s.from = sc.from, s.to = sc.to;
        s.stretches = load_district_stretches("");
        frame = make_strip_frame(scene, *in.timeline, s);
        frame.wall = in.wall;
      }
    } else {  // the export's fit: beside the legend's band when no place over the map is free
      const FittedView fitted = fit_view(scene, in, bb);
      in.camera = fitted.camera;
      in.legend_band = fitted.legend_band;
    }
    if (!frame.strip) frame = make_frame(scene, in);
  }
  render::Renderer r(scene);
  test_util::Image actual = test_util::render_image(r, frame);

  const fs::path expected_path = dir / "expected.png";
  if (std::getenv("GATEMAP_UPDATE_GOLDEN") || !fs::exists(expected_path)) {
    save_png(expected_path, actual);
    if (!std::getenv("GATEMAP_UPDATE_GOLDEN"))
      FAIL() << "no expected.png: wrote one at " << expected_path << "; review it";
    GTEST_SKIP() << "updated " << expected_path;
  }
  test_util::Image expected = load_png(expected_path);
  ASSERT_EQ(expected.width, w) << expected_path;
  ASSERT_EQ(expected.height, h) << expected_path;
  const int tol = j.value("tolerance", 0);
  const double max_fraction = j.value("max_fraction", 0.0);
  test_util::Diff d = test_util::compare(expected, actual, tol);
  const double frac = static_cast<double>(d.pixels_over) / (static_cast<double>(w) * h);
  if (frac > max_fraction) {
    save_png(dir / "actual.png", actual);
    save_png(dir / "diff.png", d.image);
  }
  EXPECT_LE(frac, max_fraction) << d.pixels_over << " pixels differ by more than " << tol << " (largest difference "
                                << d.max_channel << "); see " << (dir / "diff.png");
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<std::string>& i) { return i.param; });

}  // namespace
