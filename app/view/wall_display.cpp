#include "app/view/wall_display.hpp"

#include <chrono>
#include <cmath>
#include <cstdlib>

#include "app/cli/options.hpp"

namespace gatemap {

namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr float kLabelCssPx = 13;  // style::kLabelSize: gate names at pixel_scale 1
}  // namespace

double subtended_mm(double distance_m, double arcmin) {
  return 2 * distance_m * 1000 * std::tan(arcmin / 60 * kPi / 180 / 2);
}

WallSizes wall_sizes_from_mm(double width_mm, int width_px, int /*height_px*/, double distance_m) {
  WallSizes s;
  s.mm_per_px = width_mm / width_px;
  s.primary_cap_px = subtended_mm(distance_m, kPrimaryArcmin) / s.mm_per_px;
  s.secondary_cap_px = subtended_mm(distance_m, kSecondaryArcmin) / s.mm_per_px;
  // Whole pixels, rounded up, with a pixel to spare: the rasteriser puts a cap height on the pixel
  // grid and may lose up to a pixel of it (a 105 px em, cap 74.96 px, measured 74 px at 4K).
  s.primary_em_px = static_cast<float>(std::ceil((s.primary_cap_px + 1) / kCapHeightPerEm));
  s.secondary_em_px = static_cast<float>(std::ceil((s.secondary_cap_px + 1) / kCapHeightPerEm));
  s.pixel_scale = s.primary_em_px / kLabelCssPx;
  return s;
}

WallSizes wall_sizes(double diagonal_in, int width_px, int height_px, double distance_m) {
  const double diagonal_px = std::hypot(static_cast<double>(width_px), static_cast<double>(height_px));
  const double width_mm = diagonal_in * 25.4 * width_px / diagonal_px;
  return wall_sizes_from_mm(width_mm, width_px, height_px, distance_m);
}

geo::Date today() {
  if (const char* now = std::getenv("GATEMAP_NOW"); now && *now) {
    try {
      return parse_date(now);
    } catch (const geo::ValueError& e) {
      throw UsageError(e.said_of("GATEMAP_NOW"));
    }
  }
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return geo::Date(static_cast<std::int32_t>(days.time_since_epoch().count()));
}

std::string stale_banner(const std::optional<geo::Date>& as_of, geo::Date today, int stale_after_days) {
  if (!as_of) return {};
  const int age = today - *as_of;
  if (age <= stale_after_days) return {};
  return "Data as of " + as_of->iso() + " — " + std::to_string(age) + (age == 1 ? " day old" : " days old");
}

}  // namespace gatemap
