#include "app/render/text.hpp"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <limits>
#include <type_traits>
#include <utility>

namespace gatemap::render {

// ---- UTF-8 -------------------------------------------------------------------------------

std::u32string decode_utf8(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
  const std::size_t n = utf8.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned b0 = s[i];
    if (b0 < 0x80) {
      out.push_back(b0);
      ++i;
      continue;
    }
    // Lead byte: sequence length, payload bits and the allowed range of the second byte
    // (Unicode Table 3-7), which excludes overlongs, surrogates and values past U+10FFFF.
    std::size_t len = 0;
    char32_t cp = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2;
      cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3;
      cp = b0 & 0x0F;
      if (b0 == 0xE0) lo = 0xA0;
      if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4;
      cp = b0 & 0x07;
      if (b0 == 0xF0) lo = 0x90;
      if (b0 == 0xF4) hi = 0x8F;
    } else {
      out.push_back(replacement_character);
      ++i;
      continue;
    }
    std::size_t j = 1;
    for (; j < len && i + j < n; ++j) {
      const unsigned b = s[i + j];
      if (b < lo || b > hi) break;
      cp = (cp << 6) | (b & 0x3F);
      lo = 0x80;
      hi = 0xBF;
    }
    if (j == len) {
      out.push_back(cp);
      i += len;
    } else {
      out.push_back(replacement_character);  // the maximal subpart i .. i+j-1
      i += j;
    }
  }
  return out;
}

std::string encode_utf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t cp : text) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = replacement_character;
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

// ---- NFC for Vietnamese ------------------------------------------------------------------

