#pragma once
// The wall-display player: plays a scenes file (app/view/playlist.hpp) in a loop, and takes the
// presenter's commands (next, previous, go to, pause). A plain class with no GL, GLFW or ImGui:
// time in (seconds since the playlist started), what to show out.
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
  // step; during the scene's transition, the date animating from the one shown before; empty:
  // keep the date.
  std::optional<geo::Date> date;
  const std::string* title = nullptr;    // the scene's title ("" for none); points into the player
  const PlaylistScene* scene = nullptr;  // the whole scene (caption, notes, select)
  double transition_s = 0;               // the camera's flight on entering (0: a cut)
  double in_scene_s = 0;                 // seconds of this scene played (paused time not counted)
};

class WallPlayer {
 public:
  WallPlayer() = default;
  // `default_view`: the view of a scene without a bbox; `default_date`: the date of a scene without
  // a date or range (the data's newest date, frame_builder's default_date()).
  WallPlayer(std::vector<PlaylistScene> scenes, const geo::BboxLL& default_view,
             std::optional<geo::Date> default_date = {});

  bool empty() const { return scenes_.empty(); }
  size_t size() const { return scenes_.size(); }
  const std::vector<PlaylistScene>& scenes() const { return scenes_; }
  // The step at `t_s` seconds since the playlist started: the scene advances by the time since the
  // previous step unless paused. A scene is `entered` on a step whose scene differs from the
  // previous step's (the first step enters; a one-scene list, once) or after a command below.
  PlayerStep step(double t_s);

  // The presenter's commands, acted on at the next step; each (re)enters a scene from its start.
  void next();
  void previous();
  void go_to(size_t index);  // 0-based; an index past the end is ignored
  void toggle_pause() { paused_ = !paused_; }
  // A reloaded scenes file, swapped in whole: the scene at the same index (the last one when the
  // list got shorter) is entered again from its start.
  void replace_scenes(std::vector<PlaylistScene> scenes);
  // Reloaded data: the view and date of scenes without their own, from the next scene entered on.
  void set_defaults(const geo::BboxLL& default_view, std::optional<geo::Date> default_date) {
    default_view_ = default_view;
    default_date_ = default_date;
  }
  bool paused() const { return paused_; }
  size_t current() const { return index_; }
  double in_scene_s() const { return in_scene_s_; }
  // Seconds left in the scene playing, and in the whole pass of the playlist from here.
  double scene_left_s() const;
  double pass_left_s() const;

 private:
  void enter(size_t index);

  std::vector<PlaylistScene> scenes_;
  geo::BboxLL default_view_;
  std::optional<geo::Date> default_date_;
  size_t index_ = 0;
  double in_scene_s_ = 0;
  double since_enter_s_ = 0;  // wall-clock seconds since the scene was entered (pauses included)
  double last_t_ = 0;
  bool paused_ = false;
  bool reenter_ = false;
  size_t shown_ = static_cast<size_t>(-1);    // the scene of the last step
  std::optional<geo::Date> shown_date_;       // the date the last step left on the wall
  std::optional<geo::Date> transition_from_;  // the date a transition starts from
};

// Applies a step to the window's view: on entering a scene, flies to its view (fitted to the
// camera's size in pixels) over the scene's transition, sets its layers and stops the timeline;
// sets the step's date.
void apply_player_step(const PlayerStep& step, ViewState& v, double now_s);

}  // namespace gatemap
