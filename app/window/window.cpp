// The map window: GLFW + Dear ImGui on the one renderer.
#include <epoxy/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <vector>

#include "app/cli/cli.hpp"
#include "app/data/data_source.hpp"
#include "app/export/map_export.hpp"
#include "app/export/png_writer.hpp"
#include "app/view/frame_builder.hpp"
#include "app/window/panels/export_dialog.hpp"
#include "app/window/panels/panels.hpp"
#include "app/render/gl.hpp"
#include "app/render/renderer.hpp"
#include "app/view/playlist.hpp"
#include "app/window/fonts.hpp"
#include "app/window/input.hpp"
#include "app/window/player.hpp"
#include "app/window/settings.hpp"
#include "app/window/stats_overlay.hpp"
#include "app/data/user_data.hpp"
#include "app/view/view_state.hpp"
#include "geo/error.hpp"
#include "geo/projection.hpp"

namespace gatemap {

namespace {

bool have_display() {
  const char* d = std::getenv("DISPLAY");
  const char* w = std::getenv("WAYLAND_DISPLAY");
  return (d && *d) || (w && *w);
}

void print_no_display() {
  std::cerr << "gatemap: no display (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot open.\n"
               "Export the map to a file instead, for example:\n"
               "  gatemap export --out map.png --width 3840 --height 2160\n";
}

struct GlfwSession {
  GlfwSession() : ok(glfwInit() == GLFW_TRUE) {}
  ~GlfwSession() {
    if (ok) glfwTerminate();
  }
  bool ok;
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

// Files dropped on the window, loaded at the start of the next frame.
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

}  // namespace

int run_window(const WindowOptions& opt) {
  std::vector<PlaylistScene> scenes;
  if (!opt.scenes.empty()) {
    try {
      scenes = load_playlist(opt.scenes);
    } catch (const std::exception& e) {
      std::cerr << "gatemap: " << e.what() << "\n";
      return kExitUsage;
    }
  }
  if (!have_display()) {
    print_no_display();
    return kExitFailure;
  }
  std::optional<geo::Date> start_date;
  if (opt.date) {
    start_date = geo::Date::parse(*opt.date);
    if (!start_date) {
      std::cerr << "gatemap: --date '" << *opt.date << "' is not a real date in the form YYYY-MM-DD\n";
      return kExitUsage;
    }
  }
  AppData data;
  try {
    data = load_data(opt.data_dir);
  } catch (const geo::Error& e) {
    std::cerr << "gatemap: " << e.what() << "\n";
    return kExitFailure;
  }
  for (const std::string& p : data.problems) std::cerr << "warning: " << p << "\n";
  const geo::Scene& scene = data.scene;  // the scene never changes while the window runs

  GlfwSession glfw;
  if (!glfw.ok) {
    print_no_display();
    return kExitFailure;
  }
  WindowSettings settings = load_settings();
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  GLFWmonitor* monitor = nullptr;
  int win_w = settings.width, win_h = settings.height;
  if (opt.fullscreen) {
    monitor = glfwGetPrimaryMonitor();
    if (const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr) win_w = mode->width, win_h = mode->height;
  }
  GLFWwindow* win = glfwCreateWindow(win_w, win_h, "gatemap — Lạng Sơn–Guangxi frontier", monitor, nullptr);
  if (!win) {
    std::cerr << "gatemap: cannot create an OpenGL 3.3 core window on this display\n";
    return kExitFailure;
  }
  glfwMakeContextCurrent(win);
  glfwSwapInterval(1);
  glfwSetDropCallback(win, on_drop);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // panels are placed by code; the view is in settings
  ImGui::StyleColorsLight();
  float xscale = 1, yscale = 1;
  glfwGetWindowContentScale(win, &xscale, &yscale);
  load_imgui_fonts(scene, std::max(1.0f, xscale));
  // The key queue's callback goes in first, so that ImGui's chains to it (see input.hpp).
  KeyQueue keys;
  install_key_queue(win, keys);
  ImGui_ImplGlfw_InitForOpenGL(win, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  int rc = kExitOk;
  {
    std::unique_ptr<render::Renderer> renderer;
    try {
      renderer = std::make_unique<render::Renderer>(scene);
    } catch (const std::exception& e) {
      std::cerr << "gatemap: " << e.what() << "\n";
      rc = kExitFailure;
    }
    ViewState v;
    int fbw = 0, fbh = 0;
    glfwGetFramebufferSize(win, &fbw, &fbh);
    v.camera = geo::fit_bbox(opt.bbox ? *opt.bbox : default_bbox(scene), fbw, fbh);
    if (!opt.bbox && settings.centre && settings.m_per_px) v.camera.centre = *settings.centre, v.camera.m_per_px = *settings.m_per_px;
    if (settings.layers) v.layers = *settings.layers;
    v.show_ui = !opt.hide_ui;
    v.time.date = start_date ? start_date : default_date(data.timeline);
    if (opt.play) {
      if (auto span = data.timeline.span()) v.time.date = span->first;
      v.time.playing = true;
      v.time.loop = true;
    }
    WallPlayer player(std::move(scenes), default_bbox(scene));
    const double scenes_start = glfwGetTime();
    if (!opt.select.empty()) {
      for (size_t i = 0; i < scene.gates.size(); ++i)
        if (scene.gates[i].id == opt.select) v.selected_gate = static_cast<int>(i);
      if (v.selected_gate < 0) std::cerr << "gatemap: --select: no gate pair '" << opt.select << "' (see gatemap info)\n";
    }
    GpuTimer gpu_timer;
    double last_time = glfwGetTime();
    panels::ExportDialog export_dialog;
    MapMouse mouse;
    double cpu_ms = 0;
    bool base_reused = false;  // the last frame drew only the overlays over the cached base (F2 shows it)
    const std::string* scene_title = nullptr;
    std::vector<render::GateFrameState::Status> last_status;
    std::vector<double> changed_at;
    bool pulsing = false;
    long frame_no = 0;

    while (renderer && !glfwWindowShouldClose(win)) {
      if (v.time.playing || v.fly || mouse.dragging() || pulsing || !player.empty() || export_dialog.busy()) glfwPollEvents();
      else glfwWaitEventsTimeout(0.1);  // idle: no busy loop, still wakes for the flow animation
      const double now = glfwGetTime();
      const double dt = std::min(0.25, now - last_time);
      last_time = now;
      glfwGetFramebufferSize(win, &fbw, &fbh);
      int ww = 0, wh = 0;
      glfwGetWindowSize(win, &ww, &wh);
      if (fbw <= 0 || fbh <= 0) {
        glfwWaitEvents();
        continue;
      }
      const double sx = ww > 0 ? static_cast<double>(fbw) / ww : 1.0;
      v.camera.width_px = fbw;
      v.camera.height_px = fbh;
      if (v.want_fit) {
        geo::Camera c = geo::fit_bbox(default_bbox(scene), fbw, fbh);
        fly_to(v, c.centre, c.m_per_px, now);
        v.want_fit = false;
      }
      if (!player.empty()) {
        // Wall display: the playlist drives view, layers and date.
        const PlayerStep step = player.step(now - scenes_start);
        apply_player_step(step, v, now);
        scene_title = step.title;
      }
      update_fly(v, now);

      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      ImGui::NewFrame();
      ImGuiIO& io = ImGui::GetIO();

      // Keys as GLFW reported them since the last frame (a short tap is never lost), then the mouse.
      KeyContext kc;
      kc.pan_step_m = 80 * sx * v.camera.m_per_px;
      kc.zoom_x_px = fbw / 2.0, kc.zoom_y_px = fbh / 2.0;
      kc.fullscreen = glfwGetWindowMonitor(win) != nullptr;
      if (handle_keys(keys, io.WantCaptureKeyboard, v, kc)) glfwSetWindowShouldClose(win, GLFW_TRUE);
      MouseFrame m;
      glfwGetCursorPos(win, &m.x, &m.y);
      m.x *= sx, m.y *= sx;
      m.wheel = io.MouseWheel;
      m.clicked = ImGui::IsMouseClicked(ImGuiMouseButton_Left);
      m.down = ImGui::IsMouseDown(ImGuiMouseButton_Left);
      m.over_ui = io.WantCaptureMouse;
      const std::optional<geo::LonLat> cursor_ll = mouse.handle(m, v, [&](double x, double y) { return renderer->pick_gate(x, y); });

      if (v.show_ui) {
        if (ImGui::BeginMainMenuBar()) {
          if (ImGui::BeginMenu("File")) {
            if (ImGui::MenuItem("Export…", "Ctrl+E")) v.show_export = true;
            if (ImGui::MenuItem("Quit")) glfwSetWindowShouldClose(win, GLFW_TRUE);
            ImGui::EndMenu();
          }
          if (ImGui::BeginMenu("View")) {
            ImGui::MenuItem("Inspector", nullptr, &v.show_inspector);
            ImGui::MenuItem("Frame statistics", "F2", &v.show_stats);
            if (ImGui::MenuItem("Reset view", "0")) v.want_fit = true;
            ImGui::EndMenu();
          }
          ImGui::EndMainMenuBar();
        }
        panels::layers(v, [&](geo::LayerId id) { return layer_feature_count(data, id); });
        panels::gate_list(v, scene, now);
        panels::timeline(v, data.timeline, dt);
        panels::inspector(v, scene, data.timeline);
        if (panels::user_layers(v, data)) {
          if (std::string err = rebuild_timeline(data); !err.empty()) v.message = err;
        }
        if (std::string path = panels::open_file(v); !path.empty()) v.message = add_user_files(data, path);
        panels::status_bar(v, scene, cursor_ll ? &*cursor_ll : nullptr);
        export_dialog.draw({v, data, *renderer, fbw, fbh, static_cast<float>(sx)});
      } else {
        panels::advance_time(v, data.timeline, dt);
      }
      export_dialog.advance({v, data, *renderer, fbw, fbh, static_cast<float>(sx)});  // a time-lapse: its next frames
      panels::hover_tooltip(v, scene);
      if (v.show_stats) draw_stats_overlay({cpu_ms, gpu_timer.last_ms(), base_reused}, renderer->stats());
      ImGui::Render();

      for (const std::string& path : take_dropped_paths()) v.message = add_user_files(data, path);
      pulsing = false;
      ViewInputs in;
      in.user_layers = &data.user_layers;
      in.timeline = &data.timeline;
      in.date = v.time.date;
      in.camera = v.camera;
      in.pixel_scale = static_cast<float>(sx) * (opt.ui_scale > 0 ? opt.ui_scale : 1.0f);
      if (scene_title) in.title = *scene_title;
      in.layers = v.layers;
      in.hovered_gate = v.hovered_gate;
      in.selected_gate = v.selected_gate;
      in.time_s = now;
      try {
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        const auto c0 = std::chrono::steady_clock::now();
        gpu_timer.begin();
        render::FrameSnapshot frame = make_frame(scene, in);
        // A short pulse where a status changed on screen (scrubbing, playing).
        if (last_status.size() != frame.gates.size()) last_status.assign(frame.gates.size(), {}), changed_at.assign(frame.gates.size(), -10);
        for (size_t i = 0; i < frame.gates.size(); ++i) {
          if (frame.gates[i].status != last_status[i] && frame_no > 0) changed_at[i] = now;
          last_status[i] = frame.gates[i].status;
          frame.gates[i].pulse = static_cast<float>(std::max(0.0, 1.0 - (now - changed_at[i]) / 0.8));
          if (frame.gates[i].pulse > 0) pulsing = true;
        }
        base_reused = exporter::render_strips_to_screen(*renderer, frame);
        gpu_timer.end();
        cpu_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - c0).count();
        ++frame_no;
        if (!opt.screenshot.empty() && frame_no == 3) {
          save_screenshot(opt.screenshot, fbw, fbh);
          if (!opt.export_view.empty()) {
            // The same view through the export path (offscreen strips), for the same-pixels check.
            ExportOptions eo;
            eo.out = opt.export_view;
            eo.width = fbw;
            eo.height = fbh;
            eo.layers = v.layers;
            eo.force = true;
            if (v.time.date) eo.date = v.time.date->iso();
            ViewInputs ev = in;
            ev.time_s = in.time_s;
            export_view(eo, data, *renderer, ev, default_bbox(scene));
            glBindFramebuffer(GL_FRAMEBUFFER, 0);
          }
          if (opt.frames == 0) glfwSetWindowShouldClose(win, GLFW_TRUE);
        }
      } catch (const std::exception& e) {
        v.message = e.what();
      }
      glViewport(0, 0, fbw, fbh);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
      glfwSwapBuffers(win);
      if (opt.frames > 0 && frame_no >= opt.frames) glfwSetWindowShouldClose(win, GLFW_TRUE);
    }
    if (!opt.fullscreen) {
      glfwGetWindowSize(win, &settings.width, &settings.height);
    }
    settings.centre = v.camera.centre;
    settings.m_per_px = v.camera.m_per_px;
    settings.layers = v.layers;
    if (opt.screenshot.empty()) save_settings(settings);
    exporter::release_strip_target();
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(win);
  return rc;
}

}  // namespace gatemap