namespace {

struct Composition {
  char32_t first, second, composite;
};

// Canonical decompositions (UnicodeData.txt field 5) of the 132 Vietnamese letters that have
// one, sorted by (first, second). Made with Python 3.11's unicodedata (Unicode 14):
//   for b in "a ă â e ê i o ô ơ u ư y" (and upper case) x tone in ("", U+0300, U+0301, U+0309,
//   U+0303, U+0323): c = NFC(b + tone); if c is not ASCII: (first, second) = decomposition(c)
constexpr Composition kCompositions[] = {
    {0x0041, 0x0300, 0x00C0}, {0x0041, 0x0301, 0x00C1}, {0x0041, 0x0302, 0x00C2}, {0x0041, 0x0303, 0x00C3},
    {0x0041, 0x0306, 0x0102}, {0x0041, 0x0309, 0x1EA2}, {0x0041, 0x0323, 0x1EA0}, {0x0045, 0x0300, 0x00C8},
    {0x0045, 0x0301, 0x00C9}, {0x0045, 0x0302, 0x00CA}, {0x0045, 0x0303, 0x1EBC}, {0x0045, 0x0309, 0x1EBA},
    {0x0045, 0x0323, 0x1EB8}, {0x0049, 0x0300, 0x00CC}, {0x0049, 0x0301, 0x00CD}, {0x0049, 0x0303, 0x0128},
    {0x0049, 0x0309, 0x1EC8}, {0x0049, 0x0323, 0x1ECA}, {0x004F, 0x0300, 0x00D2}, {0x004F, 0x0301, 0x00D3},
    {0x004F, 0x0302, 0x00D4}, {0x004F, 0x0303, 0x00D5}, {0x004F, 0x0309, 0x1ECE}, {0x004F, 0x031B, 0x01A0},
    {0x004F, 0x0323, 0x1ECC}, {0x0055, 0x0300, 0x00D9}, {0x0055, 0x0301, 0x00DA}, {0x0055, 0x0303, 0x0168},
    {0x0055, 0x0309, 0x1EE6}, {0x0055, 0x031B, 0x01AF}, {0x0055, 0x0323, 0x1EE4}, {0x0059, 0x0300, 0x1EF2},
    {0x0059, 0x0301, 0x00DD}, {0x0059, 0x0303, 0x1EF8}, {0x0059, 0x0309, 0x1EF6}, {0x0059, 0x0323, 0x1EF4},
    {0x0061, 0x0300, 0x00E0}, {0x0061, 0x0301, 0x00E1}, {0x0061, 0x0302, 0x00E2}, {0x0061, 0x0303, 0x00E3},
    {0x0061, 0x0306, 0x0103}, {0x0061, 0x0309, 0x1EA3}, {0x0061, 0x0323, 0x1EA1}, {0x0065, 0x0300, 0x00E8},
    {0x0065, 0x0301, 0x00E9}, {0x0065, 0x0302, 0x00EA}, {0x0065, 0x0303, 0x1EBD}, {0x0065, 0x0309, 0x1EBB},
    {0x0065, 0x0323, 0x1EB9}, {0x0069, 0x0300, 0x00EC}, {0x0069, 0x0301, 0x00ED}, {0x0069, 0x0303, 0x0129},
    {0x0069, 0x0309, 0x1EC9}, {0x0069, 0x0323, 0x1ECB}, {0x006F, 0x0300, 0x00F2}, {0x006F, 0x0301, 0x00F3},
    {0x006F, 0x0302, 0x00F4}, {0x006F, 0x0303, 0x00F5}, {0x006F, 0x0309, 0x1ECF}, {0x006F, 0x031B, 0x01A1},
    {0x006F, 0x0323, 0x1ECD}, {0x0075, 0x0300, 0x00F9}, {0x0075, 0x0301, 0x00FA}, {0x0075, 0x0303, 0x0169},
    {0x0075, 0x0309, 0x1EE7}, {0x0075, 0x031B, 0x01B0}, {0x0075, 0x0323, 0x1EE5}, {0x0079, 0x0300, 0x1EF3},
    {0x0079, 0x0301, 0x00FD}, {0x0079, 0x0303, 0x1EF9}, {0x0079, 0x0309, 0x1EF7}, {0x0079, 0x0323, 0x1EF5},
    {0x00C2, 0x0300, 0x1EA6}, {0x00C2, 0x0301, 0x1EA4}, {0x00C2, 0x0303, 0x1EAA}, {0x00C2, 0x0309, 0x1EA8},
    {0x00CA, 0x0300, 0x1EC0}, {0x00CA, 0x0301, 0x1EBE}, {0x00CA, 0x0303, 0x1EC4}, {0x00CA, 0x0309, 0x1EC2},
    {0x00D4, 0x0300, 0x1ED2}, {0x00D4, 0x0301, 0x1ED0}, {0x00D4, 0x0303, 0x1ED6}, {0x00D4, 0x0309, 0x1ED4},
    {0x00E2, 0x0300, 0x1EA7}, {0x00E2, 0x0301, 0x1EA5}, {0x00E2, 0x0303, 0x1EAB}, {0x00E2, 0x0309, 0x1EA9},
    {0x00EA, 0x0300, 0x1EC1}, {0x00EA, 0x0301, 0x1EBF}, {0x00EA, 0x0303, 0x1EC5}, {0x00EA, 0x0309, 0x1EC3},
    {0x00F4, 0x0300, 0x1ED3}, {0x00F4, 0x0301, 0x1ED1}, {0x00F4, 0x0303, 0x1ED7}, {0x00F4, 0x0309, 0x1ED5},
    {0x0102, 0x0300, 0x1EB0}, {0x0102, 0x0301, 0x1EAE}, {0x0102, 0x0303, 0x1EB4}, {0x0102, 0x0309, 0x1EB2},
    {0x0103, 0x0300, 0x1EB1}, {0x0103, 0x0301, 0x1EAF}, {0x0103, 0x0303, 0x1EB5}, {0x0103, 0x0309, 0x1EB3},
    {0x01A0, 0x0300, 0x1EDC}, {0x01A0, 0x0301, 0x1EDA}, {0x01A0, 0x0303, 0x1EE0}, {0x01A0, 0x0309, 0x1EDE},
    {0x01A0, 0x0323, 0x1EE2}, {0x01A1, 0x0300, 0x1EDD}, {0x01A1, 0x0301, 0x1EDB}, {0x01A1, 0x0303, 0x1EE1},
    {0x01A1, 0x0309, 0x1EDF}, {0x01A1, 0x0323, 0x1EE3}, {0x01AF, 0x0300, 0x1EEA}, {0x01AF, 0x0301, 0x1EE8},
    {0x01AF, 0x0303, 0x1EEE}, {0x01AF, 0x0309, 0x1EEC}, {0x01AF, 0x0323, 0x1EF0}, {0x01B0, 0x0300, 0x1EEB},
    {0x01B0, 0x0301, 0x1EE9}, {0x01B0, 0x0303, 0x1EEF}, {0x01B0, 0x0309, 0x1EED}, {0x01B0, 0x0323, 0x1EF1},
    {0x1EA0, 0x0302, 0x1EAC}, {0x1EA0, 0x0306, 0x1EB6}, {0x1EA1, 0x0302, 0x1EAD}, {0x1EA1, 0x0306, 0x1EB7},
    {0x1EB8, 0x0302, 0x1EC6}, {0x1EB9, 0x0302, 0x1EC7}, {0x1ECC, 0x0302, 0x1ED8}, {0x1ECD, 0x0302, 0x1ED9},
};
static_assert(std::size(kCompositions) == 132);

// Canonical combining classes of U+0300..U+036F (same source).
constexpr std::uint8_t kCombiningClass0300[0x70] = {
    230, 230, 230, 230, 230, 230, 230, 230, 230, 230, 230, 230, 230, 230, 230, 230,  // 0300
    230, 230, 230, 230, 230, 232, 220, 220, 220, 220, 232, 216, 220, 220, 220, 220,  // 0310
    220, 202, 202, 220, 220, 220, 220, 202, 202, 220, 220, 220, 220, 220, 220, 220,  // 0320
    220, 220, 220, 220, 1,   1,   1,   1,   1,   220, 220, 220, 220, 230, 230, 230,  // 0330
    230, 230, 230, 230, 230, 240, 230, 220, 220, 220, 230, 230, 230, 220, 220, 0,    // 0340
    230, 230, 230, 220, 220, 220, 220, 230, 232, 220, 220, 230, 233, 234, 234, 233,  // 0350
    234, 234, 233, 230, 230, 230, 230, 230, 230, 230, 230, 230, 230, 230, 230, 230,  // 0360
};

int combining_class(char32_t cp) { return (cp >= 0x300 && cp < 0x370) ? kCombiningClass0300[cp - 0x300] : 0; }

char32_t compose_pair(char32_t first, char32_t second) {
  const auto* end = std::end(kCompositions);
  const auto* it = std::lower_bound(std::begin(kCompositions), end, std::pair{first, second},
                                    [](const Composition& c, const std::pair<char32_t, char32_t>& k) {
                                      return c.first < k.first || (c.first == k.first && c.second < k.second);
                                    });
  return (it != end && it->first == first && it->second == second) ? it->composite : 0;
}

// Appends the full canonical decomposition of cp (within the table's scope) to out.
void decompose_into(char32_t cp, std::u32string& out) {
  if (cp == 0x340 || cp == 0x341) {  // singleton decompositions of the deprecated tone marks
    out.push_back(cp - 0x40);
    return;
  }
  if (cp >= 0xC0) {
    for (const Composition& c : kCompositions) {
      if (c.composite == cp) {
        decompose_into(c.first, out);
        out.push_back(c.second);
        return;
      }
    }
  }
  out.push_back(cp);
}

}  // namespace

