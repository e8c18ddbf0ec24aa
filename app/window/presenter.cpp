#include "app/window/presenter.hpp"

#include <GLFW/glfw3.h>
#include <glad/gl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>

#include "app/render/text.hpp"
#include "app/view/wall_display.hpp"
#include "app/window/fonts.hpp"
#include "app/window/scene_previews.hpp"

namespace gatemap {

std::string presenter_duration(double seconds) {
  const long s = seconds > 0 ? static_cast<long>(std::floor(seconds)) : 0;
  char out[32];
  if (s >= 3600)
    std::snprintf(out, sizeof out, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(out, sizeof out, "%ld:%02ld", s / 60, s % 60);
  return out;
}

namespace {

std::string elapsed_left(double elapsed_s, double left_s, double total_s) {
  return presenter_duration(elapsed_s) + " elapsed · " + presenter_duration(left_s) + " left (of " +
         presenter_duration(total_s) + ")";
}

}  // namespace

PresenterText presenter_text(const WallPlayer& player, const PresenterState& state) {
  PresenterText t;
  if (player.empty()) return t;
  const std::vector<PlaylistScene>& scenes = player.scenes();
  const size_t i = std::min(player.current(), scenes.size() - 1);
  const PlaylistScene& now = scenes[i];
  const PlaylistScene& next = scenes[(i + 1) % scenes.size()];
  t.position =
      "Scene " + std::to_string(i + 1) + " of " + std::to_string(scenes.size()) + (player.paused() ? " · paused" : "");
  t.window_title = "gatemap presenter: Scene " + std::to_string(i + 1) + " of " + std::to_string(scenes.size()) +
                   (player.paused() ? " (paused)" : "");
  t.current_title = now.title.empty() ? "(untitled scene)" : now.title;
  t.current_caption = now.caption;
  t.notes = now.notes;
  t.next_title = (next.title.empty() ? "(untitled scene)" : next.title) +
                 (i + 1 == scenes.size() ? "  (the playlist starts again)" : "");
  t.next_caption = next.caption;
  double before = 0, total = 0;
  for (size_t k = 0; k < scenes.size(); ++k) (k < i ? before : total) += scenes[k].seconds;
  total += before;
  const double in_scene = std::min(player.in_scene_s(), now.seconds);
  t.scene_time = elapsed_left(in_scene, player.scene_left_s(), now.seconds);
  t.playlist_time = elapsed_left(before + in_scene, player.pass_left_s(), total);
  if (state.blank) t.wall_state.push_back("WALL BLANK (B or . brings it back)");
  if (!state.captions) t.wall_state.push_back("captions off (C)");
  if (state.help) t.wall_state.push_back("keys shown on the wall (H)");
  if (!state.digits.empty()) t.wall_state.push_back("go to scene " + state.digits + " … (Enter)");
  return t;
}

std::string presenter_clock() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char hm[16], day[16];
  std::strftime(hm, sizeof hm, "%H:%M", &local);
  std::strftime(day, sizeof day, "%Y-%m-%d", &local);
  std::string date = day;
  if (const char* set = std::getenv("GATEMAP_NOW"); set && *set) try {
      date = today().iso();  // checked before the window opened
    } catch (const std::exception&) {
    }
  return std::string(hm) + " · " + date;
}

namespace {

// The presenter's keys, most used first (as a narrow window wraps them).
constexpr const char* kKeys[] = {"Right/N next", "Left/P previous", "Space pause", "digits+Enter go to",
                                 "B blank",      "C captions",      "H help",      "Ctrl+Q quit"};
constexpr const char* kKeysSep = " · ";

}  // namespace

std::vector<std::string> presenter_keys_lines(float width) {
  std::vector<std::string> lines(1);
  for (const char* key : kKeys) {
    std::string& line = lines.back();
    if (line.empty()) {
      line = key;
    } else if (ImGui::CalcTextSize((line + kKeysSep + key).c_str()).x <= width) {
      line += kKeysSep, line += key;
    } else {
      lines.emplace_back(key);
    }
  }
  return lines;
}

// ---- The fonts ---------------------------------------------------------------------------------

namespace {

constexpr float kBodyPx = 22, kLargePx = 40;  // the presenter reads at arm's length, at a glance

// The text of the scenes that the view shows, as the fonts are built for it (NFC).
std::vector<std::string> scenes_text(const std::vector<PlaylistScene>& scenes) {
  std::vector<std::string> text;
  for (const PlaylistScene& s : scenes)
    for (const std::string* t : {&s.title, &s.caption, &s.notes}) text.push_back(render::nfc_vietnamese(*t));
  return text;
}

// Each character of the text that an ImGui font can hold (ImWchar: the Basic Multilingual Plane).
template <class F>
void for_each_char(const std::vector<std::string>& text, F f) {
  for (const std::string& s : text)
    for (const char32_t c : render::decode_utf8(s))
      if (c > 0 && c <= IM_UNICODE_CODEPOINT_MAX) f(static_cast<unsigned int>(c));
}

}  // namespace

void PresenterFonts::load(const geo::Scene& scene, float scale, const std::vector<PlaylistScene>& scenes) {
  ImGui::GetIO().Fonts->Clear();
  const std::vector<std::string> text = scenes_text(scenes);
  load_imgui_fonts(scene, scale, text, {kBodyPx, kLargePx});
  asked_.clear();
  for_each_char(text, [&](unsigned int c) { asked_.insert(c); });
}

bool PresenterFonts::lacks_glyphs(const std::vector<PlaylistScene>& scenes) const {
  bool lacks = false;
  for_each_char(scenes_text(scenes), [&](unsigned int c) { lacks = lacks || !asked_.contains(c); });
  return lacks;
}

// ---- The window --------------------------------------------------------------------------------

namespace {

// Makes `win`'s GL context and `ctx` current for the scope, then puts the previous ones back.
class CurrentContexts {
 public:
  CurrentContexts(GLFWwindow* win, ImGuiContext* ctx)
      : win_(glfwGetCurrentContext()), ctx_(ImGui::GetCurrentContext()) {
    glfwMakeContextCurrent(win);
    ImGui::SetCurrentContext(ctx);
  }
  ~CurrentContexts() {
    glfwMakeContextCurrent(win_);
    ImGui::SetCurrentContext(ctx_);
  }
  CurrentContexts(const CurrentContexts&) = delete;
  CurrentContexts& operator=(const CurrentContexts&) = delete;

