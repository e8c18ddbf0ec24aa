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
#include "app/render/text.hpp"
#include "app/view/playlist.hpp"
#include "app/window/settings.hpp"
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

// ImGui's font: Noto Sans for Vietnamese, with Noto Sans CJK merged in for the Chinese names.
void load_imgui_fonts(const geo::Scene& scene, float scale) {
  ImGuiIO& io = ImGui::GetIO();
  render::FontFiles files;
  try {
    files = render::find_font_files();
  } catch (const std::exception& e) {
    std::cerr << "gatemap: " << e.what() << " (using ImGui's built-in font)\n";
    return;
  }
  static ImVector<ImWchar> ranges;  // must outlive the atlas build
  ImFontGlyphRangesBuilder b;
  b.AddRanges(io.Fonts->GetGlyphRangesDefault());
  b.AddRanges(io.Fonts->GetGlyphRangesVietnamese());
  b.AddText("–—·°…“”‘’×→←≈●▲■◆✕≥≤");
  for (const geo::GatePair& g : scene.gates) {
    for (const std::string* s : {&g.name_vi, &g.name_zh, &g.name_en, &g.district}) {
      std::string n = render::nfc_vietnamese(*s);
      b.AddText(n.c_str());
    }
    for (const auto& r : g.rows) b.AddText(r.name_zh.c_str()), b.AddText(render::nfc_vietnamese(r.name_vi).c_str());
  }
  b.AddText("谅山广西边境中国越南凭祥友谊关");
  ranges.clear();
  b.BuildRanges(&ranges);
  const float size = 16.0f * scale;
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  io.Fonts->AddFontFromFileTTF(files.latin_regular.c_str(), size, &cfg, ranges.Data);
  ImFontConfig merge;
  merge.MergeMode = true;
  merge.FontNo = files.cjk_face_index;
  merge.OversampleH = 1;
  io.Fonts->AddFontFromFileTTF(files.cjk_regular.c_str(), size, &merge, ranges.Data);
  io.FontGlobalScale = 1.0f / scale;
}

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