std::u32string nfc_vietnamese(std::u32string_view text) {
  // Decompose, reorder marks by combining class (stable), then compose as UAX #15 does.
  std::u32string s;
  s.reserve(text.size() + 8);
  for (char32_t cp : text) decompose_into(cp, s);
  for (std::size_t i = 0; i < s.size();) {
    if (combining_class(s[i]) == 0) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && combining_class(s[j]) != 0) ++j;
    std::stable_sort(s.begin() + static_cast<std::ptrdiff_t>(i), s.begin() + static_cast<std::ptrdiff_t>(j),
                     [](char32_t a, char32_t b) { return combining_class(a) < combining_class(b); });
    i = j;
  }
  if (s.empty()) return s;
  std::size_t starter = 0;
  int last_class = combining_class(s[0]) == 0 ? 0 : 256;
  std::size_t write = 1;
  for (std::size_t read = 1; read < s.size(); ++read) {
    const char32_t ch = s[read];
    const int cls = combining_class(ch);
    const char32_t composite = last_class == 256 ? 0 : compose_pair(s[starter], ch);
    if (composite != 0 && (last_class < cls || last_class == 0)) {
      s[starter] = composite;
      continue;
    }
    if (cls == 0) starter = write;
    last_class = cls;
    s[write++] = ch;
  }
  s.resize(write);
  return s;
}

std::string nfc_vietnamese(std::string_view utf8) { return encode_utf8(nfc_vietnamese(decode_utf8(utf8))); }

// ---- Font files --------------------------------------------------------------------------

namespace {

bool is_file(const std::string& path) {
  std::error_code ec;
  return !path.empty() && std::filesystem::is_regular_file(path, ec);
}

std::string first_existing(std::initializer_list<const char*> paths) {
  for (const char* p : paths)
    if (is_file(p)) return p;
  return {};
}

struct FcPatternDeleter {
  void operator()(FcPattern* p) const { FcPatternDestroy(p); }
};
using FcPatternPtr = std::unique_ptr<FcPattern, FcPatternDeleter>;

}  // namespace

// fontconfig's library, not the `fc-match` program: nothing runs in a shell, and the family and
// style are values of a pattern, never parsed (a ':' or '\' in a name is just a character).
std::optional<FontMatch> match_font(const std::string& family, const std::string& style) {
  FcPatternPtr pattern(FcPatternBuild(nullptr, FC_FAMILY, FcTypeString, family.c_str(), FC_STYLE, FcTypeString,
                                      style.c_str(), static_cast<char*>(nullptr)));
  if (!pattern) return std::nullopt;
  // nullptr: the current configuration, initialised on first use.
  if (!FcConfigSubstitute(nullptr, pattern.get(), FcMatchPattern)) return std::nullopt;
  FcDefaultSubstitute(pattern.get());
  FcResult result = FcResultNoMatch;
  FcPatternPtr match(FcFontMatch(nullptr, pattern.get(), &result));
  if (!match || result != FcResultMatch) return std::nullopt;
  // fontconfig always answers with something: accept the answer only when one of its family
  // names is the one asked for.
  bool same_family = false;
  FcChar8* name = nullptr;
  for (int i = 0; !same_family && FcPatternGetString(match.get(), FC_FAMILY, i, &name) == FcResultMatch; ++i)
    same_family = std::string_view(reinterpret_cast<const char*>(name)).find(family) != std::string_view::npos;
  FcChar8* file = nullptr;
  if (!same_family || FcPatternGetString(match.get(), FC_FILE, 0, &file) != FcResultMatch) return std::nullopt;
  FontMatch m;
  m.path = reinterpret_cast<const char*>(file);
  if (FcPatternGetInteger(match.get(), FC_INDEX, 0, &m.index) != FcResultMatch) m.index = 0;
  if (!is_file(m.path)) return std::nullopt;
  return m;
}

