#pragma once
// Plain geometry types shared by geo/ and its users. No OpenGL, no UI.
#include <cstdint>
#include <vector>

namespace geo {

// WGS84 longitude and latitude in degrees, always in this order (x = lon, y = lat).
struct LonLat {
  double lon = 0;
  double lat = 0;
  bool operator==(const LonLat&) const = default;
};

// Map coordinates in metres, EPSG:32648 (UTM zone 48N): x = easting, y = northing.
struct XY {
  double x = 0;
  double y = 0;
  bool operator==(const XY&) const = default;
};

// A geographic box: (lon0, lat0) is the south-west corner, (lon1, lat1) the north-east one.
struct BboxLL {
  double lon0 = 0, lat0 = 0, lon1 = 0, lat1 = 0;
  bool operator==(const BboxLL&) const = default;
};

// An axis-aligned rectangle in map metres.
struct Rect {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool operator==(const Rect&) const = default;
  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
  bool empty() const { return !(x1 > x0 && y1 > y0); }
  void expand(const XY& p) {
    if (empty() && x0 == 0 && x1 == 0 && y0 == 0 && y1 == 0) {
      x0 = x1 = p.x;
      y0 = y1 = p.y;
      return;
    }
    if (p.x < x0) x0 = p.x;
    if (p.x > x1) x1 = p.x;
    if (p.y < y0) y0 = p.y;
    if (p.y > y1) y1 = p.y;
  }
};

using Ring = std::vector<LonLat>;   // closed or open ring of a polygon, lon/lat
using Polygon = std::vector<Ring>;  // first ring exterior, the rest holes
using Polyline = std::vector<LonLat>;

}  // namespace geo
