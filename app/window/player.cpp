#include "app/window/player.hpp"

#include <cmath>
#include <utility>

#include "geo/view.hpp"

namespace gatemap {

WallPlayer::WallPlayer(std::vector<PlaylistScene> scenes, const geo::BboxLL& default_view,
                       std::optional<geo::Date> default_date)
    : scenes_(std::move(scenes)), default_view_(default_view), default_date_(default_date) {}

PlayerStep WallPlayer::step(double t_s) {
  PlayerStep out;
  if (scenes_.empty()) return out;
  const PlaylistPosition pos = playlist_at(scenes_, t_s);
  const PlaylistScene& sc = scenes_[pos.index];
  out.index = pos.index;
  out.entered = pos.index != current_;
  current_ = pos.index;
  out.view = sc.bbox ? *sc.bbox : default_view_;
  out.layers = sc.layers;
  out.title = &sc.title;
  if (sc.from && sc.to) {
    // The range is played over the scene: day floor(days × fraction) of it.
    out.date = sc.from->add_days(static_cast<int>(std::floor((*sc.to - *sc.from) * pos.fraction)));
  } else if (out.entered) {
    out.date = sc.date ? sc.date : default_date_;
  }
  return out;
}

void apply_player_step(const PlayerStep& step, ViewState& v, double now_s) {
  if (step.entered) {
    const geo::Camera c = geo::fit_bbox(step.view, v.camera.width_px, v.camera.height_px);
    fly_to(v, c.centre, c.m_per_px, now_s);
    if (step.layers) v.layers = *step.layers;
    v.time.playing = false;
  }
  if (step.date) v.time.date = step.date;
}

}  // namespace gatemap
