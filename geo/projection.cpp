#include "geo/projection.hpp"

#include <geodesic.h>
#include <proj.h>

#include <cmath>

#include "geo/error.hpp"

namespace geo {

struct Projector::Impl {
  PJ_CONTEXT* ctx = nullptr;
  PJ* pj = nullptr;
  ~Impl() {
    if (pj) proj_destroy(pj);
    if (ctx) proj_context_destroy(ctx);
  }
};

Projector::Projector() : impl_(std::make_unique<Impl>()) {
  impl_->ctx = proj_context_create();
  PJ* raw = proj_create_crs_to_crs(impl_->ctx, "EPSG:4326", kMapCrs, nullptr);
  if (!raw)
    throw Error("", "",
                std::string("PROJ cannot build EPSG:4326 -> ") + kMapCrs + ": " +
                    proj_context_errno_string(impl_->ctx, proj_context_errno(impl_->ctx)));
  // EPSG:4326 is lat,lon by definition; we always pass lon,lat.
  impl_->pj = proj_normalize_for_visualization(impl_->ctx, raw);
  proj_destroy(raw);
  if (!impl_->pj) throw Error("", "", "PROJ cannot normalise the axis order of the map projection");
}

Projector::~Projector() = default;

XY Projector::forward(LonLat p) const {
  PJ_COORD c = proj_coord(p.lon, p.lat, 0, 0);
  c = proj_trans(impl_->pj, PJ_FWD, c);
  return {c.xy.x, c.xy.y};
}

LonLat Projector::inverse(XY p) const {
  PJ_COORD c = proj_coord(p.x, p.y, 0, 0);
  c = proj_trans(impl_->pj, PJ_INV, c);
  return {c.lp.lam, c.lp.phi};
}

void Projector::forward(std::span<const LonLat> ll, std::span<XY> xy) const {
  for (size_t i = 0; i < ll.size() && i < xy.size(); ++i) xy[i] = {ll[i].lon, ll[i].lat};
  const size_t n = std::min(ll.size(), xy.size());
  if (n == 0) return;
  proj_trans_generic(impl_->pj, PJ_FWD, &xy[0].x, sizeof(XY), n, &xy[0].y, sizeof(XY), n, nullptr, 0, 0, nullptr, 0, 0);
}

double Projector::scale_factor(LonLat p) const {
  // Conformal projection: compare a short east-west step on the map with its geodesic length.
  const double d = 0.01;  // degrees, about 1 km
  LonLat a{p.lon - d / 2, p.lat}, b{p.lon + d / 2, p.lat};
  XY pa = forward(a), pb = forward(b);
  double map_m = std::hypot(pb.x - pa.x, pb.y - pa.y);
  double ground_m = geodesic_distance_m(a, b);
  return ground_m > 0 ? map_m / ground_m : 1.0;
}

namespace {
const geod_geodesic& wgs84() {
  static const geod_geodesic g = [] {
    geod_geodesic g0;
    geod_init(&g0, 6378137.0, 1 / 298.257223563);
    return g0;
  }();
  return g;
}
}  // namespace

double geodesic_distance_m(LonLat a, LonLat b) {
  double s12 = 0;
  geod_inverse(&wgs84(), a.lat, a.lon, b.lat, b.lon, &s12, nullptr, nullptr);
  return s12;
}

double geodesic_length_m(std::span<const LonLat> line) {
  double sum = 0;
  for (size_t i = 1; i < line.size(); ++i) sum += geodesic_distance_m(line[i - 1], line[i]);
  return sum;
}

const Projector& map_projector() {
  static const Projector p;
  return p;
}

}  // namespace geo