namespace {

std::string find_or_match(std::initializer_list<const char*> paths, const std::string& family, const char* style,
                          int* index_out, const char* what, const char* package) {
  std::string path = first_existing(paths);
  if (!path.empty()) return path;
  if (std::optional<FontMatch> m = match_font(family, style)) {
    if (index_out) *index_out = m->index;
    return m->path;
  }
  throw FontError(std::string("font not found: ") + what + " (looked in " + *paths.begin() +
                  " and asked fontconfig); install the Debian package " + package);
}

}  // namespace

FontFiles find_font_files() {
  FontFiles f;
  f.latin_regular =
      find_or_match({"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
                     "/usr/share/fonts/noto/NotoSans-Regular.ttf", "/usr/share/fonts/google-noto/NotoSans-Regular.ttf"},
                    "Noto Sans", "Regular", nullptr, "Noto Sans Regular", "fonts-noto-core");
  f.latin_bold =
      find_or_match({"/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf", "/usr/share/fonts/noto/NotoSans-Bold.ttf",
                     "/usr/share/fonts/google-noto/NotoSans-Bold.ttf"},
                    "Noto Sans", "Bold", nullptr, "Noto Sans Bold", "fonts-noto-core");
  f.cjk_regular = find_or_match(
      {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
       "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"},
      "Noto Sans CJK SC", "Regular", &f.cjk_face_index, "Noto Sans CJK SC Regular", "fonts-noto-cjk");
  // Bold CJK is optional: the regular face serves for bold titles when it is absent.
  f.cjk_bold = first_existing({"/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
                               "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
                               "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc"});
  return f;
}

// ---- Faces -------------------------------------------------------------------------------

namespace {

struct LibraryDeleter {
  void operator()(FT_Library l) const { FT_Done_FreeType(l); }
};
struct FaceDeleter {
  void operator()(FT_Face f) const { FT_Done_Face(f); }
};
using LibraryPtr = std::unique_ptr<std::remove_pointer_t<FT_Library>, LibraryDeleter>;
using FacePtr = std::unique_ptr<std::remove_pointer_t<FT_Face>, FaceDeleter>;

struct Face {
  std::string path;
  int index = 0;
  std::string family;  // for collections: the family to find; empty = take `index` as is
  FacePtr face;        // opened on first use
  int size26 = 0;      // the size last set on the FT_Size, 26.6 pixels
};

FacePtr open_face(FT_Library lib, const std::string& path, int index) {
  FT_Face f = nullptr;
  const FT_Error err = FT_New_Face(lib, path.c_str(), index, &f);
  if (err != 0) {
    throw FontError("cannot open font " + path + " (face " + std::to_string(index) + "): FreeType error " +
                    std::to_string(err) + "; reinstall fonts-noto-core / fonts-noto-cjk");
  }
  return FacePtr(f);
}

// The face of `family` in a collection: index `hint` when its family matches, else the first
// face that matches. FT_New_Face with a negative index only reads the collection header.
FacePtr open_collection_face(FT_Library lib, const std::string& path, int hint, const std::string& family) {
  FacePtr face = open_face(lib, path, std::max(hint, 0));
  if (family.empty() || (face->family_name && family == face->family_name)) return face;
  const FT_Long n = face->num_faces;
  for (FT_Long i = 0; i < n; ++i) {
    FacePtr candidate = open_face(lib, path, static_cast<int>(i));
    if (candidate->family_name && family == candidate->family_name) return candidate;
  }
  throw FontError("font " + path + " has no face of family '" + family + "'; install fonts-noto-cjk");
}

bool is_ignorable(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2060 && cp <= 0x2064) ||
         cp == 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

bool is_line_break(char32_t cp) { return cp == U'\n' || cp == 0x2028 || cp == 0x2029; }

}  // namespace

struct Fonts::Impl {
  LibraryPtr library;  // declared first: destroyed after the faces
  std::array<std::vector<Face>, font_style_count> chains;

  // The face, opened if it was not yet.
  Face& face(FontStyle style, int i) {
    Face& f = chains[static_cast<int>(style)][static_cast<std::size_t>(i)];
    if (!f.face) {
      f.face = f.family.empty() ? open_face(library.get(), f.path, f.index)
                                : open_collection_face(library.get(), f.path, f.index, f.family);
    }
    return f;
  }
};

