// The wall-display player without a window: time in, scene, date, view and layers out.
#include <gtest/gtest.h>

#include "app/window/player.hpp"
#include "geo/view.hpp"

using namespace gatemap;

namespace {

const geo::BboxLL kDefault{106.0, 21.5, 107.5, 22.5};

PlaylistScene fixed_scene() {
  PlaylistScene s;
  s.title = "fixed";
  s.bbox = geo::BboxLL{106.62, 21.92, 106.78, 22.04};
  s.date = geo::Date::parse("2024-08-22");
  s.layers = geo::LayerSet{};
  s.seconds = 10;
  return s;
}

PlaylistScene range_scene() {
  PlaylistScene s;
  s.title = "range";
  s.from = geo::Date::parse("2020-01-01");
  s.to = geo::Date::parse("2020-01-21");  // 20 days over 20 seconds: a day a second
  s.seconds = 20;
  return s;
}

}  // namespace

TEST(WallPlayer, EmptyPlaysNothing) {
  WallPlayer p;
  EXPECT_TRUE(p.empty());
  EXPECT_FALSE(p.step(3).date);
}

TEST(WallPlayer, EntersEachSceneOnceAPassAndLoops) {
  WallPlayer p({fixed_scene(), range_scene()}, kDefault);
  PlayerStep s = p.step(0);
  EXPECT_EQ(s.index, 0u);
  EXPECT_TRUE(s.entered);
  ASSERT_TRUE(s.title);
  EXPECT_EQ(*s.title, "fixed");
  EXPECT_EQ(s.view, fixed_scene().bbox);
  EXPECT_EQ(s.date, geo::Date::parse("2024-08-22"));
  ASSERT_TRUE(s.layers);

  s = p.step(5);
  EXPECT_EQ(s.index, 0u);
  EXPECT_FALSE(s.entered);
  EXPECT_FALSE(s.date) << "a fixed date is set on entering only: the user may move the slider";

  s = p.step(10);
  EXPECT_EQ(s.index, 1u);
  EXPECT_TRUE(s.entered);
  EXPECT_EQ(s.view, kDefault) << "a scene without a bbox shows the default view";
  EXPECT_FALSE(s.layers) << "a scene without layers keeps those shown";
  EXPECT_EQ(*s.title, "range");

  s = p.step(30);  // 10 + 20: the list loops back to the first scene
  EXPECT_EQ(s.index, 0u);
  EXPECT_TRUE(s.entered);
}

TEST(WallPlayer, PlaysARangeOverTheScene) {
  WallPlayer p({range_scene()}, kDefault);
  EXPECT_EQ(p.step(0).date, geo::Date::parse("2020-01-01"));
  EXPECT_EQ(p.step(5.5).date, geo::Date::parse("2020-01-06"));  // day floor(20 × 5.5 / 20)
  EXPECT_EQ(p.step(19.99).date, geo::Date::parse("2020-01-20"));
  PlayerStep again = p.step(20.5);  // loops: the one scene is not entered again
  EXPECT_FALSE(again.entered);
  EXPECT_EQ(again.date, geo::Date::parse("2020-01-01"));
}

TEST(WallPlayer, AppliedStepFliesToTheSceneAndStopsTheTimeline) {
  WallPlayer p({fixed_scene(), range_scene()}, kDefault);
  ViewState v;
  v.camera = geo::fit_bbox(kDefault, 1600, 900);
  v.time.playing = true;
  v.layers = geo::LayerSet::all();
  apply_player_step(p.step(0), v, 100.0);
  ASSERT_TRUE(v.fly);
  const geo::Camera target = geo::fit_bbox(*fixed_scene().bbox, 1600, 900);
  EXPECT_NEAR(v.fly->to.x, target.centre.x, 1e-6);
  EXPECT_NEAR(v.fly->to_m_per_px, target.m_per_px, 1e-9);
  EXPECT_FALSE(v.time.playing);
  EXPECT_EQ(v.layers, geo::LayerSet{});
  EXPECT_EQ(v.time.date, geo::Date::parse("2024-08-22"));

  // Later steps of the same scene leave the view, layers and a moved date alone.
  v.fly.reset();
  v.layers = geo::LayerSet::all();
  v.time.date = geo::Date::parse("2021-01-01");
  apply_player_step(p.step(4), v, 104.0);
  EXPECT_FALSE(v.fly);
  EXPECT_EQ(v.layers, geo::LayerSet::all());
  EXPECT_EQ(v.time.date, geo::Date::parse("2021-01-01"));
}

