#include "app/window/input.hpp"

#include <GLFW/glfw3.h>

#include <cmath>
#include <string>

#include "geo/utm.hpp"

namespace gatemap {

std::vector<KeyEvent> KeyQueue::take() {
  std::vector<KeyEvent> out;
  out.swap(events_);
  return out;
}

namespace {

void on_key(GLFWwindow* win, int key, int /*scancode*/, int action, int mods) {
  if (auto* queue = static_cast<KeyQueue*>(glfwGetWindowUserPointer(win))) queue->push({key, action, mods});
}

// Pan and zoom act on a press and on the system's repeats of a held key; toggles on a press only.
bool navigate(const KeyEvent& e, ViewState& v, const KeyContext& c) {
  geo::Camera& cam = v.camera;
  switch (e.key) {
    case GLFW_KEY_LEFT: cam.centre.x -= c.pan_step_m; return true;
    case GLFW_KEY_RIGHT: cam.centre.x += c.pan_step_m; return true;
    case GLFW_KEY_UP: cam.centre.y += c.pan_step_m; return true;
    case GLFW_KEY_DOWN: cam.centre.y -= c.pan_step_m; return true;
    case GLFW_KEY_EQUAL:  // '+' is Shift+'=' on a US keyboard; '=' alone zooms too
    case GLFW_KEY_KP_ADD: zoom_about(cam, 1.5, c.zoom_x_px, c.zoom_y_px); return true;
    case GLFW_KEY_MINUS:
    case GLFW_KEY_KP_SUBTRACT: zoom_about(cam, 1 / 1.5, c.zoom_x_px, c.zoom_y_px); return true;
    default: return false;
  }
}

}  // namespace

void install_key_queue(GLFWwindow* win, KeyQueue& queue) {
  glfwSetWindowUserPointer(win, &queue);
  glfwSetKeyCallback(win, on_key);
}

bool apply_key(const KeyEvent& e, ViewState& v, const KeyContext& c) {
  if (e.action == GLFW_RELEASE) return false;
  if (navigate(e, v, c) || e.action != GLFW_PRESS) return false;
  switch (e.key) {
    case GLFW_KEY_0:
    case GLFW_KEY_KP_0: v.want_fit = true; break;
    case GLFW_KEY_F1: v.show_ui = !v.show_ui; break;
    case GLFW_KEY_F2: v.show_stats = !v.show_stats; break;
    case GLFW_KEY_SPACE: v.time.playing = !v.time.playing; break;
    case GLFW_KEY_E:
      if (e.mods & GLFW_MOD_CONTROL) v.show_export = true;
      break;
    case GLFW_KEY_ESCAPE: return c.fullscreen;
    default: break;
  }
  return false;
}

bool handle_keys(KeyQueue& queue, bool imgui_wants_keyboard, ViewState& v, const KeyContext& c) {
  bool close = false;
  for (const KeyEvent& e : queue.take())
    if (!imgui_wants_keyboard) close = apply_key(e, v, c) || close;
  return close;
}

namespace {

// The digit of a key (top row or keypad), or -1.
int digit_of(int key) {
  if (key >= GLFW_KEY_0 && key <= GLFW_KEY_9) return key - GLFW_KEY_0;
  if (key >= GLFW_KEY_KP_0 && key <= GLFW_KEY_KP_9) return key - GLFW_KEY_KP_0;
  return -1;
}

}  // namespace

void apply_presenter_key(const KeyEvent& e, WallPlayer& player, PresenterState& s) {
  if (e.action != GLFW_PRESS) return;
  if (const int d = digit_of(e.key); d >= 0) {
    if (s.digits.size() < 4) s.digits += static_cast<char>('0' + d);
    return;
  }
  if (e.key == GLFW_KEY_ENTER || e.key == GLFW_KEY_KP_ENTER) {
    if (!s.digits.empty()) {
      const unsigned long n = std::stoul(s.digits);
      if (n >= 1) player.go_to(n - 1);  // past the end: ignored
    }
    s.digits.clear();
    return;
  }
  s.digits.clear();  // any other key drops a half-typed number
  switch (e.key) {
    case GLFW_KEY_RIGHT:
    case GLFW_KEY_PAGE_DOWN:
    case GLFW_KEY_N: player.next(); break;
    case GLFW_KEY_LEFT:
    case GLFW_KEY_PAGE_UP:
    case GLFW_KEY_P: player.previous(); break;
    case GLFW_KEY_SPACE: player.toggle_pause(); break;
    case GLFW_KEY_B:
    case GLFW_KEY_PERIOD:
    case GLFW_KEY_KP_DECIMAL: s.blank = !s.blank; break;
    case GLFW_KEY_C: s.captions = !s.captions; break;
    case GLFW_KEY_H:
    case GLFW_KEY_SLASH: s.help = !s.help; break;  // '?' is Shift+'/' on a US keyboard
    case GLFW_KEY_Q:
      if (e.mods & GLFW_MOD_CONTROL) s.quit = true;
      break;
    default: break;
  }
}

void handle_presenter_keys(KeyQueue& queue, WallPlayer& player, PresenterState& s) {
  for (const KeyEvent& e : queue.take()) apply_presenter_key(e, player, s);
}

std::optional<geo::LonLat> MapMouse::handle(const MouseFrame& m, ViewState& v,
                                            const std::function<int(double, double)>& pick_gate) {
  std::optional<geo::LonLat> cursor;
  if (!m.over_ui) {
    cursor = geo::utm::inverse(v.camera.pixel_to_map(m.x, m.y));
    if (m.wheel != 0) {
      v.fly.reset();
      zoom_about(v.camera, std::pow(1.2, m.wheel), m.x, m.y);
    }
    if (m.clicked) {
      dragging_ = true;
      last_x_ = m.x, last_y_ = m.y;
      v.selected_gate = pick_gate(m.x, m.y);
    }
    v.hovered_gate = pick_gate(m.x, m.y);
  } else {
    v.hovered_gate = -1;
  }
  if (!dragging_) return cursor;
  if (!m.down) {
    dragging_ = false;
  } else if (m.x != last_x_ || m.y != last_y_) {
    v.fly.reset();
    v.camera.centre.x -= (m.x - last_x_) * v.camera.m_per_px;
    v.camera.centre.y += (m.y - last_y_) * v.camera.m_per_px;
    last_x_ = m.x, last_y_ = m.y;
  }
  return cursor;
}

}  // namespace gatemap