 private:
  GLFWwindow* win_;
  ImGuiContext* ctx_;
};

// The previews' column: at most this share of the window's width; the header (position, clock),
// the two previews' labels and the keys' line leave the rest of its height to the two pictures: at
// least kPreviewChromePx, more where the last frame's were taller (the header's notices, the keys
// wrapped in a narrow window).
constexpr float kPreviewShare = 0.42f, kPreviewChromePx = 200, kMinPreviewPx = 120;

// The previews' size in window units for a window of win_w × win_h and a wall of wall_w × wall_h,
// with `chrome_px` of the window's height taken by the rest.
PresenterWindow::Size preview_size_in(float win_w, float win_h, int wall_w, int wall_h, float chrome_px) {
  if (wall_w <= 0 || wall_h <= 0) return {};
  const float aspect = static_cast<float>(wall_w) / static_cast<float>(wall_h);
  const float h_room = std::max(0.0f, win_h - std::max(kPreviewChromePx, chrome_px)) / 2;
  const float w = std::min(kPreviewShare * win_w, h_room * aspect);
  if (w < kMinPreviewPx) return {};
  return {static_cast<int>(w), static_cast<int>(std::lround(w / aspect))};
}

}  // namespace

std::unique_ptr<PresenterWindow> PresenterWindow::open(GLFWwindow* wall, GLFWmonitor* monitor, KeyQueue& keys,
                                                       const geo::Scene& scene,
                                                       const std::vector<PlaylistScene>& scenes) {
  int x = 0, y = 0, w = 1280, h = 720;
  if (monitor) {
    glfwGetMonitorWorkarea(monitor, &x, &y, &w, &h);
  } else {
    // One monitor: beside the wall's window (at most 1280 × 720) when 600 pixels are left there,
    // else 960 × 540 in the monitor's bottom-right corner, over the wall's (the presenter moves it).
    int mx = 0, my = 0, mw = 1920, mh = 1080, wx = 0, wy = 0, ww = 0, wh = 0;
    if (GLFWmonitor* primary = glfwGetPrimaryMonitor()) glfwGetMonitorWorkarea(primary, &mx, &my, &mw, &mh);
    glfwGetWindowPos(wall, &wx, &wy);
    glfwGetWindowSize(wall, &ww, &wh);
    const int room = mx + mw - (wx + ww + 16);
    if (room >= 600) {
      x = wx + ww + 16, y = wy;
      w = std::min(1280, room), h = std::min(720, my + mh - y);
    } else {
      w = std::min(960, mw), h = std::min(540, mh);
      x = mx + mw - w, y = my + mh - h;
    }
  }
  glfwDefaultWindowHints();
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);  // placed first, then shown
  GLFWwindow* win = glfwCreateWindow(w, h, "gatemap presenter", nullptr, wall);
  if (!win) {
    std::cerr << "gatemap present: cannot open the presenter view's window; the wall plays without it\n";
    return nullptr;
  }
  glfwSetWindowPos(win, x, y);
  glfwShowWindow(win);
  install_key_queue(win, keys);  // the same queue as the wall's: every key works from either window

