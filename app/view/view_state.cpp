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

ScreenRect free_area(float w, float h, const std::vector<ScreenRect>& panels) {
  ScreenRect a{0, 0, w, h};
  for (const ScreenRect& panel : panels) {
    // The part of the panel over what is left of the map (a tall panel may run past the window's
    // bottom edge: it is still docked on the left).
    const ScreenRect p{std::max(panel.x0, a.x0), std::max(panel.y0, a.y0), std::min(panel.x1, a.x1),
                       std::min(panel.y1, a.y1)};
    if (!(p.x1 > p.x0 && p.y1 > p.y0)) continue;  // off screen, or beside the area already
    // Cut from the edge that takes the least of the map away.
    const float aw = a.x1 - a.x0, ah = a.y1 - a.y0;
    const float from_left = (p.x1 - a.x0) * ah, from_right = (a.x1 - p.x0) * ah;
    const float from_top = (p.y1 - a.y0) * aw, from_bottom = (a.y1 - p.y0) * aw;
    const float least = std::min({from_left, from_right, from_top, from_bottom});
    if (least == from_top)
      a.y0 = p.y1;
    else if (least == from_bottom)
      a.y1 = p.y0;
    else if (least == from_left)
      a.x0 = p.x1;
    else
      a.x1 = p.x0;
  }
  if (a.x1 - a.x0 < w / 3) a.x0 = 0, a.x1 = w;
  if (a.y1 - a.y0 < h / 3) a.y0 = 0, a.y1 = h;
  return a;
}

geo::Date default_compare_left(geo::Date d2, geo::Date data_first) { return std::max(data_first, d2.add_months(-12)); }

int swipe_column(float swipe, int width) {
  if (width < 2) return width;
  return std::clamp(static_cast<int>(std::lround(static_cast<double>(std::clamp(swipe, 0.0f, 1.0f)) * width)), 1,
                    width - 1);
}

std::optional<geo::DateWindow> shown_window(const TimeState& t, geo::Date data_first) {
  if (!t.window || !t.date) return std::nullopt;
  const geo::Date from = t.cumulative ? data_first : t.window_from.value_or(*t.date);
  return geo::DateWindow{std::min(from, *t.date), *t.date};
}

}  // namespace gatemap
