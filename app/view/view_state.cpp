#include "app/view/view_state.hpp"

#include <algorithm>
#include <cmath>

namespace gatemap {

namespace {
constexpr double kMinMPerPx = 0.25, kMaxMPerPx = 5000;
}

void fly_to(ViewState& v, const geo::XY& target, double m_per_px, double now_s) {
  v.fly = FlyTo{v.camera.centre, target, v.camera.m_per_px, std::clamp(m_per_px, kMinMPerPx, kMaxMPerPx), now_s, 0.6};
}

void update_fly(ViewState& v, double now_s) {
  if (!v.fly) return;
  const FlyTo& f = *v.fly;
  double t = std::clamp((now_s - f.start_s) / f.duration_s, 0.0, 1.0);
  double e = t * t * (3 - 2 * t);  // smoothstep
  v.camera.centre = {f.from.x + (f.to.x - f.from.x) * e, f.from.y + (f.to.y - f.from.y) * e};
  v.camera.m_per_px = std::exp(std::log(f.from_m_per_px) + (std::log(f.to_m_per_px) - std::log(f.from_m_per_px)) * e);
  if (t >= 1) v.fly.reset();
}

void zoom_about(geo::Camera& cam, double factor, double px, double py) {
  const geo::XY before = cam.pixel_to_map(px, py);
  cam.m_per_px = std::clamp(cam.m_per_px / factor, kMinMPerPx, kMaxMPerPx);
  const geo::XY after = cam.pixel_to_map(px, py);
  cam.centre.x += before.x - after.x;
  cam.centre.y += before.y - after.y;
}

std::optional<geo::DateWindow> shown_window(const TimeState& t, geo::Date data_first) {
  if (!t.window || !t.date) return std::nullopt;
  const geo::Date from = t.cumulative ? data_first : t.window_from.value_or(*t.date);
  return geo::DateWindow{std::min(from, *t.date), *t.date};
}

}  // namespace gatemap
