#include "app/frame_builder.hpp"

#include <algorithm>

namespace gatemap {

render::FrameSnapshot make_frame(const geo::Scene& scene, const ViewInputs& in) {
  render::FrameSnapshot f;
  f.camera = in.camera;
  f.pixel_scale = in.pixel_scale;
  f.layers = in.layers;
  f.hovered_gate = in.hovered_gate;
  f.selected_gate = in.selected_gate;
  f.title = in.title.empty() ? "Lạng Sơn – Guangxi frontier and border gates" : in.title;
  f.subtitle = "Biên giới Lạng Sơn – Quảng Tây · 谅山–广西边境";
  f.date_label = in.date;
  f.time_s = in.time_s;
  (void)scene;
  return f;
}

geo::BboxLL default_bbox(const geo::Scene& scene) { return geo::with_margin(scene.frontier_bbox, 0.05); }

float export_pixel_scale(int width, int height, double dpi) {
  if (dpi > 0) return static_cast<float>(dpi / 96.0);
  return std::max(1.0f, static_cast<float>(std::min(width, height)) / 1080.0f);
}

}  // namespace gatemap
