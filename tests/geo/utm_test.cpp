// geo/utm.hpp (the projection's formulas, used where PROJ must not be loaded) against PROJ and
// PROJ's geodesic: the camera of an export and the scale bar must come out as they did with PROJ.
// Tolerances in metres and degrees, over the map's area and well beyond it (103-111 E, 19-25 N).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "geo/projection.hpp"
#include "geo/utm.hpp"
#include "geo/view.hpp"

namespace {

template <class F>
void over_area(F f) {
  for (double lon = 103.0; lon <= 111.0; lon += 0.0937)
    for (double lat = 19.0; lat <= 25.0; lat += 0.0731) f(geo::LonLat{lon, lat});
}

TEST(Utm, ForwardMatchesProjToMicrometres) {
  double worst = 0;
  over_area([&](geo::LonLat p) {
    const geo::XY a = geo::map_projector().forward(p), b = geo::utm::forward(p);
    worst = std::max(worst, std::hypot(a.x - b.x, a.y - b.y));
  });
  EXPECT_LT(worst, 1e-6) << "metres";
}

TEST(Utm, InverseMatchesProjAndRoundTrips) {
  double worst_deg = 0, worst_round_m = 0;
  over_area([&](geo::LonLat p) {
    const geo::XY xy = geo::map_projector().forward(p);
    const geo::LonLat a = geo::map_projector().inverse(xy), b = geo::utm::inverse(xy);
    worst_deg = std::max({worst_deg, std::abs(a.lon - b.lon), std::abs(a.lat - b.lat)});
    const geo::XY back = geo::utm::forward(b);
    worst_round_m = std::max(worst_round_m, std::hypot(back.x - xy.x, back.y - xy.y));
  });
  EXPECT_LT(worst_deg, 1e-11);  // about a micrometre
  EXPECT_LT(worst_round_m, 1e-6);
}

TEST(Utm, KnownPointOfZone48) {
  // On the central meridian (105 E) at the equator: the false easting, northing 0.
  const geo::XY o = geo::utm::forward({105.0, 0.0});
  EXPECT_NEAR(o.x, 500000.0, 1e-9);
  EXPECT_NEAR(o.y, 0.0, 1e-9);
}

TEST(Utm, ShortGeodesicsMatchProj) {
  double worst = 0;
  over_area([&](geo::LonLat p) {
    for (const geo::LonLat q : {geo::LonLat{p.lon + 0.01, p.lat}, geo::LonLat{p.lon + 0.02, p.lat + 0.015}})
      worst = std::max(worst, std::abs(geo::geodesic_distance_m(p, q) - geo::utm::geodesic_distance_m(p, q)));
  });
  EXPECT_LT(worst, 1e-7) << "metres, on lines of 1-2.5 km";
  EXPECT_EQ(geo::utm::geodesic_distance_m({106.5, 22.0}, {106.5, 22.0}), 0.0);
}

TEST(Utm, ScaleFactorMatchesProj) {
  double worst = 0;
  over_area([&](geo::LonLat p) {
    worst = std::max(worst, std::abs(geo::map_projector().scale_factor(p) - geo::utm::scale_factor(p)));
  });
  EXPECT_LT(worst, 1e-10);
  EXPECT_NEAR(geo::utm::scale_factor({105.0, 22.0}), 0.9996, 1e-6);  // k0 on the central meridian
}

TEST(Utm, ViewRuleGivesTheSameCameraAsWithProj) {
  // project_bbox (view.cpp) uses the formulas: its rectangle equals one projected with PROJ.
  const geo::BboxLL bb{106.3, 21.4, 107.6, 22.6};
  const geo::Rect r = geo::project_bbox(bb);
  geo::Rect p;
  bool first = true;
  for (int i = 0; i <= 64; ++i) {
    const double t = i / 64.0;
    for (const geo::LonLat q : {geo::LonLat{bb.lon0 + t * (bb.lon1 - bb.lon0), bb.lat0},
                                geo::LonLat{bb.lon0 + t * (bb.lon1 - bb.lon0), bb.lat1},
                                geo::LonLat{bb.lon0, bb.lat0 + t * (bb.lat1 - bb.lat0)},
                                geo::LonLat{bb.lon1, bb.lat0 + t * (bb.lat1 - bb.lat0)}}) {
      const geo::XY xy = geo::map_projector().forward(q);
      if (first)
        p = {xy.x, xy.y, xy.x, xy.y}, first = false;
      else
        p.expand(xy);
    }
  }
  EXPECT_NEAR(r.x0, p.x0, 1e-6);
  EXPECT_NEAR(r.y0, p.y0, 1e-6);
  EXPECT_NEAR(r.x1, p.x1, 1e-6);
  EXPECT_NEAR(r.y1, p.y1, 1e-6);
}

}  // namespace
