// Help → About and licences: the panel names the code licence, every attribution of the data shown
// (the scene's, from data/attribution.csv) and the notices of each data licence, and says where the
// full texts are; closed, it draws nothing.
#include <gtest/gtest.h>
#include <imgui.h>

#include <string>

#include "app/window/panels/about.hpp"
#include "tests/app/imgui_harness.hpp"
#include "tests/render/render_util.hpp"

namespace {

std::string g_text;

std::string panel_text(bool& open, bool installed) {
  g_text.clear();
  ImGui::GetIO().SetClipboardTextFn = [](void*, const char* t) { g_text = t; };
  for (int frame = 0; frame < 2; ++frame) {  // the first frame sizes the window
    ImGui::NewFrame();
    ImGui::LogToClipboard(8);
    gatemap::panels::about_and_licences(open, gatemap::test_util::default_scene(), installed);
    ImGui::LogFinish();
    ImGui::Render();
  }
  return g_text;
}

}  // namespace

TEST(AboutPanel, ListsCodeLicenceAttributionsAndDataLicences) {
  gatemap::test_util::ImGuiHarness ui;
  bool open = true;
  const std::string text = panel_text(open, true);
  EXPECT_TRUE(open);
  EXPECT_NE(text.find("MIT licence"), std::string::npos) << text;
  const auto& attributions = gatemap::test_util::default_scene().attributions;
  ASSERT_GE(attributions.size(), 10u);
  for (const auto& [layer, credit] : attributions) EXPECT_NE(text.find(credit), std::string::npos) << credit;
  for (const char* licence : {"ODbL 1.0", "CC BY-SA 4.0", "LGPL-3+", "MIT —", "Public domain"})
    EXPECT_NE(text.find(licence), std::string::npos) << licence << "\n" << text;
  EXPECT_NE(text.find("/usr/share/doc/gatemap/copyright"), std::string::npos) << text;
  EXPECT_EQ(text.find("data/SOURCES.md (every"), std::string::npos) << text;

  EXPECT_NE(panel_text(open, false).find("data/SOURCES.md"), std::string::npos);
}

TEST(AboutPanel, ClosedDrawsNothing) {
  gatemap::test_util::ImGuiHarness ui;
  bool open = false;
  const std::string text = panel_text(open, true);
  EXPECT_EQ(text.find_first_not_of('\n'), std::string::npos) << text;
}
