#include <imgui.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "app/data/user_data.hpp"
#include "app/window/panels/panels.hpp"

namespace gatemap::panels {

bool user_layers(ViewState& v, AppData& data) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + 10, vp->Pos.y + vp->Size.y - 250), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(300, 0), ImGuiCond_FirstUseEver);
  bool changed = false;
  const bool expanded = ImGui::Begin("Your data");
  note_panel(v);
  if (!expanded) {
    ImGui::End();
    return false;
  }
  if (ImGui::Button("Open file or folder…")) v.show_open = true;
  ImGui::SameLine();
  ImGui::TextDisabled("(or drop files on the window)");
  if (data.user_layers.empty()) ImGui::TextDisabled("No files of yours loaded. The default data is never changed.");
  for (size_t i = 0; i < data.user_layers.size(); ++i) {
    UserLayer& l = data.user_layers[i];
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Checkbox("##vis", &l.visible)) changed = true;
    ImGui::SameLine();
    ImGui::Text("%s", l.name.c_str());
    // Rows loaded and skipped: the time model's report for events / flows / trade / groups files, the
    // layer's own for a gates file (both kept in AppData: the panel only shows them).
    const geo::FileLoad* f = data.report.file(l.path);
    if (!f) f = l.report.file(l.path);
    ImGui::SameLine();
    if (f)
      ImGui::TextDisabled("%s: %zu rows loaded", to_string(l.kind), f->rows_loaded);
    else
      ImGui::TextDisabled("%s, %zu rows", to_string(l.kind), l.rows);
    std::vector<std::string> messages = l.problems;
    for (const geo::LoadReport* r : {&data.report, &l.report}) {
      std::vector<std::string> m = r->lines_of(l.path);
      if (!m.empty()) {
        messages.insert(messages.end(), m.begin(), m.end());
        break;
      }
    }
    if (f && f->rows_skipped > 0) {
      ImGui::SameLine();
      ImGui::TextColored(ImVec4(0.8f, 0.3f, 0.0f, 1), "%zu skipped", f->rows_skipped);
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Remove")) {
      data.user_layers.erase(data.user_layers.begin() + static_cast<std::ptrdiff_t>(i));
      changed = true;
      ImGui::PopID();
      break;
    }
    if (!messages.empty() && ImGui::TreeNode("skipped", "%zu problems (file:line: problem)", messages.size())) {
      constexpr size_t kShown = 200;
      for (size_t k = 0; k < std::min(messages.size(), kShown); ++k) ImGui::TextWrapped("%s", messages[k].c_str());
      if (messages.size() > kShown) ImGui::Text("… and %zu more", messages.size() - kShown);
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
  ImGui::End();
  return changed;
}

std::string open_file(ViewState& v) {
  namespace fs = std::filesystem;
  static std::string dir = [] {
    std::error_code ec;
    const fs::path cwd = fs::current_path(ec);
    return ec ? std::string("/") : cwd.string();
  }();
  static char typed[1024] = "";
  if (!v.show_open) return {};
  std::string chosen;
  ImGui::SetNextWindowSize(ImVec2(520, 420), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Open your data", &v.show_open)) {
    ImGui::End();
    return {};
  }
  ImGui::TextWrapped("%s", dir.c_str());
  if (ImGui::Button("Up")) dir = fs::path(dir).parent_path().string();
  ImGui::SameLine();
  if (ImGui::Button("Load this folder")) chosen = dir;
  ImGui::InputText("Path", typed, sizeof typed);
  ImGui::SameLine();
  if (ImGui::Button("Load") && typed[0]) chosen = typed;
  ImGui::Separator();
  ImGui::BeginChild("entries");
  // error_code overloads only: a symlink loop or an unreadable entry is listed as a plain name
  // (loading it then says why), never an exception out of the frame.
  std::error_code ec;
  struct Entry {
    fs::path path;
    bool directory;
  };
  std::vector<Entry> entries;
  fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code dec;
    const bool directory = it->is_directory(dec);
    entries.push_back({it->path(), directory && !dec});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.directory != b.directory) return a.directory;
    return a.path.filename() < b.path.filename();
  });
  if (ec) ImGui::TextColored(ImVec4(0.8f, 0.2f, 0.1f, 1), "%s", ec.message().c_str());
  for (const Entry& e : entries) {
    const std::string name = e.path.filename().string();
    if (!name.empty() && name[0] == '.') continue;
    if (e.directory) {
      if (ImGui::Selectable((name + "/").c_str())) dir = e.path.string();
    } else {
      std::string ext = e.path.extension().string();
      std::transform(ext.begin(), ext.end(), ext.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      const bool data_file = ext == ".csv" || ext == ".geojson" || ext == ".json" || ext == ".gpkg";
      if (!data_file) continue;
      if (ImGui::Selectable(name.c_str(), false, ImGuiSelectableFlags_AllowDoubleClick) &&
          ImGui::IsMouseDoubleClicked(0))
        chosen = e.path.string();
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Double-click to load");
    }
  }
  ImGui::EndChild();
  ImGui::End();
  if (!chosen.empty()) v.show_open = false;
  return chosen;
}

}  // namespace gatemap::panels
