// The presenter view's text (issue 14): the scene playing and the next, the notes, the scene's and
// the playlist's elapsed and remaining time, what the wall shows besides the map. No window: the
// window itself is driven under Xvfb by tests/cli/presenter_window.sh.
#include <gtest/gtest.h>

#include "app/window/fonts.hpp"
#include "app/window/presenter.hpp"

#include <imgui.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "app/render/text.hpp"
#include "tests/app/imgui_harness.hpp"

using namespace gatemap;

namespace {

std::vector<PlaylistScene> three_scenes() {
  std::vector<PlaylistScene> s(3);
  s[0].title = "The frontier today";
  s[0].caption = "Every gate pair";
  s[0].notes = "Point at the date stamp.";
  s[0].seconds = 20;
  s[1].title = "Covid-19: the gates close";
  s[1].seconds = 30;
  s[2].seconds = 10;  // untitled, no notes
  return s;
}

}  // namespace

TEST(PresenterView, Durations) {
  EXPECT_EQ(presenter_duration(0), "0:00");
  EXPECT_EQ(presenter_duration(59.9), "0:59");
  EXPECT_EQ(presenter_duration(75), "1:15");
  EXPECT_EQ(presenter_duration(3725), "1:02:05");
  EXPECT_EQ(presenter_duration(-3), "0:00");
}

TEST(PresenterView, CurrentAndNextSceneNotesAndTimes) {
  WallPlayer p(three_scenes(), geo::BboxLL{106.0, 21.5, 107.5, 22.5});
  PresenterState s;
  p.step(0);
  p.step(5);
  PresenterText t = presenter_text(p, s);
  EXPECT_EQ(t.position, "Scene 1 of 3");
  EXPECT_EQ(t.current_title, "The frontier today");
  EXPECT_EQ(t.current_caption, "Every gate pair");
  EXPECT_EQ(t.notes, "Point at the date stamp.");
  EXPECT_EQ(t.next_title, "Covid-19: the gates close");
  EXPECT_EQ(t.scene_time, "0:05 elapsed · 0:15 left (of 0:20)");
  EXPECT_EQ(t.playlist_time, "0:05 elapsed · 0:55 left (of 1:00)");
  EXPECT_TRUE(t.wall_state.empty());

  p.next();
  p.step(6);
  p.step(8);
  t = presenter_text(p, s);
  EXPECT_EQ(t.position, "Scene 2 of 3");
  EXPECT_EQ(t.notes, "");
  EXPECT_EQ(t.next_title, "(untitled scene)");
  EXPECT_EQ(t.scene_time, "0:02 elapsed · 0:28 left (of 0:30)");
  EXPECT_EQ(t.playlist_time, "0:22 elapsed · 0:38 left (of 1:00)");

  p.toggle_pause();
  p.step(20);  // paused: the time stands
  p.next();
  p.step(21);
  t = presenter_text(p, s);
  EXPECT_EQ(t.position, "Scene 3 of 3 · paused");
  EXPECT_EQ(t.window_title, "gatemap presenter: Scene 3 of 3 (paused)");
  EXPECT_EQ(t.current_title, "(untitled scene)");
  EXPECT_EQ(t.next_title, "The frontier today  (the playlist starts again)");
  EXPECT_EQ(t.playlist_time, "0:50 elapsed · 0:10 left (of 1:00)");
}

TEST(PresenterView, SaysWhatTheWallShows) {
  WallPlayer p(three_scenes(), geo::BboxLL{106.0, 21.5, 107.5, 22.5});
  p.step(0);
  PresenterState s;
  s.blank = true;
  s.captions = false;
  s.digits = "3";
  const PresenterText t = presenter_text(p, s);
  ASSERT_EQ(t.wall_state.size(), 3u);
  EXPECT_EQ(t.wall_state[0], "WALL BLANK (B or . brings it back)");
  EXPECT_EQ(t.wall_state[1], "captions off (C)");
  EXPECT_EQ(t.wall_state[2], "go to scene 3 … (Enter)");
  EXPECT_EQ(presenter_text(WallPlayer(), s), PresenterText{});
}

TEST(PresenterView, ClockShowsTheSetDate) {
  setenv("GATEMAP_NOW", "2026-12-07", 1);
  const std::string c = presenter_clock();
  unsetenv("GATEMAP_NOW");
  EXPECT_EQ(c.size(), std::string("14:03 · 2026-12-07").size()) << c;
  EXPECT_EQ(c.substr(c.size() - 10), "2026-12-07") << c;
}

// The presenter view's fonts after a reload (issue 14): a scenes file reloaded with Chinese text
// that the fonts were not built for has them built again with its glyphs; the same text again
// asks for nothing. (The window calls load() between frames and makes the atlas's texture again.)
TEST(PresenterView, FontsRebuiltForTheGlyphsOfAReloadedScenesFile) {
  test_util::ImGuiHarness imgui;
  ImGuiIO& io = ImGui::GetIO();
  const geo::Scene scene;  // no gate names: only the scenes' text and the fixed characters
  std::vector<PlaylistScene> before = three_scenes();
  PresenterFonts fonts;
  fonts.load(scene, 1, before);
  unsigned char* px = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  if (io.Fonts->Fonts.Size < 2) GTEST_SKIP() << "the Noto fonts are not installed";
  const ImWchar kuai = 0x5FEB, le = 0x4E50;  // 快乐, in no gate's name nor in the fixed characters
  EXPECT_EQ(io.Fonts->Fonts[0]->FindGlyphNoFallback(kuai), nullptr) << "the first atlas holds no 快";
  EXPECT_FALSE(fonts.lacks_glyphs(before));

  std::vector<PlaylistScene> after = before;
  after[1].notes = "Nói: 新年快乐";
  after[2].title = std::string("Lạng Sơn – 谅山 ") + "\xE2\x80\xA2";  // a bullet, not in the first build either
  EXPECT_TRUE(fonts.lacks_glyphs(after));
  fonts.load(scene, 1, after);
  io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  ASSERT_GE(io.Fonts->Fonts.Size, 2);
  for (const ImFont* f : {io.Fonts->Fonts[0], io.Fonts->Fonts[1]}) {  // body and large
    EXPECT_NE(f->FindGlyphNoFallback(kuai), nullptr);
    EXPECT_NE(f->FindGlyphNoFallback(le), nullptr);
    EXPECT_NE(f->FindGlyphNoFallback(0x2022), nullptr);
  }
  EXPECT_FALSE(fonts.lacks_glyphs(after)) << "built for them: no second rebuild";
  EXPECT_FALSE(fonts.lacks_glyphs(before)) << "fewer characters need no rebuild";
}

