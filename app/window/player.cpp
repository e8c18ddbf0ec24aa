#include "app/window/player.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "geo/view.hpp"

namespace gatemap {

WallPlayer::WallPlayer(std::vector<PlaylistScene> scenes, const geo::BboxLL& default_view,
                       std::optional<geo::Date> default_date)
    : scenes_(std::move(scenes)), default_view_(default_view), default_date_(default_date) {}

void WallPlayer::enter(size_t index) {
  index_ = index;
  in_scene_s_ = 0;
  reenter_ = true;
}

void WallPlayer::replace_scenes(std::vector<PlaylistScene> scenes) {
  if (scenes.empty()) return;
  scenes_ = std::move(scenes);
  enter(std::min(index_, scenes_.size() - 1));
}

void WallPlayer::next() {
  if (!scenes_.empty()) enter((index_ + 1) % scenes_.size());
}

void WallPlayer::previous() {
  if (!scenes_.empty()) enter((index_ + scenes_.size() - 1) % scenes_.size());
}

void WallPlayer::go_to(size_t index) {
  if (index < scenes_.size()) enter(index);
}

double WallPlayer::scene_left_s() const {
  return scenes_.empty() ? 0 : std::max(0.0, scenes_[index_].seconds - in_scene_s_);
}

double WallPlayer::pass_left_s() const {
  double left = scene_left_s();
  for (size_t i = index_ + 1; i < scenes_.size(); ++i) left += scenes_[i].seconds;
  return left;
}

PlayerStep WallPlayer::step(double t_s) {
  PlayerStep out;
  if (scenes_.empty()) return out;
  // A scene entered by a command starts now: the time before the command is not played in it.
  const double dt = reenter_ ? 0.0 : std::max(0.0, t_s - last_t_);
  last_t_ = t_s;
  since_enter_s_ = reenter_ ? 0.0 : since_enter_s_ + dt;
  if (!paused_) {
    in_scene_s_ += dt;
    double total = 0;
    for (const PlaylistScene& s : scenes_) total += s.seconds;
    if (in_scene_s_ > total) in_scene_s_ = std::fmod(in_scene_s_, total);  // a long stall: no spinning
    while (in_scene_s_ >= scenes_[index_].seconds) {
      in_scene_s_ -= scenes_[index_].seconds;
      index_ = (index_ + 1) % scenes_.size();
      since_enter_s_ = in_scene_s_;
    }
  }
  const PlaylistScene& sc = scenes_[index_];
  out.index = index_;
  out.entered = index_ != shown_ || reenter_;
  reenter_ = false;
  shown_ = index_;
  out.view = sc.bbox ? *sc.bbox : default_view_;
  out.layers = sc.layers;
  out.title = &sc.title;
  out.scene = &sc;
  out.in_scene_s = in_scene_s_;
  out.transition_s = sc.transition_seconds;
  const std::optional<geo::Date> first = sc.from ? sc.from : sc.date ? sc.date : default_date_;
  if (out.entered) transition_from_ = shown_date_;
  // The transition runs on the wall clock, paused or not (a scene chosen while paused arrives).
  const bool in_transition = since_enter_s_ < sc.transition_seconds && transition_from_ && first;
  if (in_transition) {
    // The date animates from the one shown before to the scene's first date, a day at a time.
    const double e = since_enter_s_ / sc.transition_seconds;
    out.date = transition_from_->add_days(static_cast<int>(std::lround((*first - *transition_from_) * e)));
  } else if (sc.from && sc.to) {
    // The range is played over the scene after its transition: day floor(days × fraction) of it.
    const double played = in_scene_s_ - (transition_from_ ? sc.transition_seconds : 0);
    const double span = sc.seconds - (transition_from_ ? sc.transition_seconds : 0);
    const double fraction = std::clamp(played / span, 0.0, 1.0);
    out.date = sc.from->add_days(static_cast<int>(std::floor((*sc.to - *sc.from) * fraction)));
  } else if (out.entered || (transition_from_ && shown_date_ != first)) {
    out.date = first;  // on entering, or the step that ends the transition
  }
  if (out.date) shown_date_ = out.date;
  return out;
}

void apply_player_step(const PlayerStep& step, ViewState& v, double now_s) {
  if (step.entered) {
    const geo::Camera c = geo::fit_bbox(step.view, v.camera.width_px, v.camera.height_px);
    fly_to(v, c.centre, c.m_per_px, now_s);
    if (step.transition_s > 0) {
      v.fly->duration_s = step.transition_s;
    } else {
      update_fly(v, now_s + v.fly->duration_s);  // a cut: there at once
    }
    if (step.layers) v.layers = *step.layers;
    v.time.playing = false;
    if (step.scene) v.show_strip = step.scene->strip();  // every scene says what it shows
  }
  if (step.date) v.time.date = step.date;
}

}  // namespace gatemap
