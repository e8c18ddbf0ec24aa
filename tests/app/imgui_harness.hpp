#pragma once
// A headless ImGui context for panel tests: no window, no GL; fonts built so that frames can be
// drawn and their text read (through ImGui's log).
#include <imgui.h>

namespace gatemap::test_util {

struct ImGuiHarness {
  ImGuiHarness() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.0f / 60;
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  }
  ~ImGuiHarness() { ImGui::DestroyContext(); }
  ImGuiHarness(const ImGuiHarness&) = delete;
  ImGuiHarness& operator=(const ImGuiHarness&) = delete;
};

}  // namespace gatemap::test_util
