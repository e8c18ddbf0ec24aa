// The window's keys from GLFW's key events: every event queued between two frames is handled,
// so a short tap (press and release both before the next frame) is never lost. No window needed:
// the events are pushed as GLFW's callback pushes them.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include "app/window/input.hpp"

using namespace gatemap;

namespace {

void tap(KeyQueue& q, int key, int mods = 0) {
  q.push({key, GLFW_PRESS, mods});
  q.push({key, GLFW_RELEASE, mods});
}

ViewState start_view() {
  ViewState v;
  v.camera.centre = {700000, 2440000};
  v.camera.m_per_px = 100;
  v.camera.width_px = 1600;
  v.camera.height_px = 900;
  return v;
}

KeyContext context() {
  KeyContext c;
  c.pan_step_m = 8000;
  c.zoom_x_px = 800, c.zoom_y_px = 450;
  return c;
}

}  // namespace

TEST(KeyQueue, EveryTapOfOneFrameIsHandled) {
  KeyQueue q;
  for (int i = 0; i < 5; ++i) tap(q, GLFW_KEY_RIGHT);
  for (int i = 0; i < 3; ++i) tap(q, GLFW_KEY_EQUAL, GLFW_MOD_SHIFT);  // '+'
  for (int i = 0; i < 3; ++i) tap(q, GLFW_KEY_F1);
  tap(q, GLFW_KEY_SPACE);
  ViewState v = start_view();
  EXPECT_FALSE(handle_keys(q, false, v, context()));
  EXPECT_DOUBLE_EQ(v.camera.centre.x, 700000 + 5 * 8000);
  EXPECT_NEAR(v.camera.m_per_px, 100 / (1.5 * 1.5 * 1.5), 1e-9);
  EXPECT_FALSE(v.show_ui) << "F1 three times hides the panels";
  EXPECT_TRUE(v.time.playing);
  EXPECT_TRUE(q.take().empty()) << "the queue is emptied";
}

TEST(KeyQueue, HeldKeysRepeatOnlyForPanAndZoom) {
  KeyQueue q;
  q.push({GLFW_KEY_LEFT, GLFW_PRESS, 0});
  q.push({GLFW_KEY_LEFT, GLFW_REPEAT, 0});
  q.push({GLFW_KEY_LEFT, GLFW_REPEAT, 0});
  q.push({GLFW_KEY_LEFT, GLFW_RELEASE, 0});
  q.push({GLFW_KEY_F2, GLFW_PRESS, 0});
  q.push({GLFW_KEY_F2, GLFW_REPEAT, 0});
  q.push({GLFW_KEY_F2, GLFW_RELEASE, 0});
  ViewState v = start_view();
  handle_keys(q, false, v, context());
  EXPECT_DOUBLE_EQ(v.camera.centre.x, 700000 - 3 * 8000);
  EXPECT_TRUE(v.show_stats) << "a held toggle toggles once";
}

TEST(KeyQueue, KeysTypedIntoATextFieldAreNotMapKeys) {
  KeyQueue q;
  tap(q, GLFW_KEY_MINUS);
  tap(q, GLFW_KEY_0);
  ViewState v = start_view();
  handle_keys(q, true, v, context());
  EXPECT_DOUBLE_EQ(v.camera.m_per_px, 100);
  EXPECT_FALSE(v.want_fit);
  EXPECT_TRUE(q.take().empty()) << "they are dropped, not kept for a later frame";
}

TEST(KeyQueue, EveryBinding) {
  ViewState v = start_view();
  const KeyContext c = context();
  apply_key({GLFW_KEY_UP, GLFW_PRESS, 0}, v, c);
  EXPECT_DOUBLE_EQ(v.camera.centre.y, 2440000 + 8000);
  apply_key({GLFW_KEY_DOWN, GLFW_PRESS, 0}, v, c);
  EXPECT_DOUBLE_EQ(v.camera.centre.y, 2440000);
  apply_key({GLFW_KEY_KP_ADD, GLFW_PRESS, 0}, v, c);
  apply_key({GLFW_KEY_KP_SUBTRACT, GLFW_PRESS, 0}, v, c);
  EXPECT_NEAR(v.camera.m_per_px, 100, 1e-9);
  apply_key({GLFW_KEY_KP_0, GLFW_PRESS, 0}, v, c);
  EXPECT_TRUE(v.want_fit);
  apply_key({GLFW_KEY_E, GLFW_PRESS, 0}, v, c);
  EXPECT_FALSE(v.show_export) << "E alone is no shortcut";
  apply_key({GLFW_KEY_E, GLFW_PRESS, GLFW_MOD_CONTROL}, v, c);
  EXPECT_TRUE(v.show_export);
  EXPECT_FALSE(apply_key({GLFW_KEY_ESCAPE, GLFW_PRESS, 0}, v, c)) << "Escape closes only a fullscreen window";
  KeyContext full = c;
  full.fullscreen = true;
  EXPECT_TRUE(apply_key({GLFW_KEY_ESCAPE, GLFW_PRESS, 0}, v, full));
}