// GPU time of the map's draw calls, read a frame late so the CPU never waits for the GPU.
struct GpuTimer {
  GLuint queries[2] = {0, 0};
  int current = 0;
  bool pending[2] = {false, false};
  double last_ms = 0;
  GpuTimer() { glGenQueries(2, queries); }
  ~GpuTimer() { glDeleteQueries(2, queries); }
  void begin() {
    const int prev = 1 - current;
    if (pending[prev]) {
      GLint ready = 0;
      glGetQueryObjectiv(queries[prev], GL_QUERY_RESULT_AVAILABLE, &ready);
      if (ready) {
        GLuint64 ns = 0;
        glGetQueryObjectui64v(queries[prev], GL_QUERY_RESULT, &ns);
        last_ms = static_cast<double>(ns) / 1e6;
        pending[prev] = false;
      }
    }
    glBeginQuery(GL_TIME_ELAPSED, queries[current]);
  }
  void end() {
    glEndQuery(GL_TIME_ELAPSED);
    pending[current] = true;
    current = 1 - current;
  }
};

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
  ImGui_ImplGlfw_InitForOpenGL(win, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  int rc = kExitOk;
  {
    std::unique_ptr<render::Renderer> renderer;
    // The window's strip target and base cache, next to the renderer it draws; freed at the end of
    // this block, while the window's context is still current.
    exporter::StripRenderer strips;
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
    size_t scene_index = static_cast<size_t>(-1);
    const double scenes_start = glfwGetTime();
    if (!opt.select.empty()) {
      for (size_t i = 0; i < scene.gates.size(); ++i)
        if (scene.gates[i].id == opt.select) v.selected_gate = static_cast<int>(i);
      if (v.selected_gate < 0) std::cerr << "gatemap: --select: no gate pair '" << opt.select << "' (see gatemap info)\n";
    }
    GpuTimer gpu_timer;
    double last_time = glfwGetTime();
    panels::ExportDialog export_dialog;
    bool dragging = false;
    double cpu_ms = 0;
    bool base_reused = false;  // the last frame drew only the overlays over the cached base (F2 shows it)
    std::string scene_title;
    std::vector<render::GateFrameState::Status> last_status;
    std::vector<double> changed_at;
    bool pulsing = false;
    double last_x = 0, last_y = 0;
    long frame_no = 0;

    while (renderer && !glfwWindowShouldClose(win)) {
      if (v.time.playing || v.fly || dragging || pulsing || !scenes.empty() || export_dialog.busy()) glfwPollEvents();
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
      if (!scenes.empty()) {
        // Wall display: the playlist drives view, layers and date.
        const PlaylistPosition pos = playlist_at(scenes, now - scenes_start);
        const PlaylistScene& sc = scenes[pos.index];
        if (pos.index != scene_index) {
          scene_index = pos.index;
          geo::Camera c = geo::fit_bbox(sc.bbox ? *sc.bbox : default_bbox(scene), fbw, fbh);
          fly_to(v, c.centre, c.m_per_px, now);
          if (sc.layers) v.layers = *sc.layers;
          if (sc.date) v.time.date = sc.date;
          v.time.playing = false;
          scene_title = sc.title;
        }
        if (sc.from && sc.to)
          v.time.date = sc.from->add_days(static_cast<int>(std::floor((*sc.to - *sc.from) * pos.fraction)));
      }
      update_fly(v, now);

      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      ImGui::NewFrame();
      ImGuiIO& io = ImGui::GetIO();

      double mx = 0, my = 0;
      glfwGetCursorPos(win, &mx, &my);
      mx *= sx;
      my *= sx;
      std::optional<geo::LonLat> cursor_ll;
      if (!io.WantCaptureMouse) {
        cursor_ll = geo::map_projector().inverse(v.camera.pixel_to_map(mx, my));
        if (io.MouseWheel != 0) {
          v.fly.reset();
          zoom_about(v.camera, std::pow(1.2, io.MouseWheel), mx, my);
        }
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
          dragging = true;
          last_x = mx, last_y = my;
          const int g = renderer->pick_gate(mx, my);
          v.selected_gate = g;
        }
        v.hovered_gate = renderer->pick_gate(mx, my);
      } else {
        v.hovered_gate = -1;
      }
      if (dragging) {
        if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
          dragging = false;
        } else if (mx != last_x || my != last_y) {
          v.fly.reset();
          v.camera.centre.x -= (mx - last_x) * v.camera.m_per_px;
          v.camera.centre.y += (my - last_y) * v.camera.m_per_px;
          last_x = mx, last_y = my;
        }
      }
      // ImGui 1.86 indexes keys by the backend's codes (GLFW_KEY_*).
      if (!io.WantCaptureKeyboard) {
        const double step = 80 * sx * v.camera.m_per_px;
        if (ImGui::IsKeyPressed(GLFW_KEY_LEFT)) v.camera.centre.x -= step;
        if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT)) v.camera.centre.x += step;
        if (ImGui::IsKeyPressed(GLFW_KEY_UP)) v.camera.centre.y += step;
        if (ImGui::IsKeyPressed(GLFW_KEY_DOWN)) v.camera.centre.y -= step;
        if (ImGui::IsKeyPressed(GLFW_KEY_EQUAL) || ImGui::IsKeyPressed(GLFW_KEY_KP_ADD)) zoom_about(v.camera, 1.5, fbw / 2.0, fbh / 2.0);
        if (ImGui::IsKeyPressed(GLFW_KEY_MINUS) || ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT)) zoom_about(v.camera, 1 / 1.5, fbw / 2.0, fbh / 2.0);
        if (ImGui::IsKeyPressed(GLFW_KEY_0) || ImGui::IsKeyPressed(GLFW_KEY_KP_0)) v.want_fit = true;
        if (ImGui::IsKeyPressed(GLFW_KEY_F1)) v.show_ui = !v.show_ui;
        if (ImGui::IsKeyPressed(GLFW_KEY_F2)) v.show_stats = !v.show_stats;
        if (ImGui::IsKeyPressed(GLFW_KEY_SPACE)) v.time.playing = !v.time.playing;
        if (ImGui::IsKeyPressed(GLFW_KEY_E) && (io.KeyCtrl)) v.show_export = true;
        if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE) && glfwGetWindowMonitor(win)) glfwSetWindowShouldClose(win, GLFW_TRUE);
      }

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
      if (v.show_stats) {
        const render::FrameStats& st = renderer->stats();
        ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - 220, 10), ImGuiCond_Always);
        ImGui::Begin("##stats", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize);
        ImGui::Text("%.2f ms/frame (%.0f fps)", 1000.0f / io.Framerate, io.Framerate);
        ImGui::Text("map: CPU %.2f ms, GPU %.2f ms", cpu_ms, gpu_timer.last_ms);
        ImGui::Text("%lld vertices, %d draw calls", st.vertices, st.draw_calls);
        ImGui::TextDisabled(base_reused ? "still view: base layers reused" : "base layers drawn");
        ImGui::Text("labels %d placed, %d dropped", st.labels_placed, st.labels_dropped);
        ImGui::End();
      }
      ImGui::Render();

      for (const std::string& path : take_dropped_paths()) v.message = add_user_files(data, path);
      pulsing = false;
      ViewInputs in;
      in.user_layers = &data.user_layers;
      in.timeline = &data.timeline;
      in.date = v.time.date;
      in.camera = v.camera;
      in.pixel_scale = static_cast<float>(sx) * (opt.ui_scale > 0 ? opt.ui_scale : 1.0f);
      in.title = scene_title;
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
        base_reused = strips.render_strips_to_screen(*renderer, frame);
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
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(win);
  return rc;
}

}  // namespace gatemap
