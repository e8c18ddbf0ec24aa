#include "app/window/fonts.hpp"

#include <fcntl.h>
#include <imgui.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <exception>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "app/render/text.hpp"

namespace gatemap {

namespace {

// The font files mapped and handed to an atlas: [start, end) of each mapping, until the atlas
// frees it (cleared, as a rebuild of the presenter view's fonts does, or destroyed).
std::mutex g_mapped_mutex;
std::vector<std::pair<const char*, const char*>> g_mapped;

// ImGui's allocator, but a mapping handed to an atlas is unmapped, not freed: the atlas takes its
// fonts' data as its own (FontDataOwnedByAtlas), and frees it when cleared or destroyed, once
// nothing of it refers to the data any more (the glyphs are in the atlas's pixels by then). Handing
// it over owned matters: ImGui 1.86's AddFont copies data it does not own, 19.5 MB for the CJK
// collection at each size, every page of the mapping touched (about 70 ms of the wall's start-up,
// issue 14). Unmapped there, a rebuild does not keep the old mappings: 19.5 MB of address space
// per CJK font per rebuild, on a wall that runs for days.
void* imgui_alloc(size_t size, void*) { return std::malloc(size); }
void imgui_free(void* p, void*) {
  if (!p) return;
  const char* c = static_cast<const char*>(p);
  {
    std::lock_guard<std::mutex> lock(g_mapped_mutex);
    for (auto it = g_mapped.begin(); it != g_mapped.end(); ++it) {
      if (c < it->first || c >= it->second) continue;
      // The atlas frees a mapping by its start; a pointer inside one is not ImGui's to free.
      if (c == it->first) {
        ::munmap(p, static_cast<size_t>(it->second - it->first));
        g_mapped.erase(it);
      }
      return;
    }
  }
  std::free(p);
}

// A font file mapped into memory until the atlas that it is handed to frees it (imgui_free), or
// null. ImGui's AddFontFromFileTTF reads the whole file: Noto Sans CJK's collection is 19.5 MB, about
// 60 ms of reading and first touch on the CPU machine at every start for the few hundred glyphs the
// panels use (issue 14: a wall's restart shows its first frame within 0.4 s). Mapped, stb_truetype
// touches only the tables and glyphs it reads. Private and writable (copy on write), as ImGui takes
// a non-const pointer.
void* map_font(const std::string& path, int& size) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat st {};
  void* p = nullptr;
  if (::fstat(fd, &st) == 0 && st.st_size > 0 && st.st_size < (1 << 30)) {
    p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      p = nullptr;
    } else {
      size = static_cast<int>(st.st_size);
      std::lock_guard<std::mutex> lock(g_mapped_mutex);
      g_mapped.emplace_back(static_cast<const char*>(p), static_cast<const char*>(p) + st.st_size);
    }
  }
  ::close(fd);
  return p;
}

// AddFontFromFileTTF's equivalent through a mapping (falls back to reading the file).
void add_font(const std::string& path, float size_px, ImFontConfig cfg, const ImWchar* ranges) {
  ImGuiIO& io = ImGui::GetIO();
  int bytes = 0;
  if (void* data = map_font(path, bytes)) {
    // Owned, so not copied; the atlas's free of it unmaps it (imgui_free).
    cfg.FontDataOwnedByAtlas = true;
    io.Fonts->AddFontFromMemoryTTF(data, bytes, size_px, &cfg, ranges);
  } else {
    io.Fonts->AddFontFromFileTTF(path.c_str(), size_px, &cfg, ranges);
  }
}

}  // namespace

namespace {

std::map<const ImFontAtlas*, ImVector<ImWchar>>& range_lists() {
  static std::map<const ImFontAtlas*, ImVector<ImWchar>> lists;
  return lists;
}

ImVector<ImWchar>& glyph_ranges_of(const ImFontAtlas* atlas) { return range_lists()[atlas]; }

}  // namespace

size_t imgui_glyph_range_lists() { return range_lists().size(); }

void load_imgui_fonts(const geo::Scene& scene, float scale, const std::vector<std::string>& extra_text,
                      const std::vector<float>& sizes_px) {
  ImGui::SetAllocatorFunctions(imgui_alloc, imgui_free);  // before a mapping is handed over (add_font)
  ImGuiIO& io = ImGui::GetIO();
  render::FontFiles files;
  try {
    files = render::find_font_files();
  } catch (const std::exception& e) {
    std::cerr << "gatemap: " << e.what() << " (using ImGui's built-in font)\n";
    return;
  }
  // Must outlive the atlas build, which comes at the first frame: one list per atlas (the wall's
  // window and the presenter view each build their own), replaced when that atlas is loaded again
  // (its fonts were cleared first: a rebuild), so that rebuilds do not pile lists up.
  ImVector<ImWchar>& ranges = glyph_ranges_of(io.Fonts);
  ranges.clear();
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
  for (const std::string& s : extra_text) b.AddText(render::nfc_vietnamese(s).c_str());
  b.BuildRanges(&ranges);
  for (const float size_px : sizes_px) {
    const float size = size_px * scale;
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    add_font(files.latin_regular, size, cfg, ranges.Data);
    ImFontConfig merge;
    merge.MergeMode = true;
    merge.FontNo = files.cjk_face_index;
    merge.OversampleH = 1;
    add_font(files.cjk_regular, size, merge, ranges.Data);
  }
  io.FontGlobalScale = 1.0f / scale;
}

}  // namespace gatemap
