// The presenter's keys (what USB clickers send), from GLFW key events as the window's callback
// queues them: every tap counts, even several between two frames.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include "app/window/input.hpp"

using namespace gatemap;

namespace {

void tap(KeyQueue& q, int key, int mods = 0) {
  q.push({key, GLFW_PRESS, mods});
  q.push({key, GLFW_RELEASE, mods});
}

WallPlayer five_scenes() {
  std::vector<PlaylistScene> scenes(5);
  for (size_t i = 0; i < scenes.size(); ++i) scenes[i].title = "scene " + std::to_string(i + 1);
  return WallPlayer(scenes, geo::BboxLL{106, 21.5, 107.5, 22.5});
}

// The scene shown after the queued keys are handled.
size_t after(KeyQueue& q, WallPlayer& p, PresenterState& s, double t) {
  handle_presenter_keys(q, p, s);
  return p.step(t).index;
}

}  // namespace

TEST(PresenterKeys, NextAndPreviousFromEveryClickerKey) {
  for (int key : {GLFW_KEY_RIGHT, GLFW_KEY_PAGE_DOWN, GLFW_KEY_N}) {
    WallPlayer p = five_scenes();
    PresenterState s;
    KeyQueue q;
    p.step(0);
    tap(q, key);
    EXPECT_EQ(after(q, p, s, 0.1), 1u) << "key " << key;
    for (int i = 0; i < 3; ++i) tap(q, key);  // three taps within one frame
    EXPECT_EQ(after(q, p, s, 0.2), 4u) << "key " << key;
  }
  for (int key : {GLFW_KEY_LEFT, GLFW_KEY_PAGE_UP, GLFW_KEY_P}) {
    WallPlayer p = five_scenes();
    PresenterState s;
    KeyQueue q;
    p.step(0);
    tap(q, key);
    EXPECT_EQ(after(q, p, s, 0.1), 4u) << "previous of the first is the last; key " << key;
    tap(q, key);
    tap(q, key);
    EXPECT_EQ(after(q, p, s, 0.2), 2u) << "key " << key;
  }
}

TEST(PresenterKeys, HeldKeysDoNotRunThroughTheScenes) {
  WallPlayer p = five_scenes();
  PresenterState s;
  KeyQueue q;
  p.step(0);
  q.push({GLFW_KEY_RIGHT, GLFW_PRESS, 0});
  for (int i = 0; i < 10; ++i) q.push({GLFW_KEY_RIGHT, GLFW_REPEAT, 0});
  q.push({GLFW_KEY_RIGHT, GLFW_RELEASE, 0});
  EXPECT_EQ(after(q, p, s, 0.1), 1u);
}

TEST(PresenterKeys, SpacePausesAndResumesThePlaylist) {
  WallPlayer p = five_scenes();  // 15 s a scene
  PresenterState s;
  KeyQueue q;
  p.step(0);
  tap(q, GLFW_KEY_SPACE);
  EXPECT_EQ(after(q, p, s, 1), 0u);
  EXPECT_TRUE(p.paused());
  EXPECT_EQ(p.step(100).index, 0u) << "paused: the scene stays";
  tap(q, GLFW_KEY_SPACE);
  EXPECT_EQ(after(q, p, s, 101), 0u);
  EXPECT_FALSE(p.paused());
  EXPECT_EQ(p.step(116).index, 1u) << "resumed: 1 + 15 s played";
}

TEST(PresenterKeys, DigitsThenEnterGoToSceneN) {
  WallPlayer p = five_scenes();
  PresenterState s;
  KeyQueue q;
  p.step(0);
  tap(q, GLFW_KEY_4);
  EXPECT_EQ(after(q, p, s, 0.1), 0u) << "nothing before Enter";
  EXPECT_EQ(s.digits, "4");
  tap(q, GLFW_KEY_ENTER);
  EXPECT_EQ(after(q, p, s, 0.2), 3u) << "scene 4 (numbered from 1)";
  EXPECT_EQ(s.digits, "");
  tap(q, GLFW_KEY_KP_2);
  tap(q, GLFW_KEY_KP_ENTER);
  EXPECT_EQ(after(q, p, s, 0.3), 1u) << "the keypad too";
  tap(q, GLFW_KEY_1);
  tap(q, GLFW_KEY_2);
  tap(q, GLFW_KEY_ENTER);
  EXPECT_EQ(after(q, p, s, 0.4), 1u) << "scene 12 of 5: ignored";
  tap(q, GLFW_KEY_0);
  tap(q, GLFW_KEY_ENTER);
  EXPECT_EQ(after(q, p, s, 0.5), 1u) << "scene 0: ignored";
  tap(q, GLFW_KEY_3);
  tap(q, GLFW_KEY_C);  // another key drops the half-typed number
  tap(q, GLFW_KEY_ENTER);
  EXPECT_EQ(after(q, p, s, 0.6), 1u);
}

TEST(PresenterKeys, BlankCaptionsHelpAndQuit) {
  WallPlayer p = five_scenes();
  PresenterState s;
  KeyQueue q;
  EXPECT_TRUE(s.captions);
  tap(q, GLFW_KEY_B);
  handle_presenter_keys(q, p, s);
  EXPECT_TRUE(s.blank);
  tap(q, GLFW_KEY_PERIOD);
  handle_presenter_keys(q, p, s);
  EXPECT_FALSE(s.blank) << "'.' toggles it back";
  tap(q, GLFW_KEY_PERIOD);
  handle_presenter_keys(q, p, s);
  EXPECT_TRUE(s.blank);
  tap(q, GLFW_KEY_C);
  handle_presenter_keys(q, p, s);
  EXPECT_FALSE(s.captions);
  tap(q, GLFW_KEY_H);
  handle_presenter_keys(q, p, s);
  EXPECT_TRUE(s.help);
  tap(q, GLFW_KEY_SLASH, GLFW_MOD_SHIFT);  // '?'
  handle_presenter_keys(q, p, s);
  EXPECT_FALSE(s.help);
  tap(q, GLFW_KEY_ESCAPE);
  tap(q, GLFW_KEY_Q);
  handle_presenter_keys(q, p, s);
  EXPECT_FALSE(s.quit) << "Escape and a plain Q do not quit a kiosk";
  tap(q, GLFW_KEY_Q, GLFW_MOD_CONTROL);
  handle_presenter_keys(q, p, s);
  EXPECT_TRUE(s.quit);
}
