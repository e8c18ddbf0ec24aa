#pragma once
// gatemap present's presenter view (issue 14): a second window, for the presenter's eyes only, with
// the scene playing and the next one, the scene's notes, the scene's and the whole playlist's
// elapsed and remaining time, and the clock. It runs in the wall's process and loop: drawn after
// the wall's frame, at most ten times a second, with its own GL context (sharing the wall's objects)
// and its own Dear ImGui context, so that it never holds the wall up. Its keys go into the wall's
// key queue: every presenter key works from either window. Closing it leaves the wall playing.
//
// presenter_text() and presenter_clock() are plain functions (tests/app/presenter_view_test.cpp);
// PresenterWindow is the GLFW part (tests/cli/presenter_window.sh, under Xvfb).
#include <memory>
#include <string>
#include <vector>

#include "app/view/playlist.hpp"
#include "app/window/input.hpp"
#include "app/window/player.hpp"
#include "geo/scene.hpp"

struct GLFWwindow;
struct GLFWmonitor;
struct ImGuiContext;

namespace gatemap {

// A duration for the presenter: "m:ss", "h:mm:ss" from an hour; seconds rounded down, negative as 0.
std::string presenter_duration(double seconds);

// What the presenter view says at one moment.
struct PresenterText {
  std::string position;      // "Scene 2 of 5", with " · paused" while the playlist is paused
  std::string window_title;  // "gatemap presenter: Scene 2 of 5 (paused)" (ASCII: tools read it)
  std::string current_title, current_caption, notes;
  std::string next_title, next_caption;  // the scene after this one (after the last: the first, as the wall loops)
  std::string scene_time;                // "0:12 elapsed · 0:08 left (of 0:20)"
  std::string playlist_time;             // "1:02 elapsed · 1:33 left (of 2:35)"
  std::vector<std::string> wall_state;   // what the wall shows besides the map: "WALL BLANK", "captions off", …
  bool operator==(const PresenterText&) const = default;
};
// An empty playlist gives an empty text.
PresenterText presenter_text(const WallPlayer& player, const PresenterState& state);

// The clock: "14:03 · 2026-12-07", the local time; the date is GATEMAP_NOW's when that is set (a
// rehearsal with a set date), else today's local date.
std::string presenter_clock();

class PresenterWindow {
 public:
  // Opens the presenter view beside `wall` (whose GL context is current, and is current again on
  // return): on `monitor` (its work area) when given, else a window on the wall's monitor. The
  // fonts hold the glyphs of the scenes' text. Returns null, having said why on stderr, when the
  // window cannot open (the wall plays without it).
  static std::unique_ptr<PresenterWindow> open(GLFWwindow* wall, GLFWmonitor* monitor, KeyQueue& keys,
                                               const geo::Scene& scene, const std::vector<PlaylistScene>& scenes);
  ~PresenterWindow();
  PresenterWindow(const PresenterWindow&) = delete;
  PresenterWindow& operator=(const PresenterWindow&) = delete;

  // True once the presenter has closed the window (then destroy it: the wall plays on).
  bool closed() const;
  // Draws the view when the text changed or 0.1 s after the last draw; the wall's GL and ImGui
  // contexts are current before and after. `now_s`: glfwGetTime().
  void draw(const PresenterText& text, const std::string& clock, double now_s);

 private:
  PresenterWindow() = default;
  void layout(const PresenterText& text, const std::string& clock);

  GLFWwindow* win_ = nullptr;
  GLFWwindow* wall_ = nullptr;
  ImGuiContext* imgui_ = nullptr;
  PresenterText shown_;
  std::string shown_clock_;
  double last_draw_s_ = -1;
};

}  // namespace gatemap