Fonts::Fonts(const FontFiles& files) : impl_(std::make_unique<Impl>()) {
  if (!is_file(files.latin_regular))
    throw FontError("font not found: " + files.latin_regular + "; install fonts-noto-core");
  if (!is_file(files.cjk_regular)) throw FontError("font not found: " + files.cjk_regular + "; install fonts-noto-cjk");
  FT_Library lib = nullptr;
  if (FT_Init_FreeType(&lib) != 0) throw FontError("FreeType failed to initialise");
  impl_->library.reset(lib);
  const std::string& latin_bold = is_file(files.latin_bold) ? files.latin_bold : files.latin_regular;
  const std::string& cjk_bold = is_file(files.cjk_bold) ? files.cjk_bold : files.cjk_regular;
  auto& regular = impl_->chains[static_cast<int>(FontStyle::regular)];
  auto& bold = impl_->chains[static_cast<int>(FontStyle::bold)];
  regular.push_back({files.latin_regular, 0, {}, nullptr, 0});
  regular.push_back({files.cjk_regular, files.cjk_face_index, files.cjk_family, nullptr, 0});
  bold.push_back({latin_bold, 0, {}, nullptr, 0});
  bold.push_back({cjk_bold, files.cjk_face_index, files.cjk_family, nullptr, 0});
}

Fonts::~Fonts() = default;
Fonts::Fonts(Fonts&&) noexcept = default;
Fonts& Fonts::operator=(Fonts&&) noexcept = default;

int Fonts::face_for(FontStyle style, char32_t cp) const {
  const int n = face_count(style);
  for (int i = 0; i < n; ++i)
    if (FT_Get_Char_Index(impl_->face(style, i).face.get(), cp) != 0) return i;
  return -1;
}

int Fonts::face_count(FontStyle style) const { return static_cast<int>(impl_->chains[static_cast<int>(style)].size()); }

std::string Fonts::face_name(FontStyle style, int face) const {
  const FT_Face f = impl_->face(style, face).face.get();
  return std::string(f->family_name ? f->family_name : "?") + " " + (f->style_name ? f->style_name : "?");
}

std::vector<char32_t> Fonts::missing_codepoints(std::string_view utf8, FontStyle style) const {
  std::vector<char32_t> missing;
  for (char32_t cp : nfc_vietnamese(decode_utf8(utf8))) {
    if (is_ignorable(cp) || is_line_break(cp)) continue;
    if (face_for(style, cp) < 0 && std::find(missing.begin(), missing.end(), cp) == missing.end())
      missing.push_back(cp);
  }
  return missing;
}

// ---- Atlas -------------------------------------------------------------------------------

namespace {

constexpr int kGutter = 1;
constexpr int kCrispBelowPx = 12;  // text smaller than this is hinted on both axes (see rasterise)  // empty texels
                                   // between glyph rects (bilinear sampling never bleeds)
constexpr float kFar = 1e20f;

int quantise_size(float size_px) {
  const float s = std::isfinite(size_px) ? std::clamp(size_px, 1.0f, 1024.0f) : 16.0f;
  return static_cast<int>(std::lround(s * 64.0f));
}

std::uint8_t to_byte(float v01) { return static_cast<std::uint8_t>(v01 * 255.0f + 0.5f); }

void set_size(Face& f, int size26) {
  if (f.size26 == size26) return;
  FT_Set_Char_Size(f.face.get(), 0, size26, 72, 72);  // 72 dpi: 1 pt = 1 px
  f.size26 = size26;
}

// Squared 1-D distance transform of a sampled function (Felzenszwalb & Huttenlocher 2012):
// f[q * stride] <- min_p (q - p)^2 + f[p * stride], in place. d: n floats, v: n ints, z: n + 1
// floats of scratch.
void distance_transform_1d(float* f, int n, int stride, float* d, int* v, float* z) {
  constexpr float inf = std::numeric_limits<float>::infinity();
  const auto at = [&](int p) { return f[static_cast<std::ptrdiff_t>(p) * stride]; };
  int k = 0;
  v[0] = 0;
  z[0] = -inf;
  z[1] = inf;
  for (int q = 1; q < n; ++q) {
    const float fq = at(q) + static_cast<float>(q) * static_cast<float>(q);
    float s = 0;
    for (;;) {
      const int p = v[k];
      s = (fq - (at(p) + static_cast<float>(p) * static_cast<float>(p))) / static_cast<float>(2 * (q - p));
      if (s > z[k]) break;
      --k;  // terminates: z[0] = -inf and s is finite
    }
    ++k;
    v[k] = q;
    z[k] = s;
    z[k + 1] = inf;
  }
  k = 0;
  for (int q = 0; q < n; ++q) {
    while (z[k + 1] < static_cast<float>(q)) ++k;
    const float dq = static_cast<float>(q - v[k]);
    d[q] = dq * dq + at(v[k]);
  }
  for (int q = 0; q < n; ++q) f[static_cast<std::ptrdiff_t>(q) * stride] = d[q];
}

}  // namespace

