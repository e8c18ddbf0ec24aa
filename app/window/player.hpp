#pragma once
// The wall-display player: plays a scenes file (app/view/playlist.hpp) in a loop. A plain class
// with no GL, GLFW or ImGui: time in (seconds since the playlist started), what to show out.
#include <optional>
#include <string>
#include <vector>

#include "app/view/playlist.hpp"
#include "app/view/view_state.hpp"
#include "geo/dates.hpp"
#include "geo/layers.hpp"
#include "geo/types.hpp"

namespace gatemap {

// What the wall display shows at one moment.
struct PlayerStep {
  size_t index = 0;                     // the scene playing
  bool entered = false;                 // the first step of this scene: fly to `view`, set its layers
  geo::BboxLL view;                     // the scene's bbox (lon, lat degrees), or the default view
  std::optional<geo::LayerSet> layers;  // the scene's layers; empty: keep the layers shown
  // The date to show now: a scene's fixed date when it is entered (a user may move the slider
  // afterwards), or the data's newest date for a scene without one (every scene states what it
  // shows: never the previous scene's date); a range's date at this moment of the scene on every
  // step; empty: keep the date.
  std::optional<geo::Date> date;
  const std::string* title = nullptr;  // the scene's title ("" for none); points into the player
};

class WallPlayer {
 public:
  WallPlayer() = default;
  // `default_view`: the view of a scene without a bbox; `default_date`: the date of a scene without
  // a date or range (the data's newest date, frame_builder's default_date()).
  WallPlayer(std::vector<PlaylistScene> scenes, const geo::BboxLL& default_view,
             std::optional<geo::Date> default_date = {});

  bool empty() const { return scenes_.empty(); }
  // The step at `t_s` seconds since the playlist started. A scene is `entered` on a step whose
  // scene differs from the previous step's (the first step enters; a one-scene list, once).
  PlayerStep step(double t_s);

 private:
  std::vector<PlaylistScene> scenes_;
  geo::BboxLL default_view_;
  std::optional<geo::Date> default_date_;
  size_t current_ = static_cast<size_t>(-1);
};

// Applies a step to the window's view: on entering a scene, flies to its view (fitted to the
// camera's size in pixels), sets its layers and stops the timeline; sets the step's date.
void apply_player_step(const PlayerStep& step, ViewState& v, double now_s);

}  // namespace gatemap
