// The view rule (--bbox parsing and fitting a bbox into an image): the projected, densified
// outline lies inside the image and touches two opposite edges, centred, at
// max(width_m / W, height_m / H) metres per pixel. Tolerances in pixels (±0.5) or metres.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "geo/projection.hpp"
#include "geo/view.hpp"

namespace {

// The outline of a lon/lat bbox, densified here (independently of geo::project_bbox), in map metres.
std::vector<geo::XY> projected_outline(const geo::BboxLL& bb, int per_side = 500) {
  std::vector<geo::XY> out;
  const geo::Projector& proj = geo::map_projector();
  for (int i = 0; i <= per_side; ++i) {
    const double t = static_cast<double>(i) / per_side;
    const double lon = bb.lon0 + t * (bb.lon1 - bb.lon0), lat = bb.lat0 + t * (bb.lat1 - bb.lat0);
    out.push_back(proj.forward({lon, bb.lat0}));
    out.push_back(proj.forward({lon, bb.lat1}));
    out.push_back(proj.forward({bb.lon0, lat}));
    out.push_back(proj.forward({bb.lon1, lat}));
  }
  return out;
}

struct Extent {
  double x0 = std::numeric_limits<double>::infinity(), y0 = x0, x1 = -x0, y1 = -x0;
  void add(double x, double y) {
    x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
  }
};

geo::BboxLL parse_ok(const std::string& text) {
  try {
    return geo::parse_bbox(text);
  } catch (const geo::ValueError& e) {
    ADD_FAILURE() << text << ": " << e.what();
    return {};
  }
}

// The message, said of an option once: "--bbox: PROBLEM".
std::string rejected(const std::string& text) {
  try {
    geo::parse_bbox(text);
  } catch (const geo::ValueError& e) {
    EXPECT_NE(std::string(e.what()), "") << "'" << text << "' rejected without a message";
    return e.said_of("--bbox");
  }
  ADD_FAILURE() << "'" << text << "' was accepted";
  return {};
}

void expect_rejected(const std::string& text) { rejected(text); }

// Checks the view rule for one bbox and image size.
void check_fit(const geo::BboxLL& bb, int w, int h) {
  SCOPED_TRACE(::testing::Message() << bb.lon0 << "," << bb.lat0 << "," << bb.lon1 << "," << bb.lat1 << " in " << w
                                    << "x" << h);
  const geo::Camera cam = geo::fit_bbox(bb, w, h);
  EXPECT_EQ(cam.width_px, w);
  EXPECT_EQ(cam.height_px, h);
  const std::vector<geo::XY> outline = projected_outline(bb);
  Extent m, px;
  for (const geo::XY& p : outline) {
    m.add(p.x, p.y);
    const geo::XY q = cam.map_to_pixel(p);
    px.add(q.x, q.y);
  }
  // Inside the image.
  EXPECT_GE(px.x0, -0.5);
  EXPECT_LE(px.x1, w + 0.5);
  EXPECT_GE(px.y0, -0.5);
  EXPECT_LE(px.y1, h + 0.5);
  // The four corners too (they are in the outline, but name them).
  for (const geo::LonLat c : {geo::LonLat{bb.lon0, bb.lat0}, geo::LonLat{bb.lon1, bb.lat0},
                              geo::LonLat{bb.lon0, bb.lat1}, geo::LonLat{bb.lon1, bb.lat1}}) {
    const geo::XY q = cam.map_to_pixel(geo::map_projector().forward(c));
    EXPECT_TRUE(q.x >= -0.5 && q.x <= w + 0.5 && q.y >= -0.5 && q.y <= h + 0.5) << c.lon << "," << c.lat;
  }
  // The scale of the rule, and two opposite edges touched.
  const double expected_scale = std::max((m.x1 - m.x0) / w, (m.y1 - m.y0) / h);
  EXPECT_NEAR(cam.m_per_px, expected_scale, expected_scale * 1e-4);
  const bool touches_left_right = std::abs(px.x0) <= 0.5 && std::abs(px.x1 - w) <= 0.5;
  const bool touches_top_bottom = std::abs(px.y0) <= 0.5 && std::abs(px.y1 - h) <= 0.5;
  EXPECT_TRUE(touches_left_right || touches_top_bottom)
      << "pixel extent x " << px.x0 << ".." << px.x1 << ", y " << px.y0 << ".." << px.y1;
  // Centred: equal margins on both sides of each axis.
  EXPECT_NEAR(px.x0, w - px.x1, 0.5);
  EXPECT_NEAR(px.y0, h - px.y1, 0.5);
  EXPECT_NEAR(cam.centre.x, (m.x0 + m.x1) / 2, 1.0);
  EXPECT_NEAR(cam.centre.y, (m.y0 + m.y1) / 2, 1.0);
  // Grid north up: the north-west corner is above (smaller y) the south-west one.
  const geo::XY sw = cam.map_to_pixel(geo::map_projector().forward({bb.lon0, bb.lat0}));
  const geo::XY nw = cam.map_to_pixel(geo::map_projector().forward({bb.lon0, bb.lat1}));
  EXPECT_LT(nw.y, sw.y);
}

}  // namespace