namespace {

// The mappings of `path` in this process (/proc/self/maps lines naming the file; the kernel's name
// for it, symlinks resolved).
int mappings_of(const std::string& path) {
  std::error_code ec;
  const std::string real = std::filesystem::canonical(path, ec).string();
  if (ec) return -1;
  std::ifstream maps("/proc/self/maps");
  int n = 0;
  for (std::string line; std::getline(maps, line);)
    if (line.size() > real.size() && line.ends_with(" " + real)) ++n;
  return n;
}

}  // namespace

// A rebuild of the presenter view's fonts (a reload with new glyphs) gives back the font files'
// previous mappings (issue 14: 19.5 MB of address space per CJK font per rebuild, on a wall that
// runs for days): as many mappings after ten rebuilds as after the first build, and none once the
// view's ImGui context is gone.
TEST(PresenterView, FontRebuildsUnmapThePreviousFontFiles) {
  render::FontFiles files;
  try {
    files = render::find_font_files();
  } catch (const std::exception& e) {
    GTEST_SKIP() << e.what();
  }
  const int cjk_before = mappings_of(files.cjk_regular), latin_before = mappings_of(files.latin_regular);
  ASSERT_GE(cjk_before, 0) << files.cjk_regular;
  {
    test_util::ImGuiHarness imgui;
    ImGuiIO& io = ImGui::GetIO();
    const geo::Scene scene;
    std::vector<PlaylistScene> scenes = three_scenes();
    PresenterFonts fonts;
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    fonts.load(scene, 1, scenes);
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    const int cjk = mappings_of(files.cjk_regular), latin = mappings_of(files.latin_regular);
    EXPECT_EQ(cjk, cjk_before + 2) << "body and large: one mapping each";
    const size_t range_lists = imgui_glyph_range_lists();
    for (int i = 0; i < 10; ++i) {
      scenes[0].notes = "Lần " + std::to_string(i) + ": 新年快乐";
      fonts.load(scene, 1, scenes);
      io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
      ASSERT_GE(io.Fonts->Fonts.Size, 2);
      EXPECT_NE(io.Fonts->Fonts[0]->FindGlyphNoFallback(0x5FEB), nullptr) << "快, built from the new mapping";
    }
    EXPECT_EQ(mappings_of(files.cjk_regular), cjk) << "the CJK collection mapped again at each rebuild";
    EXPECT_EQ(mappings_of(files.latin_regular), latin) << "Noto Sans mapped again at each rebuild";
    EXPECT_EQ(imgui_glyph_range_lists(), range_lists) << "a glyph-range list kept per rebuild";
  }
  EXPECT_EQ(mappings_of(files.cjk_regular), cjk_before) << "the context destroyed, its mappings stay";
  EXPECT_EQ(mappings_of(files.latin_regular), latin_before);
}

// The keys' line in a narrow presenter view (issue 14: at 624 px its end was cut off): one line
// where it fits, as before; else whole keys on as many lines as the width needs, none wider, in
// their order; a key wider than the width has a line of its own.
TEST(PresenterView, KeysLineWrapsInANarrowWindow) {
  test_util::ImGuiHarness imgui;
  PresenterFonts fonts;
  fonts.load(geo::Scene{}, 1, three_scenes());  // the view's body font (ImGui's own without the Noto fonts)
  unsigned char* px = nullptr;
  int w = 0, h = 0;
  ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  ImGui::NewFrame();  // CalcTextSize's font
  const std::string all =
      "Right/N next · Left/P previous · Space pause · digits+Enter go to · B blank · C captions · H help · Ctrl+Q quit";
  const float all_w = ImGui::CalcTextSize(all.c_str()).x;
  EXPECT_EQ(presenter_keys_lines(all_w), std::vector<std::string>{all});
  EXPECT_EQ(presenter_keys_lines(4000), std::vector<std::string>{all});
  for (const float width : {all_w - 1, 608.0f, 464.0f, 300.0f}) {  // 608, 464: 624 and 480 px windows
    const std::vector<std::string> lines = presenter_keys_lines(width);
    EXPECT_GE(lines.size(), 2u) << width;
    std::string joined;
    for (const std::string& line : lines) {
      EXPECT_LE(ImGui::CalcTextSize(line.c_str()).x, width) << line;
      EXPECT_FALSE(line.starts_with(" ") || line.ends_with(" ") || line.ends_with("·")) << line;
      joined += (joined.empty() ? "" : " · ") + line;
    }
    EXPECT_EQ(joined, all) << width;
  }
  const std::vector<std::string> one_each = presenter_keys_lines(10);
  ASSERT_EQ(one_each.size(), 8u);
  EXPECT_EQ(one_each.front(), "Right/N next");
  EXPECT_EQ(one_each.back(), "Ctrl+Q quit");
  ImGui::EndFrame();
}
