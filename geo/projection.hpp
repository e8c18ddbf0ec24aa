#pragma once
// The map projection, chosen once for the whole program: UTM zone 48N on WGS84 (EPSG:32648),
// which fits Lạng Sơn and the Guangxi border (106–108 °E) with a scale error under 0.1 %.
// Input is always lon, lat in degrees (axis order normalised for visualisation);
// output easting, northing in metres. Also geodesic lengths on the WGS84 ellipsoid (PROJ's geod).
#include <memory>
#include <span>

#include "geo/types.hpp"

namespace geo {

inline constexpr const char* kMapCrs = "EPSG:32648";
inline constexpr int kMapEpsg = 32648;

class Projector {
 public:
  Projector();  // throws geo::Error when PROJ cannot build the transformation
  ~Projector();
  Projector(const Projector&) = delete;
  Projector& operator=(const Projector&) = delete;

  XY forward(LonLat p) const;
  LonLat inverse(XY p) const;
  // In place: xy[i] = forward(ll[i]); the spans have equal length.
  void forward(std::span<const LonLat> ll, std::span<XY> xy) const;

  // Point scale of the projection at p: map metres per ground metre along the parallel
  // (UTM is conformal, so it is the same in every direction).
  double scale_factor(LonLat p) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Geodesic distance on the WGS84 ellipsoid between two points, in metres.
double geodesic_distance_m(LonLat a, LonLat b);
// Sum of the geodesic lengths of the segments of a polyline, in metres.
double geodesic_length_m(std::span<const LonLat> line);

// The shared projector of the program (constructed on first use; thread-safe for reading).
const Projector& map_projector();

}  // namespace geo