TEST(ParseBbox, AcceptsSouthWestThenNorthEast) {
  const geo::BboxLL bb = parse_ok("106.3,21.4,107.6,22.6");
  EXPECT_DOUBLE_EQ(bb.lon0, 106.3);
  EXPECT_DOUBLE_EQ(bb.lat0, 21.4);
  EXPECT_DOUBLE_EQ(bb.lon1, 107.6);
  EXPECT_DOUBLE_EQ(bb.lat1, 22.6);
  const geo::BboxLL neg = parse_ok("-1.5,-2,1.5,2");
  EXPECT_DOUBLE_EQ(neg.lon0, -1.5);
  EXPECT_DOUBLE_EQ(neg.lat0, -2.0);
}

TEST(ParseBbox, RejectsSwappedCorners) {
  expect_rejected("107.6,22.6,106.3,21.4");  // NE then SW
  expect_rejected("107.6,21.4,106.3,22.6");  // lons swapped
  expect_rejected("106.3,22.6,107.6,21.4");  // lats swapped
  expect_rejected("21.4,106.3,22.6,107.6");  // lat first: 106.3 is no latitude
  expect_rejected("106.3,21.4,106.3,22.6");  // zero width
}

TEST(ParseBbox, RejectsWrongCount) {
  expect_rejected("106.3,21.4,107.6");
  expect_rejected("106.3,21.4,107.6,22.6,1");
  expect_rejected("");
}

TEST(ParseBbox, RejectsNonFiniteAndText) {
  expect_rejected("nan,21.4,107.6,22.6");
  expect_rejected("106.3,21.4,inf,22.6");
  expect_rejected("106.3,21.4,107.6,abc");
  expect_rejected("106.3;21.4;107.6;22.6");
  expect_rejected("106.3,21.4,107.6,22.6x");
  expect_rejected("106.3,,107.6,22.6");
}

TEST(ParseBbox, RejectsOutOfRange) {
  expect_rejected("-181,21.4,107.6,22.6");
  expect_rejected("106.3,21.4,181,22.6");
  expect_rejected("106.3,-91,107.6,22.6");
  expect_rejected("106.3,21.4,107.6,91");
}

// One message per kind of error, naming the option once (the command line said "--bbox: --bbox: …").
TEST(ParseBbox, MessagesNameTheOptionOnce) {
  EXPECT_EQ(
      rejected("107.6,22.6,106.3,21.4"),
      "--bbox: LON0,LAT0 must be the south-west corner and LON1,LAT1 the north-east one (LON0 < LON1, LAT0 < LAT1)");
  EXPECT_EQ(rejected("106.3,21.4,107.6"), "--bbox: expected 4 numbers LON0,LAT0,LON1,LAT1, found 3");
  EXPECT_EQ(rejected("106.3,21.4,nan,22.6"), "--bbox: 'nan' is not a finite number");
  EXPECT_EQ(rejected("100,1,125,22"),
            "--bbox: the box spans more than 20 degrees: the map projection (UTM 48N) is meant for the Lạng Sơn area");
}

// The box around a map rectangle contains every bbox fitted into it, and no more than its outline.
TEST(UnprojectRect, ContainsTheBoxesThatFitIt) {
  const geo::BboxLL asked{106.3, 21.4, 107.6, 22.6};
  for (auto [w, h] : {std::pair{1920, 1080}, std::pair{600, 1000}}) {
    const geo::BboxLL shown = geo::unproject_rect(geo::fit_bbox(asked, w, h).visible_rect());
    EXPECT_LE(shown.lon0, asked.lon0 + 1e-9);
    EXPECT_LE(shown.lat0, asked.lat0 + 1e-9);
    EXPECT_GE(shown.lon1, asked.lon1 - 1e-9);
    EXPECT_GE(shown.lat1, asked.lat1 - 1e-9);
    // The image is wider (or taller) than the box: one pair of sides grows, the other stays.
    const bool wider = shown.lon1 - shown.lon0 > asked.lon1 - asked.lon0 + 0.05;
    const bool taller = shown.lat1 - shown.lat0 > asked.lat1 - asked.lat0 + 0.05;
    EXPECT_NE(wider, taller) << w << "x" << h;
  }
  // Round trip: the rectangle around a box's outline gives the box back, a little larger (UTM bends
  // the outline: 0.02° here).
  const geo::BboxLL back = geo::unproject_rect(geo::project_bbox(asked));
  EXPECT_NEAR(back.lon0, asked.lon0, 0.03);
  EXPECT_NEAR(back.lat0, asked.lat0, 0.03);
  EXPECT_NEAR(back.lon1, asked.lon1, 0.03);
  EXPECT_NEAR(back.lat1, asked.lat1, 0.03);
  EXPECT_TRUE(back.lon0 <= asked.lon0 && back.lat0 <= asked.lat0 && back.lon1 >= asked.lon1 && back.lat1 >= asked.lat1);
}

