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
#include <cstdint>
#include <memory>
#include <set>
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

class ScenePreviews;  // scene_previews.hpp

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

// The presenter view's fonts: Noto Sans with Noto Sans CJK merged, holding the glyphs of the
// scenes' titles, captions and notes (besides the map's own names). A reloaded scenes file whose
// text needs a character that the fonts were not built for has them built again (between frames,
// by PresenterWindow). No GL: the atlas is ImGui's, its texture the window's.
// The keys' line at the view's bottom ("Right/N next · Left/P previous · … · Ctrl+Q quit"), as lines
// no wider than `width` (window units) in the current ImGui font: one where it fits, else broken
// between keys, in their order, so that a narrow window shows every key. A key wider than `width`
// has a line of its own.
std::vector<std::string> presenter_keys_lines(float width);

class PresenterFonts {
 public:
  // Into the current ImGui context's atlas (cleared first): the fonts at `scale`, at the body
  // and large sizes, for the scenes' text.
  void load(const geo::Scene& scene, float scale, const std::vector<PlaylistScene>& scenes);
  // Whether the scenes' text has a character that the last load() was not asked for (one that no
  // font holds counts once: asked for, it is not asked again).
  bool lacks_glyphs(const std::vector<PlaylistScene>& scenes) const;

 private:
  std::set<uint32_t> asked_;
};

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
  // A reloaded scenes file: when its text needs glyphs the fonts lack, they are built again
  // before the view's next frame.
  void scenes_changed(const geo::Scene& scene, const std::vector<PlaylistScene>& scenes);
  // Draws the view when the text or the previews changed or 0.1 s after the last draw; the wall's
  // GL and ImGui contexts are current before and after. `now_s`: glfwGetTime(). `previews` (null:
  // none yet): the scene playing and the next one, beside the text.
  void draw(const PresenterText& text, const std::string& clock, double now_s, ScenePreviews* previews = nullptr);

  // The size in pixels that the previews of a wall of wall_w × wall_h pixels take in this window
  // now (its aspect ratio; 0 × 0 when the window is too small for them).
  struct Size {
    int w = 0, h = 0;
    bool operator==(const Size&) const = default;
  };
  Size preview_size(int wall_w, int wall_h) const;

 private:
  PresenterWindow() = default;
  void layout(const PresenterText& text, const std::string& clock, const ScenePreviews* previews);

  GLFWwindow* win_ = nullptr;
  GLFWwindow* wall_ = nullptr;
  ImGuiContext* imgui_ = nullptr;
  PresenterFonts fonts_;
  const geo::Scene* scene_ = nullptr;     // the map's data (its names are in the fonts too)
  std::vector<PlaylistScene> fonts_for_;  // scenes whose glyphs the next frame loads (empty: none)
  float font_scale_ = 1;
  float chrome_px_ = 0;  // the window's height (window units) that the last frame left the previews without
  PresenterText shown_;
  std::string shown_clock_;
  double last_draw_s_ = -1;
};

}  // namespace gatemap
