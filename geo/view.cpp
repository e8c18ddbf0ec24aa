#include "geo/view.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>
#include <vector>

#include "geo/utm.hpp"

namespace geo {

Rect project_bbox(const BboxLL& bb) {
  const int n = 64;  // points per side: UTM bends the parallels, so the edges are densified
  Rect r;
  bool first = true;
  auto add = [&](double lon, double lat) {
    XY p = utm::forward({lon, lat});  // the formulas, not PROJ: an export must not load PROJ for this
    if (first) {
      r = {p.x, p.y, p.x, p.y};
      first = false;
    } else {
      r.expand(p);
    }
  };
  for (int i = 0; i <= n; ++i) {
    double t = static_cast<double>(i) / n;
    double lon = bb.lon0 + t * (bb.lon1 - bb.lon0), lat = bb.lat0 + t * (bb.lat1 - bb.lat0);
    add(lon, bb.lat0);
    add(lon, bb.lat1);
    add(bb.lon0, lat);
    add(bb.lon1, lat);
  }
  return r;
}

Camera fit_rect(const Rect& r, int width_px, int height_px) {
  Camera c;
  c.width_px = width_px;
  c.height_px = height_px;
  c.centre = {(r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2};
  c.m_per_px = std::max(r.width() / std::max(1, width_px), r.height() / std::max(1, height_px));
  if (!(c.m_per_px > 0)) c.m_per_px = 1;
  return c;
}

Camera fit_bbox(const BboxLL& bb, int width_px, int height_px) {
  return fit_rect(project_bbox(bb), width_px, height_px);
}

BboxLL with_margin(const BboxLL& bb, double f) {
  double dx = (bb.lon1 - bb.lon0) * f, dy = (bb.lat1 - bb.lat0) * f;
  return {bb.lon0 - dx, bb.lat0 - dy, bb.lon1 + dx, bb.lat1 + dy};
}

BboxLL unproject_rect(const Rect& r) {
  const int n = 64;  // points per side, as project_bbox: UTM bends the lines of the grid
  BboxLL bb{180, 90, -180, -90};
  auto add = [&](double x, double y) {
    const LonLat p = utm::inverse({x, y});
    bb.lon0 = std::min(bb.lon0, p.lon), bb.lon1 = std::max(bb.lon1, p.lon);
    bb.lat0 = std::min(bb.lat0, p.lat), bb.lat1 = std::max(bb.lat1, p.lat);
  };
  for (int i = 0; i <= n; ++i) {
    const double t = static_cast<double>(i) / n;
    const double x = r.x0 + t * (r.x1 - r.x0), y = r.y0 + t * (r.y1 - r.y0);
    add(x, r.y0);
    add(x, r.y1);
    add(r.x0, y);
    add(r.x1, y);
  }
  return bb;
}

BboxLL parse_bbox(const std::string& text) {
  // Every message follows "--bbox: " (ValueError::said_of).
  auto fail = [](std::string problem) { throw ValueError(ValueError::Phrase::after_colon, std::move(problem)); };
  std::vector<double> v;
  std::stringstream ss(text);
  std::string part;
  while (std::getline(ss, part, ',')) {
    double d = 0;
    const char* b = part.data();
    const char* e = part.data() + part.size();
    while (b < e && *b == ' ') ++b;
    auto res = std::from_chars(b, e, d);
    if (res.ec != std::errc() || res.ptr != e || !std::isfinite(d)) fail("'" + part + "' is not a finite number");
    v.push_back(d);
  }
  if (v.size() != 4) fail("expected 4 numbers LON0,LAT0,LON1,LAT1, found " + std::to_string(v.size()));
  BboxLL bb{v[0], v[1], v[2], v[3]};
  if (bb.lon0 < -180 || bb.lon1 > 180 || bb.lat0 < -90 || bb.lat1 > 90)
    fail("longitudes must lie in -180..180 and latitudes in -90..90 (order: LON0,LAT0,LON1,LAT1)");
  if (!(bb.lon0 < bb.lon1) || !(bb.lat0 < bb.lat1))
    fail("LON0,LAT0 must be the south-west corner and LON1,LAT1 the north-east one (LON0 < LON1, LAT0 < LAT1)");
  if (bb.lon1 - bb.lon0 > 20 || bb.lat1 - bb.lat0 > 20)
    fail("the box spans more than 20 degrees: the map projection (UTM 48N) is meant for the Lạng Sơn area");
  return bb;
}

}  // namespace geo