FontAtlas::FontAtlas(Fonts fonts, AtlasSettings settings) : fonts_(std::move(fonts)), settings_(settings) {
  if (settings_.max_size <= 0) settings_.max_size = 8192;
  settings_.max_size = std::max(64, settings_.max_size / 64 * 64);
  if (settings_.width <= 0) settings_.width = 1024;
  settings_.width = std::min((settings_.width + 63) / 64 * 64, settings_.max_size);
  if (settings_.initial_height <= 0) settings_.initial_height = 128;
  settings_.initial_height = std::clamp(settings_.initial_height, 1, settings_.max_size);
  clear();
}

void FontAtlas::clear() {
  width_ = settings_.width;
  height_ = settings_.initial_height;
  // Reserve room for the tallest atlas: growing in height then only zero-fills the new rows
  // (no copy, and untouched reserved pages cost no memory), which matters where first-touching
  // fresh memory costs ~3 ms per MiB.
  std::vector<std::uint8_t>().swap(pixels_);
  pixels_.reserve(static_cast<std::size_t>(width_) * static_cast<std::size_t>(settings_.max_size) * channels);
  pixels_.assign(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_) * channels, 0);
  shelves_.clear();
  shelves_bottom_ = 0;
  cache_.clear();
  full_ = false;
  dirty_ = {0, height_};
  ++generation_;
}

void FontAtlas::mark_dirty(int y0, int y1) {
  dirty_ = dirty_.y0 == dirty_.y1 ? Rows{y0, y1} : Rows{std::min(dirty_.y0, y0), std::max(dirty_.y1, y1)};
}

float FontAtlas::halo_px(float size_px) const {
  if (settings_.no_halo) return 0;
  return std::max(settings_.min_halo_px, settings_.halo_em * static_cast<float>(quantise_size(size_px)) / 64.0f);
}

bool FontAtlas::try_allocate(int w, int h, int& x, int& y) {
  // Best-fitting shelf not much taller than the glyph; otherwise open a new shelf.
  Shelf* best = nullptr;
  for (Shelf& s : shelves_) {
    if (s.height >= h && s.height <= h + h / 3 + 4 && s.x + w <= width_ && (!best || s.height < best->height))
      best = &s;
  }
  if (best) {
    x = best->x;
    y = best->y;
    best->x += w;
    return true;
  }
  const int shelf_h = (h + 3) & ~3;  // multiples of 4 px share shelves better
  if (w > width_ || shelves_bottom_ + shelf_h > height_) return false;
  shelves_.push_back({shelves_bottom_, shelf_h, w});
  x = 0;
  y = shelves_bottom_;
  shelves_bottom_ += shelf_h;
  return true;
}

bool FontAtlas::grow(int need_w) {
  const int max = settings_.max_size;
  if (need_w > width_) {
    // Rare: a glyph wider than the atlas. Double the width, copying rows.
    int new_w = width_;
    while (new_w < need_w && new_w < max) new_w = std::min(new_w * 2, max);
    if (new_w < need_w) return false;
    std::vector<std::uint8_t> wider;
    wider.reserve(static_cast<std::size_t>(new_w) * static_cast<std::size_t>(max) * channels);
    wider.assign(static_cast<std::size_t>(new_w) * static_cast<std::size_t>(height_) * channels, 0);
    const std::size_t row = static_cast<std::size_t>(width_) * channels;
    for (int yy = 0; yy < height_; ++yy)
      std::memcpy(wider.data() + static_cast<std::size_t>(yy) * static_cast<std::size_t>(new_w) * channels,
                  pixels_.data() + static_cast<std::size_t>(yy) * row, row);
    pixels_ = std::move(wider);
    width_ = new_w;
    dirty_ = {0, height_};
  } else {
    // Grow downwards by half again (at least 128 rows), within the reserved capacity.
    const int new_h = std::min(max, height_ + std::max(128, height_ / 2));
    if (new_h <= height_) return false;
    pixels_.resize(static_cast<std::size_t>(width_) * static_cast<std::size_t>(new_h) * channels, 0);
    mark_dirty(height_, new_h);
    height_ = new_h;
  }
  ++generation_;
  return true;
}

bool FontAtlas::allocate(int w, int h, int& x, int& y) {
  while (!try_allocate(w + kGutter, h + kGutter, x, y))
    if (!grow(w + kGutter)) return false;
  return true;
}

GlyphInfo FontAtlas::glyph(FontStyle style, char32_t cp, float size_px) {
  const int size26 = quantise_size(size_px);
  const std::uint64_t key =
      (static_cast<std::uint64_t>(size26) << 32) | (static_cast<std::uint64_t>(style) << 24) | (cp & 0xFFFFFFu);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  GlyphInfo info = rasterise(style, cp, size26);
  if (info.in_atlas) cache_.emplace(key, info);  // a glyph that did not fit is retried after clear()
  return info;
}

