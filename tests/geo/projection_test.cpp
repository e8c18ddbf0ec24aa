// The map projection (UTM 48N on WGS84, EPSG:32648) and the WGS84 geodesic, checked against
// closed-form formulas computed here (not by PROJ). Tolerances in metres or as pure ratios.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "geo/projection.hpp"

namespace {

// WGS84 (NIMA TR8350.2).
constexpr double kA = 6378137.0;
constexpr double kF = 1 / 298.257223563;
constexpr double kE2 = kF * (2 - kF);         // first eccentricity squared
constexpr double kEp2 = kE2 / (1 - kE2);      // second eccentricity squared
constexpr double kK0 = 0.9996;                // UTM scale on the central meridian
constexpr double kCentralMeridian48 = 105.0;  // zone 48: 102–108 E
constexpr double kDeg = std::numbers::pi / 180.0;

// Meridian arc length from the equator to latitude phi (degrees), in metres: the integral of the
// meridional radius of curvature M(φ) = a(1−e²)/(1−e² sin²φ)^{3/2}, by Simpson's rule.
double meridian_arc_m(double lat_deg) {
  const int n = 2000;  // even
  const double phi = lat_deg * kDeg, h = phi / n;
  auto m = [](double p) {
    const double s = std::sin(p);
    return kA * (1 - kE2) / std::pow(1 - kE2 * s * s, 1.5);
  };
  double sum = m(0) + m(phi);
  for (int i = 1; i < n; ++i) sum += m(i * h) * (i % 2 ? 4 : 2);
  return sum * h / 3;
}

// The same arc by the classic series (Snyder, Map Projections – A Working Manual, eq. 3-21).
double meridian_arc_series_m(double lat_deg) {
  const double p = lat_deg * kDeg, e4 = kE2 * kE2, e6 = e4 * kE2;
  return kA * ((1 - kE2 / 4 - 3 * e4 / 64 - 5 * e6 / 256) * p -
               (3 * kE2 / 8 + 3 * e4 / 32 + 45 * e6 / 1024) * std::sin(2 * p) +
               (15 * e4 / 256 + 45 * e6 / 1024) * std::sin(4 * p) - (35 * e6 / 3072) * std::sin(6 * p));
}

std::vector<geo::LonLat> grid_over_the_map_area() {
  std::vector<geo::LonLat> pts;
  for (double lon = 105.5; lon <= 108.2 + 1e-9; lon += 0.15)
    for (double lat = 21.0; lat <= 23.2 + 1e-9; lat += 0.1) pts.push_back({lon, lat});
  return pts;
}

}  // namespace

TEST(Projection, MapCrsIsUtm48N) {
  EXPECT_EQ(geo::kMapEpsg, 32648);
  EXPECT_STREQ(geo::kMapCrs, "EPSG:32648");
}

TEST(Projection, RoundTripIsBelowOneMillimetre) {
  const geo::Projector& proj = geo::map_projector();
  const std::vector<geo::LonLat> pts = grid_over_the_map_area();
  ASSERT_GT(pts.size(), 300u);
  double worst_ground = 0, worst_map = 0;
  for (const geo::LonLat& p : pts) {
    const geo::XY xy = proj.forward(p);
    ASSERT_TRUE(std::isfinite(xy.x) && std::isfinite(xy.y)) << p.lon << ", " << p.lat;
    const geo::LonLat back = proj.inverse(xy);
    worst_ground = std::max(worst_ground, geo::geodesic_distance_m(p, back));
    const geo::XY again = proj.forward(back);
    worst_map = std::max(worst_map, std::hypot(again.x - xy.x, again.y - xy.y));
    // The inverse returns lon first, too.
    ASSERT_NEAR(back.lon, p.lon, 1e-7);
    ASSERT_NEAR(back.lat, p.lat, 1e-7);
  }
  EXPECT_LT(worst_ground, 0.001);
  EXPECT_LT(worst_map, 0.001);
}

TEST(Projection, SpanForwardEqualsPointForward) {
  const geo::Projector& proj = geo::map_projector();
  const std::vector<geo::LonLat> pts = grid_over_the_map_area();
  std::vector<geo::XY> xy(pts.size());
  proj.forward(pts, xy);
  for (size_t i = 0; i < pts.size(); ++i) {
    const geo::XY one = proj.forward(pts[i]);
    ASSERT_NEAR(xy[i].x, one.x, 1e-6) << i;
    ASSERT_NEAR(xy[i].y, one.y, 1e-6) << i;
  }
}

// On the central meridian, easting is the false easting and northing is k0 times the meridian arc.
TEST(Projection, CentralMeridianKnownValues) {
  const geo::Projector& proj = geo::map_projector();
  const geo::XY origin = proj.forward({kCentralMeridian48, 0.0});
  EXPECT_NEAR(origin.x, 500000.0, 0.001);
  EXPECT_NEAR(origin.y, 0.0, 0.001);
  for (double lat : {10.0, 21.0, 22.0, 23.2}) {
    const geo::XY p = proj.forward({kCentralMeridian48, lat});
    EXPECT_NEAR(p.x, 500000.0, 0.001) << lat;
    EXPECT_NEAR(p.y, kK0 * meridian_arc_m(lat), 0.001) << lat;
  }
}

// Our two ways of computing the meridian arc agree (guards the reference used above).
TEST(Projection, MeridianArcReferenceIsConsistent) {
  for (double lat : {1.0, 21.0, 22.0, 45.0, 89.0})
    EXPECT_NEAR(meridian_arc_m(lat), meridian_arc_series_m(lat), 0.001) << lat;
  // The equator-to-pole quarter meridian of WGS84 is 10 001 965.729 m.
  EXPECT_NEAR(meridian_arc_m(90.0), 10001965.729, 0.001);
}

