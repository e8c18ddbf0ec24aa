#include "geo/utm.hpp"

#include <cmath>
#include <complex>

namespace geo::utm {

namespace {

// WGS84 and UTM zone 48N.
constexpr double kA = 6378137.0;
constexpr double kF = 1 / 298.257223563;
constexpr double kK0 = 0.9996;
constexpr double kLon0 = 105.0;  // central meridian of zone 48, degrees
constexpr double kFalseEasting = 500000.0;
constexpr double kDeg = 3.14159265358979323846 / 180.0;

constexpr double kN = kF / (2 - kF);   // third flattening
constexpr double kE2 = kF * (2 - kF);  // first eccentricity squared

struct Series {
  double rect_radius;  // A: radius of the rectifying sphere, metres
  double alpha[6];     // Krüger's α (conformal → rectifying)
  double beta[6];      // Krüger's β (rectifying → conformal)
};

Series make_series() {
  const double n = kN, n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n;
  Series s{};
  s.rect_radius = kA / (1 + n) * (1 + n2 / 4 + n4 / 64 + n6 / 256);
  s.alpha[0] = n / 2 - 2 * n2 / 3 + 5 * n3 / 16 + 41 * n4 / 180 - 127 * n5 / 288 + 7891 * n6 / 37800;
  s.alpha[1] = 13 * n2 / 48 - 3 * n3 / 5 + 557 * n4 / 1440 + 281 * n5 / 630 - 1983433 * n6 / 1935360;
  s.alpha[2] = 61 * n3 / 240 - 103 * n4 / 140 + 15061 * n5 / 26880 + 167603 * n6 / 181440;
  s.alpha[3] = 49561 * n4 / 161280 - 179 * n5 / 168 + 6601661 * n6 / 7257600;
  s.alpha[4] = 34729 * n5 / 80640 - 3418889 * n6 / 1995840;
  s.alpha[5] = 212378941 * n6 / 319334400;
  s.beta[0] = n / 2 - 2 * n2 / 3 + 37 * n3 / 96 - n4 / 360 - 81 * n5 / 512 + 96199 * n6 / 604800;
  s.beta[1] = n2 / 48 + n3 / 15 - 437 * n4 / 1440 + 46 * n5 / 105 - 1118711 * n6 / 3870720;
  s.beta[2] = 17 * n3 / 480 - 37 * n4 / 840 - 209 * n5 / 4480 + 5569 * n6 / 90720;
  s.beta[3] = 4397 * n4 / 161280 - 11 * n5 / 504 - 830251 * n6 / 7257600;
  s.beta[4] = 4583 * n5 / 161280 - 108847 * n6 / 3991680;
  s.beta[5] = 20648693 * n6 / 638668800;
  return s;
}

const Series& series() {
  static const Series s = make_series();
  return s;
}

// tan of the conformal latitude from tan of the geodetic latitude (Karney 2011, eqs. 7-9).
double conformal_tan(double tau) {
  const double e = std::sqrt(kE2);
  const double sigma = std::sinh(e * std::atanh(e * tau / std::hypot(1.0, tau)));
  return tau * std::hypot(1.0, sigma) - sigma * std::hypot(1.0, tau);
}

// The inverse by Newton's method (eqs. 19-21): converges to machine precision in 2-3 steps.
double geodetic_tan(double tau_c) {
  double tau = tau_c;
  for (int i = 0; i < 8; ++i) {
    const double tc = conformal_tan(tau);
    const double d =
        (tau_c - tc) / std::hypot(1.0, tc) * (1 + (1 - kE2) * tau * tau) / ((1 - kE2) * std::hypot(1.0, tau));
    tau += d;
    if (std::abs(d) <= 1e-15 * std::max(1.0, std::abs(tau))) break;
  }
  return tau;
}

}  // namespace

XY forward(LonLat p) {
  const Series& s = series();
  const double lam = (p.lon - kLon0) * kDeg;
  const double tau_c = conformal_tan(std::tan(p.lat * kDeg));
  const double xi1 = std::atan2(tau_c, std::cos(lam));
  const double eta1 = std::asinh(std::sin(lam) / std::hypot(tau_c, std::cos(lam)));
  const std::complex<double> z1(xi1, eta1);
  std::complex<double> z = z1;
  for (int j = 0; j < 6; ++j) z += s.alpha[j] * std::sin(2.0 * (j + 1) * z1);
  return {kFalseEasting + kK0 * s.rect_radius * z.imag(), kK0 * s.rect_radius * z.real()};
}

LonLat inverse(XY p) {
  const Series& s = series();
  const std::complex<double> z(p.y / (kK0 * s.rect_radius), (p.x - kFalseEasting) / (kK0 * s.rect_radius));
  std::complex<double> z1 = z;
  for (int j = 0; j < 6; ++j) z1 -= s.beta[j] * std::sin(2.0 * (j + 1) * z);
  const double xi1 = z1.real(), eta1 = z1.imag();
  const double tau_c = std::sin(xi1) / std::hypot(std::sinh(eta1), std::cos(xi1));
  const double lam = std::atan2(std::sinh(eta1), std::cos(xi1));
  return {kLon0 + lam / kDeg, std::atan(geodetic_tan(tau_c)) / kDeg};
}

double geodesic_distance_m(LonLat a, LonLat b) {
  const double b_axis = kA * (1 - kF);
  const double L = (b.lon - a.lon) * kDeg;
  const double u1 = std::atan((1 - kF) * std::tan(a.lat * kDeg)), u2 = std::atan((1 - kF) * std::tan(b.lat * kDeg));
  const double su1 = std::sin(u1), cu1 = std::cos(u1), su2 = std::sin(u2), cu2 = std::cos(u2);
  double lam = L, sin_s = 0, cos_s = 0, sigma = 0, cos2a = 0, cos2sm = 0;
  for (int i = 0; i < 200; ++i) {
    const double sl = std::sin(lam), cl = std::cos(lam);
    sin_s = std::hypot(cu2 * sl, cu1 * su2 - su1 * cu2 * cl);
    if (sin_s == 0) return 0;  // the same point
    cos_s = su1 * su2 + cu1 * cu2 * cl;
    sigma = std::atan2(sin_s, cos_s);
    const double sin_a = cu1 * cu2 * sl / sin_s;
    cos2a = 1 - sin_a * sin_a;
    cos2sm = cos2a != 0 ? cos_s - 2 * su1 * su2 / cos2a : 0;
    const double c = kF / 16 * cos2a * (4 + kF * (4 - 3 * cos2a));
    const double prev = lam;
    lam = L + (1 - c) * kF * sin_a * (sigma + c * sin_s * (cos2sm + c * cos_s * (-1 + 2 * cos2sm * cos2sm)));
    if (std::abs(lam - prev) < 1e-14) break;
  }
  const double u2sq = cos2a * (kA * kA - b_axis * b_axis) / (b_axis * b_axis);
  const double A = 1 + u2sq / 16384 * (4096 + u2sq * (-768 + u2sq * (320 - 175 * u2sq)));
  const double B = u2sq / 1024 * (256 + u2sq * (-128 + u2sq * (74 - 47 * u2sq)));
  const double ds = B * sin_s *
                    (cos2sm + B / 4 *
                                  (cos_s * (-1 + 2 * cos2sm * cos2sm) -
                                   B / 6 * cos2sm * (-3 + 4 * sin_s * sin_s) * (-3 + 4 * cos2sm * cos2sm)));
  return b_axis * A * (sigma - ds);
}

double scale_factor(LonLat p) {
  const double d = 0.01;  // degrees, about 1 km: the same step as Projector::scale_factor
  const LonLat a{p.lon - d / 2, p.lat}, b{p.lon + d / 2, p.lat};
  const XY pa = forward(a), pb = forward(b);
  const double map_m = std::hypot(pb.x - pa.x, pb.y - pa.y);
  const double ground_m = geodesic_distance_m(a, b);
  return ground_m > 0 ? map_m / ground_m : 1.0;
}

}  // namespace geo::utm