// Issue 14: a scene without a date showed the previous scene's date on the second loop. Every
// scene states what it shows: one without a date shows the data's newest date.
TEST(WallPlayer, ASceneWithoutADateShowsTheDatasNewestDateNotThePreviousScenes) {
  PlaylistScene undated;
  undated.title = "undated";
  undated.seconds = 10;
  const std::optional<geo::Date> newest = geo::Date::parse("2025-11-27");
  WallPlayer p({fixed_scene(), undated}, kDefault, newest);
  // Each step is 3 s into its scene, after the scene's 2 s transition.
  EXPECT_EQ(p.step(3).date, geo::Date::parse("2024-08-22"));
  EXPECT_EQ(p.step(13).date, newest);  // first pass
  EXPECT_EQ(p.step(23).date, geo::Date::parse("2024-08-22"));
  EXPECT_EQ(p.step(33).date, newest);  // second loop: not 2024-08-22
}

// ---- Transitions: the camera flies and the date animates; no frame without a date ----------

TEST(WallPlayer, TheDateAnimatesFromThePreviousSceneOverTheTransition) {
  PlaylistScene a = fixed_scene();  // 2024-08-22, 10 s
  PlaylistScene b;
  b.date = geo::Date::parse("2024-09-01");
  b.seconds = 10;
  b.transition_seconds = 2;
  WallPlayer p({a, b}, kDefault);
  EXPECT_EQ(p.step(1).date, geo::Date::parse("2024-08-22"));
  PlayerStep s = p.step(10);  // enters b: the date starts from a's
  EXPECT_TRUE(s.entered);
  EXPECT_EQ(s.transition_s, 2);
  EXPECT_EQ(s.date, geo::Date::parse("2024-08-22"));
  EXPECT_EQ(p.step(11).date, geo::Date::parse("2024-08-27")) << "half-way: 5 of 10 days";
  EXPECT_EQ(p.step(12.5).date, geo::Date::parse("2024-09-01")) << "the transition ends on the scene's date";
  EXPECT_FALSE(p.step(13).date) << "then the date is left alone";
}

TEST(WallPlayer, AppliedTransitionFliesForTheScenesTransitionSeconds) {
  PlaylistScene a = fixed_scene();
  a.transition_seconds = 3;
  WallPlayer p({a}, kDefault);
  ViewState v;
  v.camera = geo::fit_bbox(kDefault, 1600, 900);
  apply_player_step(p.step(0), v, 50.0);
  ASSERT_TRUE(v.fly);
  EXPECT_EQ(v.fly->duration_s, 3);
  a.transition_seconds = 0;  // a cut: the camera is there at once
  WallPlayer cut({a}, kDefault);
  apply_player_step(cut.step(0), v, 50.0);
  EXPECT_FALSE(v.fly);
  EXPECT_NEAR(v.camera.centre.x, geo::fit_bbox(*a.bbox, 1600, 900).centre.x, 1e-6);
}

// ---- The presenter's commands ---------------------------------------------------------------

TEST(WallPlayer, NextPreviousGoToAndPause) {
  WallPlayer p({fixed_scene(), range_scene(), fixed_scene()}, kDefault);
  EXPECT_EQ(p.step(0).index, 0u);
  p.next();
  PlayerStep s = p.step(1);
  EXPECT_EQ(s.index, 1u);
  EXPECT_TRUE(s.entered);
  EXPECT_NEAR(s.in_scene_s, 0, 1e-9) << "a scene entered by a key starts from its beginning";
  p.previous();
  EXPECT_EQ(p.step(2).index, 0u);
  p.previous();  // wraps to the last scene
  EXPECT_EQ(p.step(3).index, 2u);
  p.go_to(1);
  EXPECT_EQ(p.step(4).index, 1u);
  p.go_to(7);  // past the end: ignored
  EXPECT_EQ(p.step(5).index, 1u);
  p.go_to(1);  // the same scene again: entered again (the camera flies back to it)
  EXPECT_TRUE(p.step(6).entered);

  p.toggle_pause();
  EXPECT_TRUE(p.paused());
  const PlayerStep paused = p.step(100);  // 94 s later: still scene 2, at the same moment
  EXPECT_EQ(paused.index, 1u);
  EXPECT_NEAR(paused.in_scene_s, 0, 1e-9);
  p.toggle_pause();
  EXPECT_NEAR(p.step(103).in_scene_s, 3, 1e-9) << "resumes where it was";
  EXPECT_NEAR(p.scene_left_s(), 17, 1e-9);
  EXPECT_NEAR(p.pass_left_s(), 27, 1e-9);
}