TEST(Projection, AxisOrderIsLonThenLat) {
  const geo::XY p = geo::map_projector().forward({106.7, 21.97});  // near Hữu Nghị
  // 1.7° east of the central meridian at 22 N is ~175 km: easting ≈ 675 km, northing ≈ 2.43e6 m.
  EXPECT_GT(p.x, 650000.0);
  EXPECT_LT(p.x, 720000.0);
  EXPECT_GT(p.y, 2.40e6);
  EXPECT_LT(p.y, 2.46e6);
  // Swapped axes would put the point at lon 21.97, far outside zone 48: easting would not be
  // anywhere near the 166–834 km range of a UTM zone.
  const geo::LonLat back = geo::map_projector().inverse(p);
  EXPECT_NEAR(back.lon, 106.7, 1e-8);
  EXPECT_NEAR(back.lat, 21.97, 1e-8);
}

TEST(Projection, EastingGrowsEastwardAndNorthingNorthward) {
  const geo::Projector& proj = geo::map_projector();
  const geo::XY p = proj.forward({106.7, 22.0}), east = proj.forward({106.8, 22.0}),
                north = proj.forward({106.7, 22.1});
  EXPECT_NEAR(east.x - p.x, 0.1 * kDeg * kA * std::cos(22.0 * kDeg), 100.0);      // ≈ 10.3 km
  EXPECT_NEAR(north.y - p.y, meridian_arc_m(22.1) - meridian_arc_m(22.0), 30.0);  // ≈ 11.07 km
}

// UTM point scale (Snyder, Map Projections – A Working Manual, eq. 8-11):
// k = k0 [1 + (1 + C) A²/2 + (5 − 4T + 42C + 13C² − 28e'²) A⁴/24 + (61 − 148T + 16T²) A⁶/720]
// with A = Δλ cos φ, C = e'² cos² φ, T = tan² φ. The brief's first-order form k0 (1 + A²/2) is
// checked at 1e-5, the full series at 2e-7.
TEST(Projection, ScaleFactorFollowsTheUtmFormula) {
  const geo::Projector& proj = geo::map_projector();
  EXPECT_NEAR(proj.scale_factor({kCentralMeridian48, 22.0}), kK0, 1e-7);
  for (const geo::LonLat p : {geo::LonLat{106.7, 21.97}, geo::LonLat{105.5, 23.2}, geo::LonLat{107.4, 21.6},
                              geo::LonLat{108.2, 21.0}, geo::LonLat{103.0, 22.0}}) {
    const double phi = p.lat * kDeg;
    const double a = (p.lon - kCentralMeridian48) * kDeg * std::cos(phi);
    const double c = kEp2 * std::cos(phi) * std::cos(phi), t = std::tan(phi) * std::tan(phi);
    const double a2 = a * a, a4 = a2 * a2, a6 = a4 * a2;
    const double simple = kK0 * (1 + a2 / 2);
    const double series = kK0 * (1 + (1 + c) * a2 / 2 + (5 - 4 * t + 42 * c + 13 * c * c - 28 * kEp2) * a4 / 24 +
                                 (61 - 148 * t + 16 * t * t) * a6 / 720);
    const double k = proj.scale_factor(p);
    EXPECT_NEAR(k, simple, 1e-5) << p.lon << ", " << p.lat;
    EXPECT_NEAR(k, series, 2e-7) << p.lon << ", " << p.lat;
  }
  // At Hữu Nghị (1.7° east of the central meridian) the map is at true scale to within 0.01 %.
  const double k = proj.scale_factor({106.7, 21.97});
  EXPECT_GT(k, 0.9999);
  EXPECT_LT(k, 1.0002);
  // Symmetric about the central meridian.
  EXPECT_NEAR(proj.scale_factor({103.3, 21.97}), k, 1e-9);
}

// 1° of latitude centred on 22 N, along one meridian: the meridian arc, ≈ 110.7 km.
TEST(Projection, GeodesicOfOneDegreeOfLatitude) {
  const double d = geo::geodesic_distance_m({106.7, 21.5}, {106.7, 22.5});
  EXPECT_NEAR(d, meridian_arc_m(22.5) - meridian_arc_m(21.5), 1.0);
  EXPECT_NEAR(d, 110700.0, 100.0);
  // Symmetric, zero for a point with itself.
  EXPECT_DOUBLE_EQ(geo::geodesic_distance_m({106.7, 22.5}, {106.7, 21.5}), d);
  EXPECT_EQ(geo::geodesic_distance_m({106.7, 22.0}, {106.7, 22.0}), 0.0);
}

// Along the equator the geodesic of a short arc is the equatorial arc a·Δλ.
TEST(Projection, GeodesicAlongTheEquator) {
  const double d = geo::geodesic_distance_m({105.0, 0.0}, {106.0, 0.0});
  EXPECT_NEAR(d, kA * kDeg, 0.001);  // 111 319.491 m
}

TEST(Projection, GeodesicLengthOfAPolyline) {
  const std::vector<geo::LonLat> line = {{106.7, 21.5}, {106.7, 22.0}, {106.7, 22.5}};
  EXPECT_NEAR(geo::geodesic_length_m(line), meridian_arc_m(22.5) - meridian_arc_m(21.5), 1.0);
  EXPECT_EQ(geo::geodesic_length_m(std::vector<geo::LonLat>{{106.7, 21.5}}), 0.0);
  EXPECT_EQ(geo::geodesic_length_m(std::vector<geo::LonLat>{}), 0.0);
}
