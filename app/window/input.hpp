#pragma once
// The map window's keyboard and mouse.
//
// Keys come from GLFW's key events as they arrive, not from the key state at frame time: a GLFW
// callback queues each event and the loop's events phase handles the whole queue. ImGui 1.86
// keeps only the key state (io.KeysDown), so ImGui::IsKeyPressed misses a tap whose press and
// release both arrive between two frames: a short tap at a low frame rate, or any tap a tool
// sends at once (xdotool key). tests/cli/window_keys.sh taps keys at a running window.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/view/view_state.hpp"
#include "app/window/player.hpp"
#include "geo/types.hpp"

struct GLFWwindow;

namespace gatemap {

// One GLFW key event: key GLFW_KEY_*, action GLFW_PRESS / GLFW_REPEAT / GLFW_RELEASE, mods GLFW_MOD_*.
struct KeyEvent {
  int key = 0;
  int action = 0;
  int mods = 0;
};

class KeyQueue {
 public:
  void push(const KeyEvent& e) { events_.push_back(e); }
  // The events since the last take, oldest first.
  std::vector<KeyEvent> take();

 private:
  std::vector<KeyEvent> events_;
};

// Sets GLFW's key callback of `win` to push into `queue` (which must outlive the callback; the
// window's user pointer holds it). Call it before ImGui_ImplGlfw_InitForOpenGL(win, true): ImGui
// 1.86 installs its own callbacks over it, keeps the one it replaces and calls it first from its
// own (PrevUserCallbackKey), so both see every key; ImGui_ImplGlfw_Shutdown puts it back.
void install_key_queue(GLFWwindow* win, KeyQueue& queue);

// What the map's keys need to know of the window this frame.
struct KeyContext {
  double pan_step_m = 0;                // an arrow key pans this many map metres
  double zoom_x_px = 0, zoom_y_px = 0;  // + and - zoom about this framebuffer pixel
  bool fullscreen = false;              // Escape closes only a fullscreen window
};

// Applies one key event to the view: arrows pan, + / - zoom (held keys repeat, from the system's
// key repeat), 0 fits the default view, Space plays / pauses, F1 panels, F2 frame statistics,
// Ctrl+E the export dialog. Returns true when the event asks to close the window (Escape,
// fullscreen only).
bool apply_key(const KeyEvent& e, ViewState& v, const KeyContext& c);

// Handles every queued key event in order; none when ImGui takes the keyboard (a text field has
// focus: the keys are typed into it). Returns true when one asked to close the window.
bool handle_keys(KeyQueue& queue, bool imgui_wants_keyboard, ViewState& v, const KeyContext& c);

// What `gatemap present` shows besides the map, toggled by the presenter's keys.
struct PresenterState {
  bool blank = false;    // B or '.': the wall goes black (a clicker's "blank screen" button)
  bool captions = true;  // C: the scene's caption under the map
  bool help = false;     // H or '?': the keys, over the map
  std::string digits;    // digits typed so far, for "go to scene N" with Enter
  bool quit = false;     // Ctrl+Q (Escape does not quit a kiosk)
};

// The presenter's keys, as USB clickers send them: next scene (Right, Page Down, N), previous
// (Left, Page Up, P), pause / resume the playlist and its time (Space), go to scene N (digits, then
// Enter; scenes numbered from 1), blank (B or '.'), captions (C), help (H or '?'), quit (Ctrl+Q).
// A press counts; a held key's repeats do not step through scenes.
void apply_presenter_key(const KeyEvent& e, WallPlayer& player, PresenterState& s);
// Every queued event in order (a tap between two frames is never lost).
void handle_presenter_keys(KeyQueue& queue, WallPlayer& player, PresenterState& s);

// This frame's mouse, in framebuffer pixels. ImGui's GLFW backend records a click as it arrives
// (MouseJustPressed), so a short click is not lost at a low frame rate.
struct MouseFrame {
  double x = 0, y = 0;
  float wheel = 0;       // wheel steps this frame (+: zoom in)
  bool clicked = false;  // the left button went down this frame
  bool down = false;     // the left button is down
  bool over_ui = false;  // ImGui takes the mouse (io.WantCaptureMouse)
};

// The mouse on the map: the wheel zooms about the cursor, a click selects the gate under it and
// starts a drag, a drag pans, hovering highlights a gate.
class MapMouse {
 public:
  // `pick_gate(x, y)`: the gate drawn at a framebuffer pixel, or -1. Returns the cursor's
  // position (lon, lat degrees) when it is over the map.
  std::optional<geo::LonLat> handle(const MouseFrame& m, ViewState& v,
                                    const std::function<int(double, double)>& pick_gate);
  bool dragging() const { return dragging_; }

 private:
  bool dragging_ = false;
  double last_x_ = 0, last_y_ = 0;
};

}  // namespace gatemap