// Found at the 4K run: Space, then N, left the date at the previous scene's (the transition was
// paused at its start). The transition runs on the wall clock; the playlist's time stays paused.
TEST(WallPlayer, ASceneChosenWhilePausedArrivesAtItsDate) {
  PlaylistScene a = fixed_scene();  // 2024-08-22
  PlaylistScene b = fixed_scene();
  b.date = geo::Date::parse("2020-02-08");
  b.transition_seconds = 3;
  WallPlayer p({a, b}, kDefault);
  p.step(1);
  p.toggle_pause();
  p.step(2);
  p.next();
  EXPECT_EQ(p.step(3).date, geo::Date::parse("2024-08-22"));  // the transition starts
  EXPECT_EQ(p.step(7).date, geo::Date::parse("2020-02-08")) << "and ends, paused or not";
  EXPECT_NEAR(p.in_scene_s(), 0, 1e-9) << "the playlist's time stays paused";
  EXPECT_EQ(p.step(100).index, 1u);
}

// Reported by the presenter helper: Space, then "4" Enter, left the date partway through the
// transition (2024-12-11 instead of 2024-04-30). The scenes of data/scenes/frontier-story.json:
// from scene 5 (2025-04-24), paused, go to scene 4 (2024-04-30, a 4 s transition); also a second
// go-to while the first transition is under way, and a range scene (its `from` end).
TEST(WallPlayer, GoingToASceneWhilePausedShowsThatScenesOwnDate) {
  PlaylistScene s4 = fixed_scene(), s5 = fixed_scene(), range = range_scene();
  s4.date = geo::Date::parse("2024-04-30");
  s4.transition_seconds = 4;
  s5.date = geo::Date::parse("2025-04-24");
  s5.transition_seconds = 4;
  range.transition_seconds = 3;
  WallPlayer p({range, s4, s5}, kDefault);
  p.step(0);
  p.go_to(2);
  p.step(1);
  EXPECT_EQ(p.step(6).date, geo::Date::parse("2025-04-24"));
  p.toggle_pause();
  p.step(7);
  p.go_to(1);
  EXPECT_EQ(p.step(8).date, geo::Date::parse("2025-04-24")) << "the transition starts from the date shown";
  const std::optional<geo::Date> partway = p.step(9.5).date;
  ASSERT_TRUE(partway);
  EXPECT_LT(*partway, *geo::Date::parse("2025-04-24"));
  EXPECT_GT(*partway, *geo::Date::parse("2024-04-30"));
  EXPECT_EQ(p.step(12.5).date, geo::Date::parse("2024-04-30")) << "paused, the scene still arrives at its date";
  EXPECT_EQ(p.step(30).index, 1u);
  p.go_to(2);  // again while paused, and a go-to during that transition
  p.step(31);
  p.step(32);
  p.go_to(1);
  p.step(33);
  EXPECT_EQ(p.step(38).date, geo::Date::parse("2024-04-30"));
  p.go_to(0);  // a range scene: its `from` end, the playlist's time paused
  p.step(40);
  EXPECT_EQ(p.step(44).date, geo::Date::parse("2020-01-01"));
  EXPECT_TRUE(p.paused());
}

// Issue 19: a scene with "view": "strip" shows the frontier strip; the next map scene the map.
TEST(WallPlayer, AStripSceneShowsTheStripAndAMapSceneTheMap) {
  PlaylistScene strip = range_scene();
  strip.view = "strip";
  WallPlayer p({fixed_scene(), strip}, kDefault);
  ViewState v;
  v.camera = geo::fit_bbox(kDefault, 1600, 900);
  apply_player_step(p.step(0), v, 0.0);
  EXPECT_FALSE(v.show_strip);
  apply_player_step(p.step(11), v, 11.0);  // the second scene
  EXPECT_TRUE(v.show_strip);
  apply_player_step(p.step(31), v, 31.0);  // looped to the first
  EXPECT_FALSE(v.show_strip);
}