TEST(FitBbox, FrontierAreaInLandscapeAndPortraitImages) {
  const geo::BboxLL bb{106.3, 21.4, 107.6, 22.6};
  check_fit(bb, 1000, 800);
  check_fit(bb, 3840, 2160);
  check_fit(bb, 400, 1200);
  check_fit(bb, 1200, 400);
}

// Straddling the central meridian (105 E), the bottom parallel's lowest point is mid-edge, not a
// corner (UTM bends parallels away from the equator on both sides), so corners alone do not bound
// the view: the outline must be densified.
TEST(FitBbox, DensifiedOutlineAcrossTheCentralMeridian) {
  check_fit({104.0, 21.0, 106.5, 23.0}, 1000, 1000);
  check_fit({103.5, 20.5, 106.5, 21.5}, 2000, 300);
  // The effect is real at this scale (more than a pixel), so the test can fail.
  const geo::XY corner = geo::map_projector().forward({104.0, 21.0});
  const geo::XY mid = geo::map_projector().forward({105.0, 21.0});
  const double m_per_px = geo::fit_bbox({104.0, 21.0, 106.5, 23.0}, 1000, 1000).m_per_px;
  EXPECT_GT((corner.y - mid.y) / m_per_px, 1.0);
}

TEST(FitBbox, ProjectBboxMatchesTheDensifiedOutline) {
  const geo::BboxLL bb{104.0, 21.0, 106.5, 23.0};
  const geo::Rect r = geo::project_bbox(bb);
  Extent m;
  for (const geo::XY& p : projected_outline(bb)) m.add(p.x, p.y);
  EXPECT_NEAR(r.x0, m.x0, 1.0);
  EXPECT_NEAR(r.x1, m.x1, 1.0);
  EXPECT_NEAR(r.y0, m.y0, 1.0);
  EXPECT_NEAR(r.y1, m.y1, 1.0);
}

TEST(Camera, MapToPixelAndPixelToMapAreInverse) {
  const geo::Camera cam = geo::fit_bbox({106.3, 21.4, 107.6, 22.6}, 1920, 1080);
  for (double px : {-10.0, 0.0, 0.5, 333.3, 960.0, 1919.5, 1920.0, 2500.0})
    for (double py : {-7.0, 0.0, 1.25, 540.0, 1079.0, 1080.0}) {
      const geo::XY m = cam.pixel_to_map(px, py);
      const geo::XY back = cam.map_to_pixel(m);
      EXPECT_NEAR(back.x, px, 1e-6);
      EXPECT_NEAR(back.y, py, 1e-6);
    }
  const geo::XY p{680000.0, 2440000.0};
  const geo::XY q = cam.pixel_to_map(cam.map_to_pixel(p).x, cam.map_to_pixel(p).y);
  EXPECT_NEAR(q.x, p.x, 1e-6);
  EXPECT_NEAR(q.y, p.y, 1e-6);
}

TEST(Camera, PixelAxesPointEastAndDown) {
  geo::Camera cam;
  cam.centre = {650000, 2430000};
  cam.m_per_px = 10;
  cam.width_px = 200;
  cam.height_px = 100;
  const geo::XY c = cam.pixel_to_map(100, 50);
  EXPECT_DOUBLE_EQ(c.x, 650000);
  EXPECT_DOUBLE_EQ(c.y, 2430000);
  const geo::XY tl = cam.pixel_to_map(0, 0);  // top-left: west and north of the centre
  EXPECT_DOUBLE_EQ(tl.x, 650000 - 1000);
  EXPECT_DOUBLE_EQ(tl.y, 2430000 + 500);
  const geo::Rect v = cam.visible_rect();
  EXPECT_DOUBLE_EQ(v.width(), 2000);
  EXPECT_DOUBLE_EQ(v.height(), 1000);
  EXPECT_DOUBLE_EQ(v.x0, 649000);
  EXPECT_DOUBLE_EQ(v.y1, 2430500);
}

TEST(Camera, WithMarginWidensEachSide) {
  const geo::BboxLL bb = geo::with_margin({106.0, 21.0, 108.0, 22.0}, 0.05);
  EXPECT_DOUBLE_EQ(bb.lon0, 105.9);
  EXPECT_DOUBLE_EQ(bb.lon1, 108.1);
  EXPECT_DOUBLE_EQ(bb.lat0, 20.95);
  EXPECT_DOUBLE_EQ(bb.lat1, 22.05);
}