// Writes one glyph's padded rect into the atlas: R = coverage; G = a disc of radius `halo`
// around every inked texel (Euclidean distance transform of the ink) with a 1 px soft edge,
// max'ed with the coverage so that G >= R holds exactly. pad == 0: G = R.
void FontAtlas::bake_glyph(const Bitmap& bm, int pad, float halo, int ax, int ay) {
  const int w = bm.width + 2 * pad;
  const int h = bm.rows + 2 * pad;
  const auto n = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
  std::vector<float>& cov = scratch_.coverage;
  cov.assign(n, 0.0f);
  for (int r = 0; r < bm.rows; ++r) {
    const unsigned char* src = bm.buffer + static_cast<std::ptrdiff_t>(r) * bm.pitch;
    float* dst =
        cov.data() + static_cast<std::size_t>(r + pad) * static_cast<std::size_t>(w) + static_cast<std::size_t>(pad);
    for (int c = 0; c < bm.width; ++c) {
      const unsigned v = bm.mono ? ((src[c >> 3] >> (7 - (c & 7))) & 1u) * 255u : src[c];
      dst[c] = static_cast<float>(v) / 255.0f;
    }
  }
  std::vector<float>& dist = scratch_.dist;
  if (pad > 0) {
    dist.resize(n);
    for (std::size_t i = 0; i < n; ++i) dist[i] = cov[i] > 0.0f ? 0.0f : kFar;
    const auto longest = static_cast<std::size_t>(std::max(w, h));
    scratch_.line.resize(longest);
    scratch_.v.resize(longest);
    scratch_.z.resize(longest + 1);
    // Columns of the padding hold no ink: their transform is a no-op, skip them.
    for (int x = pad; x < w - pad; ++x)
      distance_transform_1d(dist.data() + x, h, w, scratch_.line.data(), scratch_.v.data(), scratch_.z.data());
    for (int y = 0; y < h; ++y)
      distance_transform_1d(dist.data() + static_cast<std::ptrdiff_t>(y) * w, w, 1, scratch_.line.data(),
                            scratch_.v.data(), scratch_.z.data());
  }
  const float reach2 = (halo + 0.5f) * (halo + 0.5f);
  for (int y = 0; y < h; ++y) {
    std::uint8_t* out =
        pixels_.data() +
        (static_cast<std::size_t>(ay + y) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(ax)) * channels;
    for (int x = 0; x < w; ++x) {
      const auto i = static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x);
      float g = cov[i];
      if (pad > 0 && dist[i] < reach2) g = std::max(g, std::min(1.0f, halo + 0.5f - std::sqrt(dist[i])));
      out[2 * x] = to_byte(cov[i]);
      out[2 * x + 1] = to_byte(g);  // g >= coverage, same rounding: G >= R
    }
  }
}

GlyphInfo FontAtlas::rasterise(FontStyle style, char32_t cp, int size26) {
  GlyphInfo info;
  info.face = fonts_.face_for(style, cp);
  if (info.face < 0) return info;
  Face& face = fonts_.impl_->face(style, info.face);
  set_size(face, size26);
  FT_Face f = face.face.get();
  // Light hinting (vertical only) keeps shapes' widths and advances proportional. Below
  // kCrispBelowPx that left stems and bowls straddling two pixel columns at half coverage, and
  // the legend read "Lạng Scn", "th's l'ne" at 1080p: small text is hinted on both axes by
  // FreeType's auto-hinter (stems snapped to whole pixels) and advanced by the hinted (whole
  // pixel) advance, so that every glyph starts on a pixel and its stems stay solid.
  const bool small = size26 < kCrispBelowPx * 64;
  const FT_Int32 load = small ? FT_LOAD_TARGET_NORMAL | FT_LOAD_FORCE_AUTOHINT : FT_LOAD_TARGET_LIGHT;
  const FT_Render_Mode mode = small ? FT_RENDER_MODE_NORMAL : FT_RENDER_MODE_LIGHT;
  if (FT_Load_Glyph(f, FT_Get_Char_Index(f, cp), load) != 0 ||
      (f->glyph->format != FT_GLYPH_FORMAT_BITMAP && FT_Render_Glyph(f->glyph, mode) != 0)) {
    info.face = -1;
    return info;
  }
  info.advance = small ? static_cast<float>(f->glyph->advance.x) / 64.0f
                       : static_cast<float>(f->glyph->linearHoriAdvance) / 65536.0f;
  const FT_Bitmap& ft = f->glyph->bitmap;
  if (ft.width == 0 || ft.rows == 0) return info;
  if (ft.pixel_mode != FT_PIXEL_MODE_GRAY && ft.pixel_mode != FT_PIXEL_MODE_MONO) {
    info.face = -1;  // colour or LCD bitmaps: none in the Noto faces used here
    return info;
  }
  const Bitmap bm{ft.buffer, static_cast<int>(ft.width), static_cast<int>(ft.rows), ft.pitch,
                  ft.pixel_mode == FT_PIXEL_MODE_MONO};

  const float halo = halo_px(static_cast<float>(size26) / 64.0f);
  const int pad = settings_.no_halo ? 0 : static_cast<int>(std::ceil(halo)) + 1;
  const int w = bm.width + 2 * pad;
  const int h = bm.rows + 2 * pad;
  int ax = 0, ay = 0;
  if (!allocate(w, h, ax, ay)) {
    full_ = true;
    info.in_atlas = false;
    return info;
  }
  info.atlas_x = ax;
  info.atlas_y = ay;
  info.width = w;
  info.height = h;
  info.bearing_x = f->glyph->bitmap_left - pad;
  info.bearing_y = -f->glyph->bitmap_top - pad;

  bake_glyph(bm, pad, halo, ax, ay);
  mark_dirty(ay, ay + h);
  ++generation_;
  return info;
}

