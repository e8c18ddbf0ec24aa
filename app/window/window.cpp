// The map window: GLFW + Dear ImGui on the one renderer. This file sets the window up and runs
// its main loop, a few labelled phases as in Dear ImGui's example_glfw_opengl3/main.cpp:
//   1. events   wait or poll; start the ImGui frame; queued keys and the mouse act on the view
//   2. update   default view, wall-display player, fly-to, panels and time, dropped files
//   3. draw     the map through the strip path, then ImGui over it
//   4. present  swap; quit after --frames
// Its parts live beside it: input.* (keys and mouse), player.* (wall display), stats_overlay.*
// (F2), fonts.*, settings.*, panels/.
#include <GLFW/glfw3.h>
#include <glad/gl.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <future>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/cli/cli.hpp"
#include "app/data/data_folders.hpp"
#include "app/data/data_source.hpp"
#include "app/data/user_data.hpp"
#include "app/export/map_export.hpp"
#include "app/export/png_writer.hpp"
#include "app/render/gl.hpp"
#include "app/render/renderer.hpp"
#include "app/view/data_watch.hpp"
#include "app/view/frame_builder.hpp"
#include "app/view/playlist.hpp"
#include "app/view/scenes_watch.hpp"
#include "app/view/strip_builder.hpp"
#include "app/view/view_state.hpp"
#include "app/view/wall_display.hpp"
#include "app/window/display_faults.hpp"
#include "app/window/fonts.hpp"
#include "app/window/gl_preload.hpp"
#include "app/window/input.hpp"
#include "app/window/panels/about.hpp"
#include "app/window/panels/export_dialog.hpp"
#include "app/window/panels/panels.hpp"
#include "app/window/player.hpp"
#include "app/window/presenter.hpp"
#include "app/window/scene_previews.hpp"
#include "app/window/settings.hpp"
#include "app/window/stats_overlay.hpp"
#include "app/window/watchdog.hpp"
#include "geo/error.hpp"
#include "geo/view.hpp"

