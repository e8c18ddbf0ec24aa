// `gatemap export --compare D1,D2 --width W --height H`: each half equals `export --date Di --width
// W/2 --height H` outside the highlighted gates (those whose status differs between the dates), and
// the whole picture matches a reviewed golden image (tests/golden_compare/expected.png;
// GATEMAP_UPDATE_GOLDEN=1 rewrites it).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "app/view/frame_builder.hpp"
#include "geo/view.hpp"
#include "tests/export/png_read.hpp"
#include "tests/render/render_util.hpp"

namespace {

namespace fs = std::filesystem;
using gatemap::exporter::testing::DecodedPng;
using gatemap::exporter::testing::read_png;

constexpr int kW = 1200, kH = 700;
const char* const kBbox = "106.62,21.92,106.78,22.06";  // the Hữu Nghị cluster
const char* const kLayers = "land,provinces,rivers,roads,railways,frontier,towns,gates,status,flows,datestamp,scalebar";
// Before and during the Covid closures: Tân Thanh, Cốc Nam, Hữu Nghị and Đồng Đăng change.
const char* const kD1 = "2020-01-15";
const char* const kD2 = "2020-03-01";

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/gatemap-compare-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

DecodedPng export_png(const fs::path& out, const std::string& args, int w, int h = kH) {
  const std::string cmd = std::string(GATEMAP_BINARY) + " export " + args + " --width " + std::to_string(w) +
                          " --height " + std::to_string(h) + " --out " + out.string() + " 2>/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return read_png(out);
}

// Pixel centres of the gates whose status differs between the two dates, in a W/2 × H half.
std::vector<geo::XY> highlighted_points(const geo::Camera& cam = geo::fit_bbox(geo::parse_bbox(kBbox), kW / 2, kH)) {
  const gatemap::AppData& data = gatemap::test_util::default_data();
  const geo::Date d1 = *geo::Date::parse(kD1), d2 = *geo::Date::parse(kD2);
  std::vector<geo::XY> out;
  for (const geo::GateSymbol& g : data.scene.gate_symbols) {
    const std::string& id = data.scene.gates[g.pair_index].id;
    const geo::GateStatus a = data.timeline.status_at(id, d1), b = data.timeline.status_at(id, d2);
    if (a.overall == b.overall && a.cargo.status == b.cargo.status && a.passengers.status == b.passengers.status)
      continue;
    for (const float* p : {g.crossing, g.vn, g.cn})  // metres from the scene origin
      out.push_back(cam.map_to_pixel({data.scene.origin.x + p[0], data.scene.origin.y + p[1]}));
  }
  return out;
}

TEST(CompareExport, EachHalfIsTheSingleDateExportOutsideTheHighlights) {
  TempDir dir;
  const std::string view = std::string(" --bbox ") + kBbox + " --layers " + kLayers;
  const DecodedPng both = export_png(dir.path / "c.png", std::string("--compare ") + kD1 + "," + kD2 + view, kW);
  ASSERT_TRUE(both.ok) << both.error;
  ASSERT_EQ(both.width, kW);
  ASSERT_EQ(both.height, kH);
  const std::vector<geo::XY> hot = highlighted_points();
  ASSERT_GE(hot.size(), 3u) << "the dates should differ at some gates";
  constexpr double kRadius = 24;  // the enlarged badge, its outline and anti-aliasing, at pixel scale 1
  for (int side = 0; side < 2; ++side) {
    const DecodedPng one = export_png(dir.path / ("d" + std::to_string(side) + ".png"),
                                      std::string("--date ") + (side == 0 ? kD1 : kD2) + view, kW / 2);
    ASSERT_TRUE(one.ok) << one.error;
    ASSERT_EQ(one.color_type, both.color_type);
    const int ch = both.color_type == PNG_COLOR_TYPE_RGB ? 3 : 4;
    size_t differing = 0, outside = 0;
    for (int y = 0; y < kH; ++y)
      for (int x = 0; x < kW / 2; ++x) {
        const uint8_t* a = &both.pixels[(static_cast<size_t>(y) * kW + side * kW / 2 + x) * ch];
        const uint8_t* b = &one.pixels[(static_cast<size_t>(y) * (kW / 2) + x) * ch];
        if (std::equal(a, a + ch, b)) continue;
        ++differing;
        bool near = false;
        for (const geo::XY& p : hot) near = near || std::hypot(p.x - x, p.y - y) <= kRadius;
        if (!near) ++outside;
      }
    EXPECT_GT(differing, 0u) << "side " << side << ": no highlight drawn";
    EXPECT_EQ(outside, 0u) << "side " << side << ": " << outside << " of " << differing
                           << " differing pixels lie away from the highlighted gates";
  }
}

// The default view with every layer at 1920 × 540: each 960 × 540 half, like the single-date export
// of that size (the default golden), finds no place over the map free of gates for its legend, so
// the legend goes in a band below the map and the map is fitted above it (fit_view). Each half is
// that single-date export outside the highlighted gates: the legend covers no gate (issue 16; it
// was laid over the map's bottom half, Hữu Nghị and Chi Ma under it).
TEST(CompareExport, EachHalfKeepsTheLegendOffTheGatesAsASingleExportDoes) {
  TempDir dir;
  constexpr int w = 1920, h = 540;
  const DecodedPng both = export_png(dir.path / "c.png", std::string("--compare ") + kD1 + "," + kD2, w, h);
  ASSERT_TRUE(both.ok) << both.error;
  const gatemap::AppData& data = gatemap::test_util::default_data();
  gatemap::ViewInputs in;
  in.camera.width_px = w / 2, in.camera.height_px = h;
  in.timeline = &data.timeline;
  in.date = geo::Date::parse(kD1);
  const gatemap::FittedView fitted = gatemap::fit_view(data.scene, in, gatemap::default_bbox(data.scene));
  ASSERT_NE(fitted.legend_band, gatemap::render::FrameSnapshot::LegendBand::automatic);
  const std::vector<geo::XY> hot = highlighted_points(fitted.camera);
  for (int side = 0; side < 2; ++side) {
    const DecodedPng one = export_png(dir.path / ("d" + std::to_string(side) + ".png"),
                                      std::string("--date ") + (side ? kD2 : kD1), w / 2, h);
    ASSERT_TRUE(one.ok) << one.error;
    const int ch = both.color_type == PNG_COLOR_TYPE_RGB ? 3 : 4;
    size_t outside = 0;
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w / 2; ++x) {
        const uint8_t* a = &both.pixels[(static_cast<size_t>(y) * w + side * w / 2 + x) * ch];
        const uint8_t* b = &one.pixels[(static_cast<size_t>(y) * (w / 2) + x) * ch];
        if (std::equal(a, a + ch, b)) continue;
        bool near = false;
        for (const geo::XY& p : hot) near = near || std::hypot(p.x - x, p.y - y) <= 24;
        outside += !near;
      }
    EXPECT_EQ(outside, 0u) << "side " << side << ": the half is not the single-date export's layout";
  }
}