struct FontAtlas::Line {
  struct Placed {
    GlyphInfo info;
    float pen = 0;  // pen position on the baseline, px from the line's start
  };
  std::vector<Placed> glyphs;
  float width = 0, ascent = 0, descent = 0;  // px; metrics of the faces the line uses
};

std::vector<FontAtlas::Line> FontAtlas::break_lines(std::u32string_view text, FontStyle style, float size,
                                                    std::vector<char32_t>& missing) {
  std::vector<Line> lines(1);
  const auto add_face_metrics = [&](int face_index, Line& line) {
    const FT_Face f = fonts_.impl_->face(style, face_index).face.get();
    const float scale = size / static_cast<float>(f->units_per_EM);
    line.ascent = std::max(line.ascent, static_cast<float>(f->ascender) * scale);
    line.descent = std::max(line.descent, -static_cast<float>(f->descender) * scale);
  };
  for (char32_t cp : text) {
    if (is_line_break(cp)) {
      lines.emplace_back();
      continue;
    }
    if (cp == U'\t') cp = U' ';
    if (is_ignorable(cp)) continue;
    const GlyphInfo info = glyph(style, cp, size);
    if (info.face < 0) {
      if (std::find(missing.begin(), missing.end(), cp) == missing.end()) missing.push_back(cp);
      continue;
    }
    Line& line = lines.back();
    line.glyphs.push_back({info, line.width});
    line.width += info.advance;
    add_face_metrics(info.face, line);
  }
  for (Line& line : lines)
    if (line.glyphs.empty()) add_face_metrics(0, line);  // an empty line is as tall as Latin text
  return lines;
}

namespace {

void add_quad(const GlyphInfo& g, float x0, float y0, TextBlock& block) {
  GlyphQuad q;
  q.x0 = x0;
  q.y0 = y0;
  q.x1 = x0 + static_cast<float>(g.width);
  q.y1 = y0 + static_cast<float>(g.height);
  q.u0 = static_cast<float>(g.atlas_x);
  q.v0 = static_cast<float>(g.atlas_y);
  q.u1 = q.u0 + static_cast<float>(g.width);
  q.v1 = q.v0 + static_cast<float>(g.height);
  block.quads.push_back(q);
  TextBox& ink = block.ink;
  ink = {std::min(ink.x0, q.x0), std::min(ink.y0, q.y0), std::max(ink.x1, q.x1), std::max(ink.y1, q.y1)};
}

}  // namespace

TextBlock FontAtlas::layout(std::string_view utf8, FontStyle style, float size_px, TextAlign align) {
  const float size = static_cast<float>(quantise_size(size_px)) / 64.0f;
  TextBlock block;
  const std::vector<Line> lines = break_lines(nfc_vietnamese(decode_utf8(utf8)), style, size, block.missing);
  for (const Line& line : lines) block.width = std::max(block.width, std::ceil(line.width));
  block.lines = static_cast<int>(lines.size());
  block.halo_px = halo_px(size);
  block.ink = {kFar, kFar, -kFar, -kFar};
  // Baselines and line offsets on whole pixels: glyph bitmaps are rasterised at a whole-pixel
  // origin, so quads land on whole pixels and the text stays crisp.
  float baseline = std::round(lines[0].ascent);
  block.ascent = baseline;
  for (std::size_t li = 0; li < lines.size(); ++li) {
    const Line& line = lines[li];
    if (li > 0) baseline = std::round(baseline + lines[li - 1].descent + line.ascent);
    float x_offset = 0;
    if (align == TextAlign::center) x_offset = std::round((block.width - line.width) * 0.5f);
    if (align == TextAlign::right) x_offset = std::round(block.width - line.width);
    for (const Line::Placed& p : line.glyphs) {
      if (p.info.width == 0) continue;  // blank (space), or not in the atlas (full)
      add_quad(p.info, std::round(x_offset + p.pen) + static_cast<float>(p.info.bearing_x),
               baseline + static_cast<float>(p.info.bearing_y), block);
    }
  }
  block.descent = std::ceil(lines.back().descent);
  block.height = baseline + block.descent;
  if (block.quads.empty()) block.ink = {};
  return block;
}

}  // namespace gatemap::render