  std::unique_ptr<PresenterWindow> p(new PresenterWindow);
  p->win_ = win;
  p->wall_ = wall;
  ImGuiContext* wall_imgui = ImGui::GetCurrentContext();
  p->imgui_ = ImGui::CreateContext();  // CreateContext makes it current when there was none; put the wall's back
  ImGui::SetCurrentContext(wall_imgui);
  {
    CurrentContexts current(win, p->imgui_);
    glfwSwapInterval(0);  // never wait for a vertical blank here: the wall's swap paces the loop
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    ImGui::StyleColorsDark();
    float xscale = 1, yscale = 1;
    glfwGetWindowContentScale(win, &xscale, &yscale);
    p->scene_ = &scene;
    p->font_scale_ = std::max(1.0f, xscale);
    p->fonts_.load(scene, p->font_scale_, scenes);
    ImGui_ImplOpenGL3_Init("#version 330 core");
  }
  return p;
}

PresenterWindow::~PresenterWindow() {
  if (!win_) return;
  {
    CurrentContexts current(win_, imgui_);
    ImGui_ImplOpenGL3_Shutdown();
  }
  ImGui::DestroyContext(imgui_);  // the wall's context stays current
  GLFWwindow* current = glfwGetCurrentContext();
  glfwDestroyWindow(win_);
  glfwMakeContextCurrent(current == win_ ? wall_ : current);
}

bool PresenterWindow::closed() const { return win_ && glfwWindowShouldClose(win_); }

void PresenterWindow::scenes_changed(const geo::Scene& scene, const std::vector<PlaylistScene>& scenes) {
  scene_ = &scene;
  if (fonts_.lacks_glyphs(scenes)) fonts_for_ = scenes;
}

PresenterWindow::Size PresenterWindow::preview_size(int wall_w, int wall_h) const {
  if (!win_) return {};
  int ww = 0, wh = 0, fw = 0, fh = 0;
  glfwGetWindowSize(win_, &ww, &wh);
  glfwGetFramebufferSize(win_, &fw, &fh);
  const Size s = preview_size_in(static_cast<float>(ww), static_cast<float>(wh), wall_w, wall_h, chrome_px_);
  const float scale = ww > 0 ? static_cast<float>(fw) / static_cast<float>(ww) : 1;  // framebuffer pixels
  return {static_cast<int>(std::lround(s.w * scale)), static_cast<int>(std::lround(s.h * scale))};
}