TEST(CompareExport, MatchesTheGoldenImage) {
  TempDir dir;
  const fs::path out = dir.path / "c.png";
  const DecodedPng actual =
      export_png(out, std::string("--compare ") + kD1 + "," + kD2 + " --bbox " + kBbox + " --layers " + kLayers, kW);
  ASSERT_TRUE(actual.ok);
  const fs::path expected_path = fs::path(GATEMAP_SOURCE_DIR) / "tests/golden_compare/expected.png";
  if (std::getenv("GATEMAP_UPDATE_GOLDEN")) {
    fs::create_directories(expected_path.parent_path());
    fs::copy_file(out, expected_path, fs::copy_options::overwrite_existing);
    GTEST_SKIP() << "updated " << expected_path << ": look at it before committing";
  }
  const DecodedPng expected = read_png(expected_path);
  ASSERT_TRUE(expected.ok) << expected_path;
  ASSERT_EQ(expected.width, actual.width);
  ASSERT_EQ(expected.height, actual.height);
  ASSERT_EQ(expected.pixels.size(), actual.pixels.size());
  size_t over = 0;  // the golden cases' tolerance: 2 per channel, 0.05 % of the pixels
  for (size_t i = 0; i < actual.pixels.size(); ++i) over += std::abs(actual.pixels[i] - expected.pixels[i]) > 2;
  EXPECT_LE(static_cast<double>(over) / (static_cast<double>(kW) * kH), 0.0005) << over << " channels differ";
}

}  // namespace