namespace gatemap {

namespace {

bool have_display() {
  const char* d = std::getenv("DISPLAY");
  const char* w = std::getenv("WAYLAND_DISPLAY");
  return (d && *d) || (w && *w);
}

constexpr const char* kExportInstead =
    "Export the map to a file instead, for example:\n"
    "  gatemap export --out map.png --width 3840 --height 2160\n";

void print_no_display() {
  std::cerr << "gatemap: no display (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot open.\n"
            << kExportInstead;
}

// GLFW's last error, kept for the message of a failed glfwInit (GLFW prints nothing itself).
std::string& glfw_error() {
  static std::string text;
  return text;
}
void on_glfw_error(int, const char* text) { glfw_error() = text ? text : ""; }

// glfwInit failed although DISPLAY or WAYLAND_DISPLAY is set: the display named, and GLFW's words.
void print_display_failed() {
  const char* d = std::getenv("DISPLAY");
  const char* w = std::getenv("WAYLAND_DISPLAY");
  std::cerr << "gatemap: cannot open ";
  if (d && *d)
    std::cerr << "the display " << d;
  else
    std::cerr << "a display (DISPLAY is unset, WAYLAND_DISPLAY is " << (w ? w : "") << ")";
  if (!glfw_error().empty()) std::cerr << " (GLFW: " << glfw_error() << ")";
  std::cerr << ", so the window cannot open.\n" << kExportInstead;
}

struct GlfwSession {
  GlfwSession() {
    glfwSetErrorCallback(on_glfw_error);
    ok = glfwInit() == GLFW_TRUE;
  }
  ~GlfwSession() {
    if (ok) glfwTerminate();
  }
  bool ok = false;
};

void save_screenshot(const std::string& path, int w, int h) {
  std::vector<uint8_t> px(static_cast<size_t>(w) * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  exporter::PngOptions o;
  o.opaque = true;
  exporter::PngStreamWriter png(o);
  png.open(path, w, h, {{"Software", std::string("gatemap ") + GATEMAP_VERSION}}, true);
  png.write_rows_bottom_up(px.data(), h, static_cast<size_t>(w) * 4);
  png.finish();
}

// Files dropped on the window, loaded in the next update phase.
std::vector<std::string>& dropped_paths() {
  static std::vector<std::string> paths;
  return paths;
}
void on_drop(GLFWwindow*, int count, const char** paths) {
  for (int i = 0; i < count; ++i) dropped_paths().emplace_back(paths[i]);
}
std::vector<std::string> take_dropped_paths() {
  std::vector<std::string> out;
  out.swap(dropped_paths());
  return out;
}

// A short pulse on a gate whose status changed on screen (scrubbing, playing).
class StatusPulse {
 public:
  // Sets each gate's pulse (0..1); returns true while one pulses, so that the loop keeps drawing.
  bool apply(render::FrameSnapshot& frame, double now_s, bool first_frame) {
    if (last_.size() != frame.gates.size())
      last_.assign(frame.gates.size(), {}), changed_at_.assign(frame.gates.size(), -10);
    bool pulsing = false;
    for (size_t i = 0; i < frame.gates.size(); ++i) {
      if (frame.gates[i].status != last_[i] && !first_frame) changed_at_[i] = now_s;
      last_[i] = frame.gates[i].status;
      frame.gates[i].pulse = static_cast<float>(std::max(0.0, 1.0 - (now_s - changed_at_[i]) / 0.8));
      if (frame.gates[i].pulse > 0) pulsing = true;
    }
    return pulsing;
  }

 private:
  std::vector<render::GateFrameState::Status> last_;
  std::vector<double> changed_at_;
};

// GATEMAP_TIMING: when the start-up's steps ended, said on stderr once the first frame is
// presented (bench/first_frame.py reads it: launch to first frame of gatemap present).
struct StartupTimes {
  using Clock = std::chrono::steady_clock;
  bool on = std::getenv("GATEMAP_TIMING") != nullptr;
  Clock::time_point start = Clock::now(), data, glfw, window, imgui, renderer, drawn;
  void print(Clock::time_point swapped) const {
    if (!on) return;
    auto ms = [](Clock::time_point a, Clock::time_point b) {
      return std::chrono::duration<double, std::milli>(b - a).count();
    };
    timespec real{};
    clock_gettime(CLOCK_REALTIME, &real);
    std::fprintf(stderr,
                 "timing (ms) window: data %.1f, display %.1f, window and context %.1f, ImGui and fonts %.1f, "
                 "renderer %.1f, first frame %.1f, swap %.1f; %.1f since the command started; first frame presented "
                 "at %lld.%06ld (Unix time)\n",
                 ms(start, data), ms(data, glfw), ms(glfw, window), ms(window, imgui), ms(imgui, renderer),
                 ms(renderer, drawn), ms(drawn, swapped), ms(start, swapped), static_cast<long long>(real.tv_sec),
                 real.tv_nsec / 1000);
    std::fflush(stderr);
  }
};

// The window's framebuffer this frame.
struct Framebuffer {
  int w = 0, h = 0;
  double scale = 1;  // framebuffer pixels per window coordinate (2 on a HiDPI screen)
};

// What the main loop carries from one frame to the next.
struct Loop {
  GLFWwindow* win = nullptr;
  const WindowOptions& opt;
  AppData& data;
  render::Renderer& renderer;
  exporter::StripRenderer& strips;  // the window's strip target and base cache, next to its renderer
  ViewState& v;
  KeyQueue& keys;
  WallPlayer player;
  double player_start_s = 0;
  const std::string* scene_title = nullptr;  // the wall display's scene title
  const PlaylistScene* scene = nullptr;      // the scene playing (gatemap present)
  PresenterState presenter;                  // gatemap present: blank, captions, help
  std::optional<WallSizes> wall;             // gatemap present: text sizes read from the back row
  std::unique_ptr<ScenesWatcher> watcher;    // gatemap present: the scenes file, reloaded when it changes
  std::string reload_problem;                // the last reload's problem, shown discreetly
  std::string text_too_small;                // gatemap present: the wall's text shrunk to fit the window ("" when not)
  bool text_too_small_said = false;          // on stderr, once
  bool strip_too_dense_said = false;         // a strip scene's text shrunk to fit the screen: on stderr, once

  // gatemap present: the presenter's own window (presenter.hpp), when it is open, and its previews
  // of the scene playing and the next one (scene_previews.hpp), drawn by this loop's renderer.
  std::unique_ptr<ScenePreviews> previews;
  std::unique_ptr<PresenterWindow> presenter_view;
  struct PreviewKey {    // what the previews show; another key renders both again
    uint64_t epoch = 0;  // counts scenes-file and data reloads
    size_t scene = 0;
    PresenterWindow::Size size;
    int wall_w = 0, wall_h = 0;
    bool captions = true, rendered = false;
    bool operator==(const PreviewKey&) const = default;
  } preview_key;
  struct ShownKey {  // what the wall's picture shows of the scene playing
    double cx = 0, cy = 0, m_per_px = 0;
    std::optional<geo::Date> date;
    uint32_t layers = 0;
    bool strip = false;
    int selected = -1;
    bool operator==(const ShownKey&) const = default;
  } preview_shown;
  uint64_t preview_epoch = 0;
  double preview_now_s = 0;       // when the scene playing was last rendered
  bool preview_next_due = false;  // the next scene's picture is drawn on the next frame
  bool previews_off = false;      // they failed once (said on stderr): the view goes on without them
  MapMouse mouse;
  std::optional<geo::LonLat> cursor_ll;
  panels::ExportDialog export_dialog;
  GpuTimer gpu_timer;
  MapFrameTimes times;
  StatusPulse pulse;
  bool pulsing = false;
  bool eight_bit_screen = false;  // the window's framebuffer has 8 bits a colour channel (draw_map)
  Framebuffer fb;
  double now = 0, dt = 0, last_time = 0;
  long frame_no = 0;

  // The data folders, reloaded on a thread; the last refused load's problem. In `run`, the planner's
  // own layers, kept across reloads.
  std::unique_ptr<DataWatcher> data_watcher;
  std::string data_problem;
  std::shared_ptr<PlannerLayers> planner;
  DisplayFaults faults;             // GPU and driver errors: logged, and shown
  bool map_failed = false;          // the last frame's map could not be drawn
  StartupTimes* startup = nullptr;  // until the first frame is presented
};

// ---- 1. Events ------------------------------------------------------------------------------

bool read_framebuffer(GLFWwindow* win, Framebuffer& fb) {
  glfwGetFramebufferSize(win, &fb.w, &fb.h);
  int ww = 0, wh = 0;
  glfwGetWindowSize(win, &ww, &wh);
  fb.scale = ww > 0 ? static_cast<double>(fb.w) / ww : 1.0;
  return fb.w > 0 && fb.h > 0;
}

void handle_input(Loop& L) {
  const ImGuiIO& io = ImGui::GetIO();
  if (L.opt.present) {  // the presenter's keys only; no mouse on a wall
    handle_presenter_keys(L.keys, L.player, L.presenter);
    if (L.presenter.quit) glfwSetWindowShouldClose(L.win, GLFW_TRUE);
    return;
  }
  KeyContext kc;
  kc.pan_step_m = 80 * L.fb.scale * L.v.camera.m_per_px;
  kc.zoom_x_px = L.fb.w / 2.0, kc.zoom_y_px = L.fb.h / 2.0;
  kc.fullscreen = glfwGetWindowMonitor(L.win) != nullptr;
  if (handle_keys(L.keys, io.WantCaptureKeyboard, L.v, kc)) glfwSetWindowShouldClose(L.win, GLFW_TRUE);

  MouseFrame m;
  glfwGetCursorPos(L.win, &m.x, &m.y);
  m.x *= L.fb.scale, m.y *= L.fb.scale;
  m.wheel = io.MouseWheel;
  m.clicked = ImGui::IsMouseClicked(ImGuiMouseButton_Left);
  m.down = ImGui::IsMouseDown(ImGuiMouseButton_Left);
  m.over_ui = io.WantCaptureMouse;
  if (L.v.show_strip) {  // the strip: hovering a day moves the map's date, a column highlights its gate
    L.cursor_ll.reset();
    if (m.over_ui) return;
    const render::StripPick p = L.renderer.pick_strip(m.x, m.y);
    L.v.hovered_gate = p.gate;
    if (p.day) L.v.time.date = geo::Date(*p.day);
    if (m.clicked && p.gate >= 0) L.v.selected_gate = p.gate, L.v.show_inspector = true;
    return;
  }
  L.cursor_ll = L.mouse.handle(m, L.v, [&](double x, double y) { return L.renderer.pick_gate(x, y); });
}

// Waits for input while nothing moves, polls while something does; false while the window is
// minimised (nothing to draw).
bool events_phase(Loop& L) {
  const bool moving =
      L.v.time.playing || L.v.fly || L.mouse.dragging() || L.pulsing || !L.player.empty() || L.export_dialog.busy();
  if (moving)
    glfwPollEvents();
  else
    glfwWaitEventsTimeout(0.1);  // idle: no busy loop, still wakes for the flow animation
  L.now = glfwGetTime();
  L.dt = std::min(0.25, L.now - L.last_time);
  L.last_time = L.now;
  if (!read_framebuffer(L.win, L.fb)) {
    glfwWaitEvents();
    return false;
  }
  L.v.camera.width_px = L.fb.w;
  L.v.camera.height_px = L.fb.h;
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  handle_input(L);
  return true;
}

// ---- 2. Update ------------------------------------------------------------------------------

void main_menu(Loop& L) {
  if (!ImGui::BeginMainMenuBar()) return;
  panels::note_panel(L.v);
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Export…", "Ctrl+E")) L.v.show_export = true;
    if (ImGui::MenuItem("Quit")) glfwSetWindowShouldClose(L.win, GLFW_TRUE);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    // Ticked only while an inspector is open (a gate is selected and the panel not hidden).
    const bool inspecting = L.v.show_inspector && L.v.selected_gate >= 0;
    if (ImGui::MenuItem("Inspector", nullptr, inspecting, L.v.selected_gate >= 0)) L.v.show_inspector = !inspecting;
    ImGui::MenuItem("Frame statistics", "F2", &L.v.show_stats);
    ImGui::MenuItem("Frontier strip (km × time)", nullptr, &L.v.show_strip);
    if (ImGui::MenuItem("Compare dates (split view)", nullptr, L.v.compare.on, !L.v.show_strip)) {
      L.v.compare.on = !L.v.compare.on;
      if (auto span = L.data.timeline.span(); span && L.v.compare.on && !L.v.compare.left && L.v.time.date)
        L.v.compare.left = default_compare_left(*L.v.time.date, span->first);
    }
    if (ImGui::MenuItem("Reset view", "0")) L.v.want_fit = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    ImGui::MenuItem("About and licences", nullptr, &L.v.show_about);
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

// The split view is drawn: turned on, with both dates, and not the strip.
bool compare_shown(const ViewState& v) { return v.compare.on && v.compare.left && v.time.date && !v.show_strip; }

panels::ExportContext export_context(Loop& L) {
  return {L.v, L.data, L.renderer, L.fb.w, L.fb.h, static_cast<float>(L.fb.scale)};
}

// The planner changed the data shown (a file added, a layer removed or hidden): a reload of the data
// folders keeps it, and the rows it skips are no reason to refuse one.
void planner_changed(Loop& L) {
  if (L.planner) L.planner->note(L.data);
  if (L.data_watcher) L.data_watcher->set_problems_shown(L.data.problems);
}

// A file or folder of the planner's (the Your data panel, dropped on the window); the status bar's message.
std::string add_planner_files(Loop& L, const std::string& path) {
  const size_t before = L.data.user_layers.size();
  std::string message = add_user_files(L.data, path);
  if (L.data.user_layers.size() != before) {
    if (L.planner) L.planner->added(path);
    planner_changed(L);
  }
  return message;
}

// The panels (or, with them hidden, only the timeline's clock), the export dialog and overlays.
void update_ui(Loop& L) {
  ViewState& v = L.v;
  const geo::Scene& scene = L.data.scene;
  v.panels.clear();
  if (v.show_ui) {
    main_menu(L);
    panels::layers(v, [&](geo::LayerId id) { return layer_feature_count(L.data, id); });
    panels::gate_list(v, L.data, L.now);
    panels::timeline(v, L.data.timeline, L.dt);
    panels::inspector(v, L.data);
    if (panels::user_layers(v, L.data)) {
      try {
        rebuild_timeline(L.data);
      } catch (const geo::Error& e) {
        v.message = e.what();  // the previous timeline stays
      }
      planner_changed(L);
    }
    if (std::string path = panels::open_file(v); !path.empty()) v.message = add_planner_files(L, path);
    panels::status_bar(v, scene, L.cursor_ll ? &*L.cursor_ll : nullptr);
    L.export_dialog.draw(export_context(L));
    panels::about_and_licences(L.v.show_about, scene, running_installed());
  } else {
    panels::advance_time(v, L.data.timeline, L.dt);
  }
  L.export_dialog.advance(export_context(L));  // a time-lapse: its next frames
  if (compare_shown(v)) {                      // the swipe line, over the map and under the panels (also with F1)
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    panels::swipe_line(v, free_area(size.x, size.y, v.panels), *v.compare.left, *v.time.date);
  }
  panels::hover_tooltip(v, L.data);
  if (v.show_stats) {
    L.times.gpu_ms = L.gpu_timer.last_ms();
    draw_stats_overlay(L.times, L.renderer.stats());
  }
}

ViewInputs view_inputs(const Loop& L);
FittedView fit_window(const Loop& L, const geo::BboxLL& box);

std::vector<std::string> gate_ids(const AppData& data) {
  std::vector<std::string> ids;
  for (const auto& g : data.scene.gates) ids.push_back(g.id);
  return ids;
}

// A reloaded dataset (data_watch.hpp), swapped in whole between two frames: the renderer uploads
// its scene, the player's defaults and the scene's selected gate follow it, and a scene without a
// date shows the new data's newest date at once.
void adopt_data(Loop& L, AppData&& fresh) {
  std::string selected;  // the window keeps its selected gate when the new data has it
  if (const std::vector<GateRef> gates = all_gates(L.data);
      L.v.selected_gate >= 0 && L.v.selected_gate < int(gates.size()))
    selected = gates[static_cast<size_t>(L.v.selected_gate)].pair->id;
  try {
    swap_data(L.data, std::move(fresh), L.renderer);
  } catch (const std::exception& e) {  // the upload failed: the GPU's fault, not the data's
    L.faults.report(std::string("GPU error while loading the new data: ") + e.what(), L.now);
  }
  L.player.set_defaults(default_bbox(L.data.scene), default_date(L.data.timeline));
  ++L.preview_epoch;
  if (L.watcher) L.watcher->set_gate_ids(gate_ids(L.data));
  L.v.hovered_gate = -1;
  L.v.selected_gate = -1;
  if (!L.opt.present && !selected.empty()) {
    const std::vector<GateRef> gates = all_gates(L.data);
    for (size_t i = 0; i < gates.size() && L.v.selected_gate < 0; ++i)
      if (gates[i].pair->id == selected) L.v.selected_gate = static_cast<int>(i);
  }
  if (L.planner) L.planner->note(L.data);
  if (auto span = L.data.timeline.span(); !L.opt.present && span && L.v.time.date)  // a date the new data spans
    L.v.time.date = std::clamp(*L.v.time.date, span->first, span->last);
  if (!L.scene) return;
  for (size_t i = 0; i < L.data.scene.gates.size(); ++i)
    if (!L.scene->select.empty() && L.data.scene.gates[i].id == L.scene->select)
      L.v.selected_gate = static_cast<int>(i);
  if (!L.scene->date && !L.scene->from && !L.scene->to) L.v.time.date = default_date(L.data.timeline);
}

// Said on stderr (the journal of a wall) and, in the planner's window, in the status bar.
void poll_data_folders(Loop& L) {
  if (L.export_dialog.busy()) return;  // a time-lapse being written reads the data: a reload waits for its end
  std::optional<DataWatcher::Update> u = L.data_watcher->poll();
  if (!u) return;
  std::string said;
  if (u->data) {
    adopt_data(L, std::move(*u->data));
    said = "data reloaded";
    if (auto as_of = L.data.timeline.as_of_date()) said += " (data as of " + as_of->iso() + ")";
  } else {
    said = "data not reloaded, the last good data stays: " + u->problem;
  }
  std::cerr << (L.opt.present ? "gatemap present: " : "gatemap: ") << said << std::endl;
  if (!L.opt.present) L.v.message = said;
  L.data_problem = u->problem;  // a refused load: the last good data stays on the wall
}

void update_phase(Loop& L) {
  if (L.data_watcher) poll_data_folders(L);
  if (L.v.want_fit) {
    const FittedView fitted = fit_window(L, default_bbox(L.data.scene));
    fly_to(L.v, fitted.camera.centre, fitted.camera.m_per_px, L.now);
    L.v.legend_band = fitted.legend_band;
    L.v.want_fit = false;
  }
  if (L.watcher)
    if (std::optional<ScenesWatcher::Update> u = L.watcher->poll()) {
      if (u->scenes) {
        L.player.replace_scenes(std::move(*u->scenes));
        ++L.preview_epoch;
        if (L.presenter_view) L.presenter_view->scenes_changed(L.data.scene, L.player.scenes());
      }
      L.reload_problem = u->problem;  // a bad file: the last good scenes play on
    }
  if (!L.player.empty()) {
    const PlayerStep step = L.player.step(L.now - L.player_start_s);
    apply_player_step(step, L.v, L.now);
    L.scene_title = step.title;
    L.scene = step.scene;
    if (L.opt.present && step.entered) {
      L.v.selected_gate = -1;
      for (size_t i = 0; i < L.data.scene.gates.size(); ++i)
        if (!step.scene->select.empty() && L.data.scene.gates[i].id == step.scene->select)
          L.v.selected_gate = static_cast<int>(i);
    }
  }
  update_fly(L.v, L.now);
  update_ui(L);
  if (L.v.fit_at_start) {
    // The start-up view, fitted once the first frame's panels are laid out: into the map's free
    // area, as "reset view" (0) fits it, not under the panels of a small window.
    const FittedView fitted = fit_window(L, *L.v.fit_at_start);
    L.v.camera = fitted.camera;
    L.v.legend_band = fitted.legend_band;
    L.v.fit_at_start.reset();
  }
  for (const std::string& path : take_dropped_paths()) L.v.message = add_planner_files(L, path);
}

// ---- 3. Draw --------------------------------------------------------------------------------

const std::vector<std::string>& presenter_help() {
  static const std::vector<std::string> lines = {"Presenter keys",
                                                 "Right · Page Down · N    next scene",
                                                 "Left · Page Up · P    previous scene",
                                                 "Space    pause / resume",
                                                 "digits, then Enter    go to scene N",
                                                 "B or .    blank the screen",
                                                 "C    captions on / off",
                                                 "H or ?    this help",
                                                 "Ctrl+Q    quit"};
  return lines;
}

// The wall's sizes, high-contrast theme and overlays: the as-of date always, the stale banner
// against today's date, the caption, the help.
void wall_inputs(const Loop& L, ViewInputs& in) {
  in.pixel_scale = L.wall->pixel_scale;
  in.wall.primary_px = L.wall->primary_em_px;
  in.wall.secondary_px = L.wall->secondary_em_px;
  in.wall.high_contrast = true;
  const std::optional<geo::Date> as_of = L.data.timeline.as_of_date();
  if (as_of) in.wall.data_as_of = "Data as of " + as_of->iso();
  in.wall.stale_banner = stale_banner(as_of, today(), L.opt.stale_after_days);  // GATEMAP_NOW checked at start
  if (L.presenter.captions && L.scene) in.wall.caption = L.scene->caption;
  if (L.presenter.help) in.wall.help_lines = presenter_help();
  if (!L.presenter.digits.empty()) {
    in.wall.notice = "go to scene " + L.presenter.digits + " (Enter)";
    return;
  }
  // The discreet line: a GPU error, a data folder or a scenes file that failed to reload.
  for (const std::string& line : {L.faults.banner(L.now), L.data_problem, L.reload_problem})
    if (!line.empty()) in.wall.notice += (in.wall.notice.empty() ? "" : "\n") + line;
}

ViewInputs view_inputs(const Loop& L) {
  ViewInputs in;
  in.user_layers = &L.data.user_layers;
  in.timeline = &L.data.timeline;
  in.date = L.v.time.date;
  if (auto span = L.data.timeline.span()) in.window = shown_window(L.v.time, span->first);
  in.camera = L.v.camera;
  in.legend_band = L.v.legend_band;
  in.pixel_scale = static_cast<float>(L.fb.scale) * (L.opt.ui_scale > 0 ? L.opt.ui_scale : 1.0f);
  if (L.scene_title) in.title = *L.scene_title;
  in.layers = L.v.layers;
  in.hovered_gate = L.v.hovered_gate;
  in.selected_gate = L.v.selected_gate;
  if (L.opt.present) in.card_gate = L.v.selected_gate;  // a scene's `select`: its card, large
  in.time_s = L.now;
  if (!L.v.panels.empty()) {
    // Decorations go where no panel covers the map (framebuffer pixels); with F1, the whole frame.
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    const ScreenRect a = free_area(size.x, size.y, L.v.panels);
    const auto s = static_cast<float>(L.fb.scale);
    in.free_area = {a.x0 * s, a.y0 * s, a.x1 * s, a.y1 * s};
  }
  if (L.wall) wall_inputs(L, in);
  return in;
}

// The window's fit of a box (fit_view into the part no panel covers); the split view's
// (fit_compare_view, as export --compare's halves) while it is shown.
FittedView fit_window(const Loop& L, const geo::BboxLL& box) {
  ViewInputs in = view_inputs(L);
  in.camera.width_px = L.fb.w, in.camera.height_px = L.fb.h;
  if (compare_shown(L.v)) return fit_compare_view(L.data.scene, in, box, *L.v.compare.left, *L.v.time.date);
  return fit_view_in_free_area(L.data.scene, in, box);
}

// The frontier strip's frame of `in` (its camera gives the size): the window's, a wall's, or a
// presenter view's preview of one (`scene`: the strip scene shown, or null).
render::FrameSnapshot strip_frame(const Loop& L, const ViewInputs& in, const PlaylistScene* scene, int hovered_gate) {
  StripInputs s;
  s.width = in.camera.width_px, s.height = in.camera.height_px;
  s.pixel_scale = in.pixel_scale;  // on a wall, the wall's (its text in the wall's sizes too)
  s.layers = in.layers;
  s.title = in.title;
  s.stretches = load_district_stretches(L.data.dir);
  s.hovered_gate = hovered_gate;
  s.cursor = in.date;
  if (scene && scene->strip()) {  // a strip scene: its time axis, its gate's column, no map date
    s.from = scene->from, s.to = scene->to;
    s.cursor.reset();
    if (s.hovered_gate < 0) s.hovered_gate = in.selected_gate;
  }
  render::FrameSnapshot frame = make_strip_frame(L.data.scene, L.data.timeline, s);
  frame.wall = in.wall;  // a wall's text sizes, caption and banners
  return frame;
}

void draw_map(Loop& L, const ViewInputs& in) {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  const auto c0 = std::chrono::steady_clock::now();
  L.gpu_timer.begin();
  // A draw that throws still ends the timer's query: an open query would fail every later frame.
  std::unique_ptr<GpuTimer, void (*)(GpuTimer*)> timer(&L.gpu_timer, [](GpuTimer* t) { t->end(); });
  if (L.v.show_strip) {  // the frontier strip, through the same renderer and strips
    L.pulsing = false;
    exporter::ScreenOptions so;
    so.reuse_base = false;  // nothing of the map's base is drawn
    ViewInputs full = in;
    full.camera.width_px = L.fb.w, full.camera.height_px = L.fb.h;
    full.date = L.v.time.date;
    render::FrameSnapshot frame = strip_frame(L, full, L.scene, L.v.hovered_gate);
    frame.free_area = in.free_area;  // laid out where no panel covers it, as the map's decorations
    L.times.base_reused = L.strips.render_strips_to_screen(L.renderer, frame, so);
  } else if (compare_shown(L.v)) {  // the split view: D1 left of the swipe line, D2 right of it
    auto [left, right] = make_compare_frames(L.data.scene, in, *L.v.compare.left, *L.v.time.date);
    L.pulsing = L.pulse.apply(right, L.now, L.frame_no == 0);
    L.times.base_reused =
        L.strips.render_split_to_screen(L.renderer, left, right, swipe_column(L.v.compare.swipe, L.fb.w));
  } else {
    render::FrameSnapshot frame = make_frame(L.data.scene, in);
    L.pulsing = L.pulse.apply(frame, L.now, L.frame_no == 0);
    // The first frame is drawn straight into the window: allocating the screen-sized targets of
    // the strips and of the base pixels (first-touched memory on a CPU renderer: ~16 ms each at
    // 1920 x 1080) and compiling the copy's shaders would delay a wall's first picture; the second
    // frame makes them. The same pixels either way, on a screen of 8 bits a channel as the strips
    // are (on a 10-bit one the blending's precision would differ: drawn through the strips).
    exporter::ScreenOptions so;
    so.reuse_base = L.frame_no > 0;
    so.direct = L.frame_no == 0 && L.eight_bit_screen;
    L.times.base_reused = L.strips.render_strips_to_screen(L.renderer, frame, so);
  }
  timer.release();
  L.gpu_timer.end();
  // A window too small for the wall's decorations at the legible sizes draws them smaller, and
  // so does a strip scene whose rows of text do not fit the screen: said once each on stderr, and
  // in the presenter view while it lasts.
  if (L.wall && L.wall->primary_em_px > 0) {
    const float scale = L.renderer.stats().wall_text_scale;
    const long drawn = std::lround(L.wall->primary_cap_px * scale), needed = std::lround(L.wall->primary_cap_px);
    L.text_too_small.clear();
    if (scale < 1) {
      const bool strip = L.v.show_strip;
      const std::string sizes =
          "text drawn at " + std::to_string(drawn) + " px cap height, " + std::to_string(needed) + " px needed";
      L.text_too_small = (strip ? "strip too dense for this screen: " : "window too small: ") + sizes;
      bool& said = strip ? L.strip_too_dense_said : L.text_too_small_said;
      if (!said)
        std::cerr << "gatemap present: "
                  << (strip ? "the frontier strip does not fit the screen in text legible from "
                            : "the window is too small for text legible from ")
                  << L.opt.viewing_distance_m << " m: " << sizes << "\n";
      said = true;
    }
  }
  L.times.cpu_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - c0).count();
  ++L.frame_no;
}

// --screenshot (tests, docs): the map of the third frame, without panels; with --export-view,
// the same view through the export path too, for the same-pixels test.
void capture_if_asked(Loop& L, const ViewInputs& in) {
  if (L.opt.screenshot.empty() || L.frame_no != 3) return;
  save_screenshot(L.opt.screenshot, L.fb.w, L.fb.h);
  if (!L.opt.export_view.empty()) {
    ExportOptions eo;
    eo.out = L.opt.export_view;
    eo.width = L.fb.w;
    eo.height = L.fb.h;
    eo.layers = L.v.layers;
    eo.force = true;
    eo.date = L.v.time.date;
    ViewInputs full_frame = in;
    full_frame.free_area = {};  // an export is laid out on the whole frame
    export_view(eo, L.data, L.renderer, full_frame);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
  }
  if (L.opt.frames == 0) glfwSetWindowShouldClose(L.win, GLFW_TRUE);
}

void clear_screen(const Framebuffer& fb) {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, fb.w, fb.h);
  glClearColor(0, 0, 0, 1);
  glClear(GL_COLOR_BUFFER_BIT);
}

// While the map cannot be drawn, the fault's line in ImGui's own font on black (added before
// ImGui::Render, so it shows from the frame after the failure): a wall never freezes or blanks
// without a word.
void show_map_failure(const Loop& L) {
  if (!L.map_failed) return;
  const std::string line = L.faults.banner(L.now);
  const float size = L.wall ? L.wall->primary_em_px : 20 * static_cast<float>(L.fb.scale);
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::GetForegroundDrawList()->AddText(ImGui::GetFont(), size, ImVec2(display.x * 0.05f, display.y * 0.45f),
                                          IM_COL32(255, 255, 255, 255), line.c_str(), nullptr, display.x * 0.9f);
}

void draw_phase(Loop& L) {
  show_map_failure(L);
  ImGui::Render();
  L.pulsing = false;
  const long frame_no = L.frame_no;
  bool fault = false;
  try {
    const ViewInputs in = view_inputs(L);
    if (L.faults.inject_gl_error(frame_no)) glEnable(0);  // the test hook: a real GL_INVALID_ENUM
    if (L.faults.inject_draw_failure(frame_no))
      throw render::GlError("the map's draw failed (GATEMAP_TEST_GL_FAULT, a test)");
    if (L.presenter.blank) {  // B or '.': a black wall, nothing else
      clear_screen(L.fb);
      ++L.frame_no;
    } else {
      draw_map(L, in);
    }
    L.map_failed = false;
    fault = check_gl_errors(L.faults, "drawing the map", L.now);
    try {
      capture_if_asked(L, in);
    } catch (const std::exception& e) {
      L.v.message = e.what();  // a screenshot that could not be written
    }
  } catch (const render::GlError& e) {
    // The display goes on: the next frame tries again; meanwhile the fault is logged and shown.
    check_gl_errors(L.faults, "drawing the map", L.now);
    L.faults.report(std::string("GPU error while drawing the map: ") + e.what(), L.now);
    fault = L.map_failed = true;
    L.frame_no = frame_no + 1;  // a frame was presented (with the fault's line): --frames counts it
    clear_screen(L.fb);
  } catch (const std::exception& e) {  // not the GPU's (a data file of the strip view, …)
    if (L.wall) {                      // a wall shows it as a fault; the window says it in its status bar
      L.faults.report(std::string("drawing the map failed: ") + e.what(), L.now);
      fault = L.map_failed = true;
      L.frame_no = frame_no + 1;
      clear_screen(L.fb);
    } else {
      L.v.message = e.what();
    }
  }
  glViewport(0, 0, L.fb.w, L.fb.h);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  fault = check_gl_errors(L.faults, "drawing the panels", L.now) || fault;
  if (fault && !L.wall) L.v.message = L.faults.banner(L.now);  // the window's status bar
}

// ---- 4. Present -----------------------------------------------------------------------------

void present_phase(Loop& L) {
  if (L.startup) L.startup->drawn = StartupTimes::Clock::now();
  glfwSwapBuffers(L.win);
  if (L.startup) L.startup->print(StartupTimes::Clock::now()), L.startup = nullptr;
  if (L.opt.frames > 0 && L.frame_no >= L.opt.frames) glfwSetWindowShouldClose(L.win, GLFW_TRUE);
}

// ---- 5. The presenter view ------------------------------------------------------------------

// The scene playing is rendered again this often while it plays (its date and camera move): a
// few milliseconds at the previews' size, so the wall's frame rate does not feel it.
constexpr double kPreviewPeriodS = 0.5;

// `in` (a wall's frame inputs at the wall's size) at a preview's size: the same view, with every
// size (text, symbols, lines, the wall's text) scaled alike, so the preview is the wall's layout.
void scale_to_preview(ViewInputs& in, PresenterWindow::Size size, int wall_w) {
  const double k = static_cast<double>(size.w) / std::max(1, wall_w);
  in.camera.width_px = size.w, in.camera.height_px = size.h;
  in.camera.m_per_px /= k;
  in.pixel_scale = static_cast<float>(in.pixel_scale * k);
  in.wall.primary_px = static_cast<float>(in.wall.primary_px * k);
  in.wall.secondary_px = static_cast<float>(in.wall.secondary_px * k);
  in.wall.help_lines.clear();  // what the presenter sees elsewhere in the view
  in.wall.notice.clear();
  in.free_area = {};
}

// The wall's frame now, at the preview's size.
render::FrameSnapshot preview_of_wall(const Loop& L, PresenterWindow::Size size) {
  ViewInputs in = view_inputs(L);
  scale_to_preview(in, size, L.fb.w);
  if (L.v.show_strip) return strip_frame(L, in, L.scene, L.v.hovered_gate);
  return make_frame(L.data.scene, in);
}

// The next scene as the wall will show it once its transition is over: its view, layers (none:
// those shown now), title, caption, selected gate and date (a range's first; none: the data's).
render::FrameSnapshot preview_of_scene(const Loop& L, const PlaylistScene& sc, PresenterWindow::Size size) {
  ViewInputs in = view_inputs(L);
  in.camera = geo::fit_bbox(sc.bbox ? *sc.bbox : default_bbox(L.data.scene), L.fb.w, L.fb.h);
  if (sc.layers) in.layers = *sc.layers;
  in.title = sc.title;
  in.date = sc.from ? sc.from : sc.date ? sc.date : default_date(L.data.timeline);
  in.window.reset();
  in.selected_gate = in.hovered_gate = -1;
  for (size_t i = 0; i < L.data.scene.gates.size(); ++i)
    if (!sc.select.empty() && L.data.scene.gates[i].id == sc.select) in.selected_gate = static_cast<int>(i);
  in.card_gate = in.selected_gate;
  in.wall.caption = L.presenter.captions ? sc.caption : "";
  scale_to_preview(in, size, L.fb.w);
  if (sc.strip()) return strip_frame(L, in, &sc, -1);
  return make_frame(L.data.scene, in);
}

// Renders the previews, in the wall's context, after the wall's frame: both when the scene, the
// scenes file, the data or the view's size changed; the scene playing again every kPreviewPeriodS.
void update_previews(Loop& L) {
  if (L.player.empty() || !L.wall || L.previews_off) return;
  const Loop::PreviewKey key{L.preview_epoch,
                             L.player.current(),
                             L.presenter_view->preview_size(L.fb.w, L.fb.h),
                             L.fb.w,
                             L.fb.h,
                             L.presenter.captions,
                             true};
  if (key.size.w <= 0 || key.size.h <= 0) return;
  // What the picture of the scene playing shows: drawn again only when it changed (a camera
  // flying, a date animating), at most every kPreviewPeriodS. A picture costs a frame's layout
  // (~20 ms on the CPU machine, whatever its size): a still scene costs the wall nothing.
  const Loop::ShownKey shown{L.v.camera.centre.x, L.v.camera.centre.y, L.v.camera.m_per_px, L.v.time.date,
                             L.v.layers.bits,     L.v.show_strip,      L.v.selected_gate};
  const bool entered = !(key == L.preview_key);
  try {
    if (!L.previews) L.previews = std::make_unique<ScenePreviews>();
    if (entered || (!(shown == L.preview_shown) && L.now - L.preview_now_s >= kPreviewPeriodS)) {
      L.previews->render(L.renderer, preview_of_wall(L, key.size), ScenePreviews::now);
      L.preview_shown = shown;
      L.preview_now_s = L.now;
      L.preview_next_due = entered;  // the next scene's picture on the next frame: one layout a frame
    } else if (L.preview_next_due) {
      const std::vector<PlaylistScene>& scenes = L.player.scenes();
      const PlaylistScene& next = scenes[(std::min(key.scene, scenes.size() - 1) + 1) % scenes.size()];
      L.previews->render(L.renderer, preview_of_scene(L, next, key.size), ScenePreviews::next);
      L.preview_next_due = false;
    }
  } catch (const std::exception& e) {  // the presenter view goes on without pictures; the wall is unaffected
    std::cerr << "gatemap present: the presenter view's previews cannot be drawn (" << e.what()
              << "); it goes on without them" << std::endl;
    L.previews.reset();
    L.previews_off = true;
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  L.preview_key = key;
}

// The presenter view, after the wall's frame (it never holds the wall up); closed by the
// presenter, it goes and the wall plays on.
void presenter_phase(Loop& L) {
  if (!L.presenter_view) return;
  if (L.presenter_view->closed()) {
    L.presenter_view.reset();
    L.previews.reset();
    return;
  }
  update_previews(L);
  PresenterText text = presenter_text(L.player, L.presenter);
  if (!L.text_too_small.empty()) text.wall_state.push_back(L.text_too_small);
  L.presenter_view->draw(text, presenter_clock(), L.now, L.previews.get());
}

void run_loop(Loop& L) {
  L.last_time = glfwGetTime();
  RenderWatchdog watchdog;  // systemd's READY=1 and WATCHDOG=1 (watchdog.hpp)
  while (!glfwWindowShouldClose(L.win)) {
    if (!events_phase(L)) continue;
    update_phase(L);
    draw_phase(L);
    present_phase(L);
    watchdog.frame_presented();
    presenter_phase(L);
  }
}

// ---- Set-up ---------------------------------------------------------------------------------

// The monitor of --monitor N (from 1), else the primary one; null when there is none.
GLFWmonitor* present_monitor(const WindowOptions& opt) {
  int count = 0;
  GLFWmonitor** monitors = glfwGetMonitors(&count);
  if (opt.monitor >= 1 && opt.monitor <= count) return monitors[opt.monitor - 1];
  return glfwGetPrimaryMonitor();
}

// The presenter view's monitor: with the wall full screen, the first other monitor; null for a
// windowed wall or a single monitor.
GLFWmonitor* presenter_monitor(const WindowOptions& opt) {
  if (opt.windowed) return nullptr;
  int count = 0;
  GLFWmonitor** monitors = glfwGetMonitors(&count);
  GLFWmonitor* wall = present_monitor(opt);
  for (int i = 0; i < count; ++i)
    if (monitors[i] != wall) return monitors[i];
  return nullptr;
}

// The wall's text sizes: from --screen-diagonal, else the physical size the monitor reports,
// else (none reported) 96 pixels per inch, said on stderr.
WallSizes present_sizes(const WindowOptions& opt, GLFWmonitor* monitor) {
  int w = 1920, h = 1080, wmm = 0, hmm = 0;
  if (const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr) w = mode->width, h = mode->height;
  if (opt.screen_diagonal_in) return wall_sizes(*opt.screen_diagonal_in, w, h, opt.viewing_distance_m);
  if (monitor) glfwGetMonitorPhysicalSize(monitor, &wmm, &hmm);
  if (wmm <= 0) {
    std::cerr << "gatemap present: the monitor reports no physical size; assuming 96 pixels per inch "
                 "(give --screen-diagonal INCHES)\n";
    wmm = static_cast<int>(std::lround(w * 25.4 / 96));
  }
  return wall_sizes_from_mm(wmm, w, h, opt.viewing_distance_m);
}

// gatemap present --list-monitors: one line each, numbered as --monitor takes them.
int list_monitors() {
  int count = 0;
  GLFWmonitor** monitors = glfwGetMonitors(&count);
  GLFWmonitor* primary = glfwGetPrimaryMonitor();
  for (int i = 0; i < count; ++i) {
    int wmm = 0, hmm = 0;
    glfwGetMonitorPhysicalSize(monitors[i], &wmm, &hmm);
    const GLFWvidmode* mode = glfwGetVideoMode(monitors[i]);
    std::printf("%d: %s", i + 1, glfwGetMonitorName(monitors[i]));
    if (mode) std::printf(" %d×%d at %d Hz", mode->width, mode->height, mode->refreshRate);
    if (wmm > 0 && hmm > 0)
      std::printf(", reports %d × %d mm (%.1f″)", wmm, hmm, std::hypot(double(wmm), double(hmm)) / 25.4);
    std::printf("%s\n", monitors[i] == primary ? " (primary)" : "");
  }
  if (count == 0) std::printf("no monitor\n");
  return kExitOk;
}

GLFWwindow* create_window(const WindowOptions& opt, const WindowSettings& settings) {
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  GLFWmonitor* monitor = nullptr;
  int w = settings.width, h = settings.height;
  if (opt.present) {
    monitor = present_monitor(opt);
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (opt.windowed || !mode) {
      w = 1280, h = 720;
      monitor = nullptr;
    } else {
      // Borderless ("windowed") full screen at the monitor's native mode: no mode switch.
      glfwWindowHint(GLFW_RED_BITS, mode->redBits);
      glfwWindowHint(GLFW_GREEN_BITS, mode->greenBits);
      glfwWindowHint(GLFW_BLUE_BITS, mode->blueBits);
      glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
      w = mode->width, h = mode->height;
    }
  } else if (opt.fullscreen) {
    monitor = glfwGetPrimaryMonitor();
    if (const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr) w = mode->width, h = mode->height;
  }
  GLFWwindow* win = glfwCreateWindow(w, h, "gatemap — Lạng Sơn–Guangxi frontier", monitor, nullptr);
  if (!win) {
    std::cerr << "gatemap: cannot create an OpenGL 3.3 core window on this display"
              << (glfw_error().empty() ? "" : " (GLFW: " + glfw_error() + ")") << "\n";
    return nullptr;
  }
  glfwMakeContextCurrent(win);
  if (gladLoadGL(glfwGetProcAddress) < GLAD_MAKE_VERSION(3, 3)) {
    std::cerr << "gatemap: cannot load the OpenGL 3.3 core functions for the window on this display\n";
    glfwDestroyWindow(win);
    return nullptr;
  }
  glfwSwapInterval(1);
  glfwSetDropCallback(win, on_drop);
  if (opt.present && monitor) glfwSetInputMode(win, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
  return win;
}

// ImGui over the window. The key queue's callback goes in first, so that ImGui's chains to it.
void init_imgui(GLFWwindow* win, KeyQueue& keys, const geo::Scene& scene) {
  install_key_queue(win, keys);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // panels are placed by code; the view is in settings
  ImGui::StyleColorsLight();
  float xscale = 1, yscale = 1;
  glfwGetWindowContentScale(win, &xscale, &yscale);
  load_imgui_fonts(scene, std::max(1.0f, xscale));
  ImGui_ImplGlfw_InitForOpenGL(win, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
}

void shutdown_imgui() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
}

// The first frame's view: --bbox, else the saved view, else the default; layers, date, player.
ViewState initial_view(const WindowOptions& opt, const WindowSettings& settings, const AppData& data,
                       const std::optional<geo::Date>& start_date, GLFWwindow* win) {
  const geo::Scene& scene = data.scene;
  ViewState v;
  Framebuffer fb;
  read_framebuffer(win, fb);
  v.camera = geo::fit_bbox(opt.bbox ? *opt.bbox : default_bbox(scene), fb.w, fb.h);
  if (!opt.bbox && !opt.present && settings.centre && settings.m_per_px)
    v.camera.centre = *settings.centre, v.camera.m_per_px = *settings.m_per_px;
  else if (!opt.present)
    v.fit_at_start = opt.bbox ? *opt.bbox : default_bbox(scene);
  if (settings.layers && !opt.present) v.layers = *settings.layers;
  v.show_ui = !opt.hide_ui;
  if (opt.bbox)
    if (std::string note = no_map_data_note(scene, *opt.bbox); !note.empty()) {
      std::cerr << "warning: " << note << "\n";
      v.message = note;  // in the status bar
    }
  v.time.date = start_date ? start_date : default_date(data.timeline);
  if (opt.window) {  // --window: the Timeline's window mode over these dates
    v.time.window = true;
    v.time.window_from = opt.window->from;
    v.time.date = opt.window->to;
  }
  if (opt.compare) {  // --compare D1,D2: the split view, D2 the timeline's date
    v.compare.on = true;
    v.compare.left = opt.compare->first;
    v.time.date = opt.compare->second;
  }
  if (opt.play) {
    if (auto span = data.timeline.span()) v.time.date = span->first;
    v.time.playing = true;
    v.time.loop = true;
  }
  if (!opt.select.empty()) {
    const std::vector<GateRef> gates = all_gates(data);
    for (size_t i = 0; i < gates.size(); ++i)
      if (gates[i].pair->id == opt.select && v.selected_gate < 0) v.selected_gate = static_cast<int>(i);
    if (v.selected_gate < 0) std::cerr << "gatemap: --select: no gate pair '" << opt.select << "' (see gatemap info)\n";
  }
  return v;
}

void save_view(const WindowOptions& opt, WindowSettings settings, const ViewState& v, GLFWwindow* win) {
  if (opt.present) return;  // a wall keeps the user's window settings as they were
  if (!opt.fullscreen) glfwGetWindowSize(win, &settings.width, &settings.height);
  settings.centre = v.camera.centre;
  settings.m_per_px = v.camera.m_per_px;
  settings.layers = v.layers;
  if (opt.screenshot.empty()) save_settings(settings);
}

// The map window's options that are checked before any window opens; returns an exit code on failure.
std::optional<int> check_options(const WindowOptions& opt, std::vector<PlaylistScene>& scenes) {
  const char* who = opt.present ? "gatemap present: " : "gatemap: ";
  if (!opt.scenes.empty()) {
    try {
      scenes = load_playlist(opt.scenes);
    } catch (const std::exception& e) {
      std::cerr << who << e.what() << "\n";
      return kExitUsage;
    }
  }
  if (opt.present) {
    try {
      today();  // a bad GATEMAP_NOW is said before any window opens
    } catch (const UsageError& e) {
      std::cerr << who << e.what() << "\n";
      return kExitUsage;
    }
  }
  if (!have_display()) {
    print_no_display();
    return kExitFailure;
  }
  return std::nullopt;
}

// What the first frame will most likely show, before the window exists: the view of the playlist's
// first scene (or the default view) at the size the window will have, with the wall's text sizes.
// Only a guess to prepare its text on a thread (run_window); the loop lays out the real frame.
ViewInputs first_frame_guess(const WindowOptions& opt, const WindowSettings& settings, const AppData& data,
                             const std::vector<PlaylistScene>& scenes, const std::optional<WallSizes>& wall,
                             GLFWmonitor* monitor) {
  int w = settings.width, h = settings.height;
  const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
  if (opt.present) {
    w = 1280, h = 720;
    if (!opt.windowed && mode) w = mode->width, h = mode->height;
  } else if (opt.fullscreen && mode) {
    w = mode->width, h = mode->height;
  }
  ViewState v;
  v.camera = geo::fit_bbox(opt.bbox ? *opt.bbox : default_bbox(data.scene), w, h);
  v.time.date = opt.date ? opt.date : default_date(data.timeline);
  ViewInputs in;
  in.user_layers = &data.user_layers;
  in.timeline = &data.timeline;
  in.pixel_scale = opt.ui_scale > 0 ? opt.ui_scale : 1.0f;
  if (!scenes.empty()) {
    WallPlayer player(scenes, default_bbox(data.scene), default_date(data.timeline));
    const PlayerStep step = player.step(0);
    apply_player_step(step, v, 0);
    update_fly(v, 1e9);  // where the camera goes
    if (step.title) in.title = *step.title;
  }
  in.camera = v.camera;
  in.date = v.time.date;
  in.layers = v.layers;
  if (wall) {
    in.pixel_scale = wall->pixel_scale;
    in.wall.primary_px = wall->primary_em_px;
    in.wall.secondary_px = wall->secondary_em_px;
    in.wall.high_contrast = true;
    const std::optional<geo::Date> as_of = data.timeline.as_of_date();
    if (as_of) in.wall.data_as_of = "Data as of " + as_of->iso();
    in.wall.stale_banner = stale_banner(as_of, today(), opt.stale_after_days);
    if (!scenes.empty() && PresenterState{}.captions) in.wall.caption = scenes.front().caption;
  }
  return in;
}

// The renderer and the loop, inside the window's GL context.
int run_map(GLFWwindow* win, const WindowOptions& opt, AppData& data, ViewState& v, KeyQueue& keys,
            std::vector<PlaylistScene> scenes, std::optional<WallSizes> wall,
            std::unique_ptr<render::Decorations> first_text, StartupTimes& startup) {
  std::unique_ptr<render::Renderer> renderer;
  try {
    renderer = std::make_unique<render::Renderer>(data.scene, std::move(first_text));
  } catch (const std::exception& e) {
    std::cerr << "gatemap: " << e.what() << "\n";
    return kExitFailure;
  }
  // Declared after the renderer and destroyed before it, while the window's context is current.
  exporter::StripRenderer strips;
  startup.renderer = StartupTimes::Clock::now();
  Loop loop{.win = win, .opt = opt, .data = data, .renderer = *renderer, .strips = strips, .v = v, .keys = keys};
  loop.startup = &startup;
  {
    GLint r = 0, g = 0, b = 0;
    glGetFramebufferAttachmentParameteriv(GL_FRAMEBUFFER, GL_BACK_LEFT, GL_FRAMEBUFFER_ATTACHMENT_RED_SIZE, &r);
    glGetFramebufferAttachmentParameteriv(GL_FRAMEBUFFER, GL_BACK_LEFT, GL_FRAMEBUFFER_ATTACHMENT_GREEN_SIZE, &g);
    glGetFramebufferAttachmentParameteriv(GL_FRAMEBUFFER, GL_BACK_LEFT, GL_FRAMEBUFFER_ATTACHMENT_BLUE_SIZE, &b);
    loop.eight_bit_screen = r == 8 && g == 8 && b == 8;
    while (glGetError() != GL_NO_ERROR) {  // a driver that cannot say: through the strips
    }
  }
  loop.player = WallPlayer(std::move(scenes), default_bbox(data.scene), default_date(data.timeline));
  if (opt.present) {
    loop.wall = wall;
    loop.watcher = std::make_unique<ScenesWatcher>(opt.scenes, gate_ids(data));
    // With a second monitor, or asked for (one monitor, Xvfb): the presenter view.
    if (GLFWmonitor* other = presenter_monitor(opt); other || opt.presenter_window)
      loop.presenter_view = PresenterWindow::open(win, other, keys, data.scene, loop.player.scenes());
  } else {
    loop.planner = std::make_shared<PlannerLayers>();
    loop.planner->note(data);
  }
  // The data folders (--data and an installed gatemap's, those made after the start too), reloaded
  // on a thread when they change; a planner's own layers are added again on that thread.
  const std::string dir = opt.data_dir;
  loop.data_watcher = std::make_unique<DataWatcher>(
      data_folders_to_watch(dir),
      [dir, planner = loop.planner] {
        AppData fresh = load_data(dir);
        if (planner) planner->apply(fresh);
        return fresh;
      },
      data.problems);
  loop.player_start_s = glfwGetTime();
  run_loop(loop);
  return kExitOk;
}

}  // namespace

int run_window(const WindowOptions& opt) {
  // A wall takes no text: Xlib's input method need not read the locale's Compose table (~6,000
  // lines, ~14 ms of a wall's start-up). Set before any thread starts (setenv is not thread-safe).
  if (opt.present) ::setenv("XCOMPOSEFILE", "/dev/null", 0);
  if (opt.list_monitors) {
    if (!have_display()) {
      print_no_display();
      return kExitFailure;
    }
    GlfwSession glfw;
    if (!glfw.ok) {
      print_display_failed();
      return kExitFailure;
    }
    return list_monitors();
  }
  std::vector<PlaylistScene> scenes;
  if (std::optional<int> rc = check_options(opt, scenes)) return *rc;
  StartupTimes startup;
  // The GL driver loads while the data and the display are set up (not for a usage error, nor
  // without a display: those end at once).
  std::optional<GlDriverPreload> gl_driver;
  if (have_display()) gl_driver.emplace();
  const std::optional<geo::Date> start_date = opt.date;  // parsed and checked by the command line
  AppData data;
  try {
    data = load_data(opt.data_dir);
  } catch (const geo::Error& e) {
    std::cerr << "gatemap: " << e.what() << "\n";
    return kExitFailure;
  }
  for (const std::string& p : data.problems) std::cerr << "warning: " << p << "\n";
  try {
    std::vector<std::string> ids;
    for (const auto& g : data.scene.gates) ids.push_back(g.id);
    check_playlist_gates(scenes, opt.scenes, ids);
  } catch (const UsageError& e) {
    std::cerr << (opt.present ? "gatemap present: " : "gatemap: ") << e.what() << "\n";
    return kExitUsage;
  }

  startup.data = StartupTimes::Clock::now();
  GlfwSession glfw;
  if (!glfw.ok) {
    print_display_failed();
    return kExitFailure;
  }
  startup.glfw = StartupTimes::Clock::now();
  if (opt.present && opt.monitor > 0) {
    int count = 0;
    glfwGetMonitors(&count);
    if (opt.monitor > count) {
      std::cerr << "gatemap present: --monitor " << opt.monitor << ": there " << (count == 1 ? "is " : "are ") << count
                << (count == 1 ? " monitor" : " monitors") << " (see gatemap present --list-monitors)\n";
      return kExitUsage;
    }
  }
  const WindowSettings settings = load_settings();
  // The first frame's text (fonts opened, labels laid out, glyphs rasterised) is prepared on a
  // thread while the window and its GL context are created, which is mostly the wait for the GL
  // driver to load (issue 14: a restarted wall's first frame comes sooner). Its atlas goes to the
  // renderer; a wrong guess only costs the thread's time. Null when it fails: the renderer then
  // opens the fonts itself and says what is wrong.
  std::optional<WallSizes> wall;
  if (opt.present) wall = present_sizes(opt, present_monitor(opt));
  std::future<std::unique_ptr<render::Decorations>> first_text = std::async(
      std::launch::async,
      [&scene = data.scene, in = first_frame_guess(opt, settings, data, scenes, wall,
                                                   opt.present ? present_monitor(opt) : glfwGetPrimaryMonitor())]()
          -> std::unique_ptr<render::Decorations> {
        try {
          return render::prepare_text(scene, make_frame(scene, in));
        } catch (const std::exception&) {
          return nullptr;
        }
      });
  GLFWwindow* win = create_window(opt, settings);
  if (!win) return kExitFailure;  // create_window said why
  startup.window = StartupTimes::Clock::now();
  KeyQueue keys;
  init_imgui(win, keys, data.scene);
  startup.imgui = StartupTimes::Clock::now();
  ViewState v = initial_view(opt, settings, data, start_date, win);
  const int rc = run_map(win, opt, data, v, keys, std::move(scenes), wall, first_text.get(), startup);
  save_view(opt, settings, v, win);
  shutdown_imgui();
  glfwDestroyWindow(win);
  return rc;
}

}  // namespace gatemap