namespace {

// A preview's picture (bottom-up GL rows: flipped) in a 2-pixel frame (110, 110, 120: tests find
// the pictures by it); a grey box until its first render.
void preview_image(const ScenePreviews* previews, ScenePreviews::Slot slot, ImVec2 size) {
  ImGui::SetCursorScreenPos(
      ImVec2(std::round(ImGui::GetCursorScreenPos().x), std::round(ImGui::GetCursorScreenPos().y)));
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(p.x - 2, p.y - 2), ImVec2(p.x + size.x + 2, p.y + size.y + 2), IM_COL32(110, 110, 120, 255));
  if (previews && previews->texture(slot)) {
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(previews->texture(slot))), size, ImVec2(0, 1),
                 ImVec2(1, 0));
  } else {
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), IM_COL32(40, 40, 44, 255));
    ImGui::Dummy(size);
  }
}

}  // namespace

void PresenterWindow::layout(const PresenterText& t, const std::string& clock, const ScenePreviews* previews) {
  ImFont* body = ImGui::GetIO().Fonts->Fonts.Size > 0 ? ImGui::GetIO().Fonts->Fonts[0] : nullptr;
  ImFont* large = ImGui::GetIO().Fonts->Fonts.Size > 1 ? ImGui::GetIO().Fonts->Fonts[1] : body;
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(size);
  ImGui::Begin("##presenter", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  const ImVec4 dim(0.65f, 0.65f, 0.65f, 1), warn(1.0f, 0.45f, 0.3f, 1), now_col(0.45f, 0.85f, 1.0f, 1);
  if (large) ImGui::PushFont(large);
  ImGui::TextUnformatted(t.position.c_str());
  const float clock_w = ImGui::CalcTextSize(clock.c_str()).x;
  ImGui::SameLine(std::max(0.0f, ImGui::GetWindowContentRegionMax().x - clock_w));
  ImGui::TextUnformatted(clock.c_str());
  if (large) ImGui::PopFont();
  ImGui::PushTextWrapPos(0);
  for (const std::string& s : t.wall_state) ImGui::TextColored(warn, "%s", s.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Separator();

  // The text on the left; the previews of the scene playing and the next one on the right; the
  // keys at the bottom, on as many lines as the window's width needs.
  const ImGuiStyle& style = ImGui::GetStyle();
  const std::vector<std::string> keys = presenter_keys_lines(ImGui::GetContentRegionAvail().x);
  const float line_h = ImGui::GetTextLineHeightWithSpacing();
  const float keys_y = size.y - static_cast<float>(keys.size()) * line_h - style.WindowPadding.y;
  // What the pictures leave (preview_size(), for the next frame's pictures): the header, the two
  // labels and the gaps around the pictures and their frames, the keys.
  chrome_px_ = ImGui::GetCursorPosY() + 2 * line_h + 3 * style.ItemSpacing.y + 4 + (size.y - keys_y);
  // The pictures 1:1 (rendered at preview_size(), for this window's size and scale).
  const float fb_scale = std::max(1e-3f, ImGui::GetIO().DisplayFramebufferScale.x);
  const Size img = previews && previews->width(ScenePreviews::now) > 0
                       ? Size{static_cast<int>(previews->width(ScenePreviews::now) / fb_scale),
                              static_cast<int>(previews->height(ScenePreviews::now) / fb_scale)}
                       : Size{};
  const float text_w = img.w > 0 ? ImGui::GetContentRegionAvail().x - img.w - 2 * style.ItemSpacing.x : 0;
  ImGui::BeginChild("##text", ImVec2(text_w, std::max(1.0f, keys_y - ImGui::GetCursorPosY() - style.ItemSpacing.y)),
                    false, ImGuiWindowFlags_NoScrollbar);
  ImGui::TextColored(now_col, "NOW");
  if (large) ImGui::PushFont(large);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(t.current_title.c_str());
  ImGui::PopTextWrapPos();
  if (large) ImGui::PopFont();
  ImGui::PushTextWrapPos(0);
  if (!t.current_caption.empty()) ImGui::TextColored(dim, "%s", t.current_caption.c_str());
  ImGui::Text("Scene:     %s", t.scene_time.c_str());
  ImGui::Text("Playlist:  %s", t.playlist_time.c_str());
  ImGui::Separator();
  ImGui::TextColored(now_col, "NOTES");
  ImGui::TextUnformatted(t.notes.empty() ? "(no notes for this scene)" : t.notes.c_str());
  ImGui::Separator();
  ImGui::TextColored(now_col, "NEXT");
  ImGui::TextUnformatted(t.next_title.c_str());
  if (!t.next_caption.empty()) ImGui::TextColored(dim, "%s", t.next_caption.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
  if (img.w > 0) {
    const ImVec2 picture(static_cast<float>(img.w), static_cast<float>(img.h));
    ImGui::SameLine(0, 2 * style.ItemSpacing.x);
    ImGui::BeginGroup();
    ImGui::TextColored(now_col, "NOW");
    preview_image(previews, ScenePreviews::now, picture);
    ImGui::Dummy(ImVec2(1, style.ItemSpacing.y));
    ImGui::TextColored(now_col, "NEXT");
    preview_image(previews, ScenePreviews::next, picture);
    ImGui::EndGroup();
  }
  if (ImGui::GetCursorPosY() < keys_y) ImGui::SetCursorPosY(keys_y);
  for (const std::string& line : keys) ImGui::TextColored(dim, "%s", line.c_str());
  ImGui::End();
}

void PresenterWindow::draw(const PresenterText& text, const std::string& clock, double now_s, ScenePreviews* previews) {
  if (!win_ || glfwWindowShouldClose(win_)) return;
  const bool changed =
      !(text == shown_) || clock != shown_clock_ || (previews && previews->changed()) || !fonts_for_.empty();
  if (!changed && now_s - last_draw_s_ < 0.1) return;
  int fw = 0, fh = 0, ww = 0, wh = 0;
  glfwGetFramebufferSize(win_, &fw, &fh);
  glfwGetWindowSize(win_, &ww, &wh);
  if (fw <= 0 || fh <= 0) return;  // minimised
  CurrentContexts current(win_, imgui_);
  if (text.window_title != shown_.window_title)  // the title bar says where the wall is (and tests read it)
    glfwSetWindowTitle(win_, text.window_title.c_str());
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(ww), static_cast<float>(wh));
  io.DisplayFramebufferScale =
      ImVec2(ww > 0 ? static_cast<float>(fw) / ww : 1, wh > 0 ? static_cast<float>(fh) / wh : 1);
  io.DeltaTime = last_draw_s_ < 0 ? 1.0f / 60 : std::max(1e-4f, static_cast<float>(now_s - last_draw_s_));
  if (!fonts_for_.empty() && scene_) {  // between frames: the atlas and its texture built again
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    fonts_.load(*scene_, font_scale_, fonts_for_);
    ImGui_ImplOpenGL3_CreateFontsTexture();
    fonts_for_.clear();
  }
  if (previews) previews->wait_in_reader_context();  // the wall's renders of the textures are done
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  layout(text, clock, previews);
  ImGui::Render();
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, fw, fh);
  glClearColor(0.08f, 0.08f, 0.09f, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  glfwSwapBuffers(win_);
  shown_ = text;
  shown_clock_ = clock;
  last_draw_s_ = now_s;
}

}  // namespace gatemap
