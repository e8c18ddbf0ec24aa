// Text: fonts (no tofu for the map's names), UTF-8, NFC for Vietnamese, the glyph atlas and
// line layout. Uses Debian's Noto fonts (fonts-noto-core, fonts-noto-cjk).
#include "app/render/text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#ifndef GATEMAP_DATA_DIR
#error "GATEMAP_DATA_DIR must point at the repository's data/ folder"
#endif

namespace gatemap::render {
namespace {

// Minimal RFC 4180 reader (quoted fields with commas, doubled quotes and newlines), so that this
// test depends on nothing but the file.
std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      rows.back().push_back(std::move(cell));
      cell.clear();
    } else if (ch == '\n') {
      rows.back().push_back(std::move(cell));
      cell.clear();
      rows.emplace_back();
    } else if (ch != '\r') {
      cell += ch;
    }
  }
  if (!cell.empty() || !rows.back().empty()) rows.back().push_back(std::move(cell));
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// Every non-empty name_vi and name_zh of data/gates.csv and data/gate_pairs.csv.
std::vector<std::string> map_names() {
  std::vector<std::string> names;
  for (const char* file : {"gates.csv", "gate_pairs.csv"}) {
    const auto rows = read_csv(std::string(GATEMAP_DATA_DIR) + "/" + file);
    EXPECT_GE(rows.size(), 2u) << file;
    if (rows.empty()) continue;
    for (const char* column : {"name_vi", "name_zh"}) {
      const auto it = std::find(rows[0].begin(), rows[0].end(), column);
      EXPECT_NE(it, rows[0].end()) << file << " has no column " << column;
      if (it == rows[0].end()) continue;
      const auto col = static_cast<std::size_t>(it - rows[0].begin());
      for (std::size_t r = 1; r < rows.size(); ++r)
        if (col < rows[r].size() && !rows[r][col].empty()) names.push_back(rows[r][col]);
    }
  }
  return names;
}

// One set of faces for the whole test program (opening them is the slow part).
FontAtlas& shared_atlas() {
  static FontAtlas atlas;
  return atlas;
}

std::string hex(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

std::uint8_t channel(const FontAtlas& atlas, int x, int y, int c) {
  return atlas
      .pixels()[(static_cast<std::size_t>(y) * static_cast<std::size_t>(atlas.width()) + static_cast<std::size_t>(x)) *
                    2 +
                static_cast<std::size_t>(c)];
}

// ---- fonts -------------------------------------------------------------------------------

TEST(Fonts, FindsDebianNotoFaces) {
  const FontFiles files = find_font_files();
  EXPECT_NE(files.latin_regular.find("NotoSans-Regular"), std::string::npos) << files.latin_regular;
  EXPECT_NE(files.cjk_regular.find("NotoSansCJK"), std::string::npos) << files.cjk_regular;
  const Fonts& fonts = shared_atlas().fonts();
  ASSERT_EQ(fonts.face_count(FontStyle::regular), 2);
  EXPECT_EQ(fonts.face_name(FontStyle::regular, 0), "Noto Sans Regular");
  EXPECT_EQ(fonts.face_name(FontStyle::regular, 1), "Noto Sans CJK SC Regular");
  EXPECT_EQ(fonts.face_name(FontStyle::bold, 0), "Noto Sans Bold");
}

// The last resort of find_font_files when the Noto files are not at a known path.
TEST(Fonts, FontconfigMatchesFamilyAndStyle) {
  const std::optional<FontMatch> bold = match_font("Noto Sans", "Bold");
  ASSERT_TRUE(bold.has_value());
  EXPECT_TRUE(std::filesystem::is_regular_file(bold->path)) << bold->path;
  EXPECT_NE(bold->path.find("NotoSans-Bold"), std::string::npos) << bold->path;
  EXPECT_EQ(bold->index, 0);
  // A collection: the face of the simplified Chinese family, not the file's first face.
  const std::optional<FontMatch> cjk = match_font("Noto Sans CJK SC", "Regular");
  ASSERT_TRUE(cjk.has_value());
  EXPECT_NE(cjk->path.find("NotoSansCJK"), std::string::npos) << cjk->path;
  EXPECT_EQ(cjk->index, FontFiles{}.cjk_face_index);
}

TEST(Fonts, FontconfigAnswersOnlyForTheFamilyAskedFor) {
  // fontconfig always has a best match (Noto Sans here); another family is no answer.
  EXPECT_FALSE(match_font("No Such Family 7f3a", "Regular").has_value());
  // The family is a value, never a command line nor a fontconfig pattern to parse.
  const std::filesystem::path marker = std::filesystem::path(testing::TempDir()) / "gatemap_fontconfig_marker";
  std::filesystem::remove(marker);
  const std::string hostile = "x'; touch " + marker.string() + "; echo '\"; touch " + marker.string() + " #";
  EXPECT_FALSE(match_font(hostile, "Regular").has_value());
  EXPECT_FALSE(match_font("Noto Sans:style=Bold", "Regular").has_value());
  EXPECT_FALSE(std::filesystem::exists(marker));
}

TEST(Fonts, FallbackPicksTheFirstFaceWithTheGlyph) {
  const Fonts& fonts = shared_atlas().fonts();
  EXPECT_EQ(fonts.face_for(FontStyle::regular, U'L'), 0);
  EXPECT_EQ(fonts.face_for(FontStyle::regular, U'\u1EEF'), 0);       // ữ: Noto Sans, not the CJK face
  EXPECT_EQ(fonts.face_for(FontStyle::regular, U'\u53CB'), 1);       // 友
  EXPECT_EQ(fonts.face_for(FontStyle::bold, U'\u5173'), 1);          // 关
  EXPECT_EQ(fonts.face_for(FontStyle::regular, U'\U0010FFFD'), -1);  // private use: nowhere
}

TEST(Fonts, NoTofuForAnyGateName) {
  const std::vector<std::string> names = map_names();
  ASSERT_GE(names.size(), 40u);  // both files, both columns were read
  std::size_t cjk_names = 0;
  for (const std::string& name : names) {
    for (FontStyle style : {FontStyle::regular, FontStyle::bold}) {
      const auto missing = shared_atlas().fonts().missing_codepoints(name, style);
      std::string list;
      for (char32_t cp : missing) list += hex(cp) + " ";
      EXPECT_TRUE(missing.empty()) << name << " lacks " << list;
    }
    const TextBlock block = shared_atlas().layout(name, FontStyle::regular, 16);
    EXPECT_TRUE(block.missing.empty()) << name;
    EXPECT_FALSE(block.quads.empty()) << name;
    cjk_names += name.find("\xE5\x8F\x8B") != std::string::npos;  // 友
  }
  EXPECT_GE(cjk_names, 3u);  // the Chinese column really was checked
}

TEST(Fonts, MissingCodepointsAreReportedOnce) {
  const auto missing =
      shared_atlas().fonts().missing_codepoints("a\U0010FFFDb\U0010FFFD\xF3\xB0\x80\x80", FontStyle::regular);
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_EQ(missing[0], U'\U0010FFFD');
  EXPECT_EQ(missing[1], U'\U000F0000');
  const TextBlock block = shared_atlas().layout("a\U0010FFFDb", FontStyle::regular, 16);
  EXPECT_EQ(block.missing, std::vector<char32_t>{U'\U0010FFFD'});
  EXPECT_EQ(block.quads.size(), 2u);
}

// ---- UTF-8 -------------------------------------------------------------------------------

TEST(Utf8, DecodesValidText) {
  EXPECT_EQ(decode_utf8("L\xE1\xBA\xA1ng \xE5\x8F\x8B \xF0\x9F\x98\x80"), U"L\u1EA1ng \u53CB \U0001F600");
  const std::u32string all = U"a\u00E9\u1EEF\u53CB\U00020000\U0010FFFF";
  EXPECT_EQ(decode_utf8(encode_utf8(all)), all);
}

TEST(Utf8, InvalidSequencesBecomeReplacementCharacters) {
  const char32_t R = replacement_character;
  EXPECT_EQ(decode_utf8("\xFF"), std::u32string(1, R));
  EXPECT_EQ(decode_utf8("a\x80z"), (std::u32string{U'a', R, U'z'}));  // stray continuation
  EXPECT_EQ(decode_utf8("a\xC3"), (std::u32string{U'a', R}));         // truncated at the end
  EXPECT_EQ(decode_utf8("\xE2\x82"
                        "A"),
            (std::u32string{R, U'A'}));                                      // truncated in the middle
  EXPECT_EQ(decode_utf8("\xC0\xAF"), (std::u32string{R, R}));                // overlong '/'
  EXPECT_EQ(decode_utf8("\xE0\x80\xAF"), (std::u32string{R, R, R}));         // overlong, 3 bytes
  EXPECT_EQ(decode_utf8("\xED\xA0\x80"), (std::u32string{R, R, R}));         // surrogate D800
  EXPECT_EQ(decode_utf8("\xF4\x90\x80\x80"), (std::u32string{R, R, R, R}));  // above U+10FFFF
  EXPECT_EQ(decode_utf8("\xF0\x9F\x98"), (std::u32string{R}));               // one maximal subpart
  EXPECT_EQ(decode_utf8(std::string_view("\0x", 2)), (std::u32string{U'\0', U'x'}));
  EXPECT_EQ(encode_utf8(std::u32string{0xD800, 0x110000}), "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Utf8, LayoutSurvivesGarbage) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 7919 + 13) & 0xFF));
  const TextBlock block = shared_atlas().layout(garbage, FontStyle::regular, 12);
  EXPECT_GT(block.quads.size(), 0u);
  // U+FFFD is drawn (Noto Sans has it), so broken input shows up as "�", not as nothing.
  EXPECT_EQ(shared_atlas().fonts().face_for(FontStyle::regular, replacement_character), 0);
  EXPECT_EQ(std::count(block.missing.begin(), block.missing.end(), replacement_character), 0);
  EXPECT_GE(block.lines, 2);  // the garbage holds '\n' bytes
}

// ---- NFC ---------------------------------------------------------------------------------

TEST(Nfc, ComposesLangSon) {
  const std::string decomposed = "La\xCC\xA3ng So\xCC\x9Bn";     // "La" U+0323 "ng So" U+031B "n"
  const std::string precomposed = "L\xE1\xBA\xA1ng S\xC6\xA1n";  // Lạng Sơn
  EXPECT_NE(decomposed, precomposed);
  EXPECT_EQ(nfc_vietnamese(decomposed), precomposed);
  EXPECT_EQ(nfc_vietnamese(precomposed), precomposed);
}

TEST(Nfc, StackedMarksInAnyCanonicalOrder) {
  EXPECT_EQ(nfc_vietnamese(U"a\u0323\u0302"), U"\u1EAD");  // ậ, canonical order
  EXPECT_EQ(nfc_vietnamese(U"a\u0302\u0323"), U"\u1EAD");  // reordered: dot below (220) < 230
  EXPECT_EQ(nfc_vietnamese(U"\u1EA1\u0302"), U"\u1EAD");   // ạ + circumflex
  EXPECT_EQ(nfc_vietnamese(U"\u00E2\u0323"), U"\u1EAD");   // â + dot below
  EXPECT_EQ(nfc_vietnamese(U"u\u0300\u031B"), U"\u1EEB");  // ừ: horn (216) first
  EXPECT_EQ(nfc_vietnamese(U"U\u031B\u0303"), U"\u1EEE");  // Ữ
  EXPECT_EQ(nfc_vietnamese(U"e\u0302\u0341"), U"\u1EBF");  // deprecated acute U+0341
  // Two marks of the same class are not reordered: NFC keeps "à" + circumflex.
  EXPECT_EQ(nfc_vietnamese(U"a\u0300\u0302"), U"\u00E0\u0302");
  // Untouched: Chinese, đ, a lone mark at the start, a mark after a non-Vietnamese base.
  EXPECT_EQ(nfc_vietnamese(U"\u53CB\u0111\u0110"), U"\u53CB\u0111\u0110");
  EXPECT_EQ(nfc_vietnamese(U"\u0301a"), U"\u0301a");
  EXPECT_EQ(nfc_vietnamese(U"q\u0301"), U"q\u0301");
  EXPECT_EQ(nfc_vietnamese(U""), U"");
}

// The 132 precomposed Vietnamese letters with a decomposition, as Python's
// unicodedata.normalize("NFC", base + tone) gives them, in the order of vietnamese_sequences().
const std::u32string& expected_letters() {
  static const std::u32string letters =
      U"àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
      U"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ";
  return letters;
}

// Base vowel (with its circumflex / breve / horn as a combining mark) followed by a tone mark:
// lower case then upper case, bases a ă â e ê i o ô ơ u ư y, tones none ` ´ ̉ ˜ ̣.
std::vector<std::u32string> vietnamese_sequences() {
  const std::u32string bases[] = {U"a", U"a\u0306", U"a\u0302", U"e", U"e\u0302", U"i",
                                  U"o", U"o\u0302", U"o\u031B", U"u", U"u\u031B", U"y"};
  const char32_t tones[] = {0, 0x300, 0x301, 0x309, 0x303, 0x323};
  std::vector<std::u32string> out;
  for (bool upper : {false, true})
    for (std::u32string base : bases) {
      if (upper) base[0] = static_cast<char32_t>(base[0] - 0x20);
      for (char32_t tone : tones) {
        std::u32string seq = base;
        if (tone) seq.push_back(tone);
        if (seq.size() > 1) out.push_back(seq);  // skip the plain ASCII vowels
      }
    }
  return out;
}

TEST(Nfc, AllVietnameseLettersCompose) {
  const std::vector<std::u32string> sequences = vietnamese_sequences();
  ASSERT_EQ(expected_letters().size(), 132u);
  ASSERT_EQ(sequences.size(), 132u);
  std::u32string got;
  for (const std::u32string& seq : sequences) {
    const std::u32string composed = nfc_vietnamese(seq);
    EXPECT_EQ(composed.size(), 1u) << encode_utf8(seq);
    got += composed;
    EXPECT_EQ(nfc_vietnamese(composed), composed);  // precomposed input is left alone
    if (seq.size() == 3) {
      // Marks swapped: reordered when their combining classes differ (horn 216, dot below 220,
      // the rest 230), kept in place (so not composed into one letter) when they are equal.
      const std::u32string swapped{seq[0], seq[2], seq[1]};
      const bool classes_differ = seq[1] == 0x31B || seq[2] == 0x323;
      if (classes_differ) {
        EXPECT_EQ(nfc_vietnamese(swapped), composed) << encode_utf8(swapped);
      } else {
        EXPECT_EQ(nfc_vietnamese(swapped).size(), 2u) << encode_utf8(swapped);
      }
    }
  }
  EXPECT_EQ(got, expected_letters());
}

TEST(Nfc, DecomposedGateNamesComposeBack) {
  // Decompose every Vietnamese letter of every name with the table above, then compose back.
  const std::vector<std::u32string> sequences = vietnamese_sequences();
  std::map<char32_t, std::u32string> decomposition;
  for (std::size_t i = 0; i < sequences.size(); ++i) decomposition[expected_letters()[i]] = sequences[i];
  int changed = 0;
  for (const std::string& name : map_names()) {
    EXPECT_EQ(nfc_vietnamese(name), name);  // the data is NFC already
    std::u32string decomposed;
    for (char32_t cp : decode_utf8(name)) {
      const auto it = decomposition.find(cp);
      decomposed += it != decomposition.end() ? it->second : std::u32string(1, cp);
    }
    const std::string decomposed_utf8 = encode_utf8(decomposed);
    changed += decomposed_utf8 != name;
    EXPECT_EQ(nfc_vietnamese(decomposed_utf8), name);
  }
  EXPECT_GE(changed, 15);
}

// ---- atlas -------------------------------------------------------------------------------

TEST(Atlas, GlyphAdvancesScaleWithSize) {
  FontAtlas& atlas = shared_atlas();
  const GlyphInfo a16 = atlas.glyph(FontStyle::regular, U'A', 16);
  const GlyphInfo a32 = atlas.glyph(FontStyle::regular, U'A', 32);
  EXPECT_EQ(a16.face, 0);
  EXPECT_GT(a16.advance, 8.0f);  // Noto Sans 'A' is 0.64 em
  EXPECT_LT(a16.advance, 12.0f);
  EXPECT_NEAR(a32.advance, 2.0f * a16.advance, 0.05f);
  EXPECT_GT(a32.height, a16.height);

  auto inked = [&](const GlyphInfo& g) {
    int n = 0;
    for (int y = 0; y < g.height; ++y)
      for (int x = 0; x < g.width; ++x) n += channel(atlas, g.atlas_x + x, g.atlas_y + y, 0) > 0;
    return n;
  };
  const int ink16 = inked(a16), ink32 = inked(a32);
  EXPECT_GT(ink16, 20);
  EXPECT_GT(ink32, 2 * ink16);  // area grows ~4x
  EXPECT_LT(ink32, 6 * ink16);
}

TEST(Atlas, HaloIsASupersetOfCoverage) {
  FontAtlas& atlas = shared_atlas();
  for (char32_t cp : {U'A', U'\u1EEF', U'\u53CB', U'g'}) {
    for (float size : {12.0f, 16.0f, 48.0f}) {
      const GlyphInfo g = atlas.glyph(FontStyle::regular, cp, size);
      ASSERT_GT(g.width, 0);
      int halo_only = 0, ink = 0;
      for (int y = 0; y < g.height; ++y)
        for (int x = 0; x < g.width; ++x) {
          const int r = channel(atlas, g.atlas_x + x, g.atlas_y + y, 0);
          const int gch = channel(atlas, g.atlas_x + x, g.atlas_y + y, 1);
          ASSERT_GE(gch, r) << hex(cp) << " at " << size << " px, texel " << x << "," << y;
          halo_only += (r == 0 && gch > 0);
          ink += r > 0;
          // The rect's border is empty, so bilinear sampling at the quad's edge sees no neighbour.
          if (x == 0 || y == 0 || x == g.width - 1 || y == g.height - 1) {
            ASSERT_EQ(gch, 0) << hex(cp) << " border texel " << x << "," << y;
          }
        }
      EXPECT_GT(halo_only, ink / 4) << hex(cp) << " at " << size;  // the halo really dilates
    }
  }
  // The halo reaches about halo_px beyond the ink: at 48 px, 0.15 em = 7.2 px.
  EXPECT_NEAR(atlas.halo_px(48), 7.2f, 1e-4f);
  EXPECT_NEAR(atlas.halo_px(4), 1.0f, 1e-4f);  // never below min_halo_px
}

TEST(Atlas, HaloRadiusMatchesTheSetting) {
  // A full-coverage column of 'l' (a vertical stem): the halo's width across it is stem + 2r.
  FontAtlas& atlas = shared_atlas();
  const GlyphInfo g = atlas.glyph(FontStyle::regular, U'l', 48);
  const int y = g.height / 2;
  int ink = 0, halo = 0;
  for (int x = 0; x < g.width; ++x) {
    ink += channel(atlas, g.atlas_x + x, g.atlas_y + y, 0) > 127;
    halo += channel(atlas, g.atlas_x + x, g.atlas_y + y, 1) > 127;
  }
  EXPECT_NEAR(halo - ink, 2.0f * atlas.halo_px(48), 2.5f);
}

TEST(Atlas, CachesGlyphsAndReportsChanges) {
  FontAtlas atlas(Fonts{}, AtlasSettings{.width = 256, .initial_height = 64});
  const std::uint64_t g0 = atlas.generation();
  const TextBlock first = atlas.layout(
      "H\xE1\xBB\xAF"
      "u Ngh\xE1\xBB\x8B",
      FontStyle::regular, 24);  // Hữu Nghị
  const std::uint64_t g1 = atlas.generation();
  EXPECT_GT(g1, g0);
  EXPECT_EQ(atlas.dirty_rows().y0, 0);  // a new atlas is dirty all over
  EXPECT_EQ(atlas.dirty_rows().y1, atlas.height());
  atlas.mark_uploaded();
  EXPECT_EQ(atlas.dirty_rows().y0, atlas.dirty_rows().y1);
  const GlyphInfo q = atlas.glyph(FontStyle::regular, U'Q', 24);  // new: only its rows are dirty
  EXPECT_EQ(atlas.dirty_rows().y0, q.atlas_y);
  EXPECT_EQ(atlas.dirty_rows().y1, q.atlas_y + q.height);
  const std::uint64_t g2 = atlas.generation();
  EXPECT_GT(g2, g1);
  atlas.mark_uploaded();
  const std::size_t glyphs = atlas.glyph_count();
  const TextBlock again = atlas.layout(
      "H\xE1\xBB\xAF"
      "u Ngh\xE1\xBB\x8B",
      FontStyle::regular, 24);
  EXPECT_EQ(atlas.generation(), g2);  // nothing new: no re-upload
  EXPECT_EQ(atlas.dirty_rows().y0, atlas.dirty_rows().y1);
  EXPECT_EQ(atlas.glyph_count(), glyphs);
  ASSERT_EQ(again.quads.size(), first.quads.size());

  // Keep a copy of the first glyph's texels, fill the atlas until it grows, and compare.
  const GlyphInfo h = atlas.glyph(FontStyle::regular, U'H', 24);
  std::vector<std::uint8_t> before;
  for (int y = 0; y < h.height; ++y)
    for (int x = 0; x < h.width * 2; ++x) before.push_back(channel(atlas, h.atlas_x + x / 2, h.atlas_y + y, x % 2));
  const int w0 = atlas.width(), h0 = atlas.height();
  atlas.layout("\xE5\x8F\x8B\xE8\xB0\x8A\xE5\x85\xB3\xE5\x8F\xA3\xE5\xB2\xB8\xE5\x87\xAD\xE7\xA5\xA5",
               FontStyle::regular, 48);
  EXPECT_GT(atlas.width() * atlas.height(), w0 * h0);
  EXPECT_FALSE(atlas.full());
  std::vector<std::uint8_t> after;
  for (int y = 0; y < h.height; ++y)
    for (int x = 0; x < h.width * 2; ++x) after.push_back(channel(atlas, h.atlas_x + x / 2, h.atlas_y + y, x % 2));
  EXPECT_EQ(before, after);
  EXPECT_EQ(atlas.glyph(FontStyle::regular, U'H', 24).atlas_x, h.atlas_x);  // same rect after growing
  EXPECT_EQ(atlas.width() % 64, 0);                                         // rows of 4-byte multiples
  EXPECT_GT(atlas.height(), h0);                                            // grew downwards
}

TEST(Atlas, ReportsFullInsteadOfGrowingPastTheLimit) {
  FontAtlas atlas(Fonts{}, AtlasSettings{.width = 64, .initial_height = 64, .max_size = 128});
  atlas.layout("\xE5\x8F\x8B\xE8\xB0\x8A\xE5\x85\xB3\xE5\x8F\xA3\xE5\xB2\xB8\xE5\x87\xAD\xE7\xA5\xA5",
               FontStyle::regular, 96);
  EXPECT_TRUE(atlas.full());
  EXPECT_LE(atlas.width(), 128);
  EXPECT_LE(atlas.height(), 128);
  atlas.clear();
  EXPECT_FALSE(atlas.full());
  EXPECT_EQ(atlas.glyph_count(), 0u);
}

// ---- layout ------------------------------------------------------------------------------

TEST(Layout, QuadsArePixelAlignedAndMapTexelsOneToOne) {
  const TextBlock block = shared_atlas().layout(
      "C\xE1\xBB\xAD"
      "a kh\xE1\xBA\xA9u Chi Ma",
      FontStyle::regular, 17.5f);
  ASSERT_FALSE(block.quads.empty());
  for (const GlyphQuad& q : block.quads) {
    EXPECT_EQ(q.x0, std::round(q.x0));
    EXPECT_EQ(q.y0, std::round(q.y0));
    EXPECT_EQ(q.x1 - q.x0, q.u1 - q.u0);
    EXPECT_EQ(q.y1 - q.y0, q.v1 - q.v0);
    EXPECT_LE(q.u1, static_cast<float>(shared_atlas().width()));
    EXPECT_LE(q.v1, static_cast<float>(shared_atlas().height()));
  }
  EXPECT_EQ(block.lines, 1);
  EXPECT_GT(block.ascent, 0.9f * 17.5f);  // Noto Sans ascender 1.069 em
  EXPECT_EQ(block.height, block.ascent + block.descent);
}

TEST(Layout, TwoLinesAreCentred) {
  FontAtlas& atlas = shared_atlas();
  const std::string vi =
      "H\xE1\xBB\xAF"
      "u Ngh\xE1\xBB\x8B Quan";                                   // Hữu Nghị Quan
  const std::string zh = "\xE5\x8F\x8B\xE8\xB0\x8A\xE5\x85\xB3";  // 友谊关
  const TextBlock line1 = atlas.layout(vi, FontStyle::regular, 16);
  const TextBlock line2 = atlas.layout(zh, FontStyle::regular, 16);
  const TextBlock both = atlas.layout(vi + "\n" + zh, FontStyle::regular, 16);
  ASSERT_GT(line1.width, line2.width);
  EXPECT_EQ(both.lines, 2);
  EXPECT_EQ(both.width, line1.width);
  ASSERT_EQ(both.quads.size(), line1.quads.size() + line2.quads.size());
  // Line 1 (the widest) is where it is alone; line 2 is shifted right by half the difference
  // and down by line 1's descent plus line 2's ascent.
  const float dx = std::round((line1.width - line2.width) / 2);
  for (std::size_t i = 0; i < line1.quads.size(); ++i) {
    EXPECT_EQ(both.quads[i].x0, line1.quads[i].x0);
    EXPECT_EQ(both.quads[i].y0, line1.quads[i].y0);
  }
  float dy = 0;
  for (std::size_t i = 0; i < line2.quads.size(); ++i) {
    const GlyphQuad& q = both.quads[line1.quads.size() + i];
    EXPECT_EQ(q.x0, line2.quads[i].x0 + dx) << i;
    dy = q.y0 - line2.quads[i].y0;
  }
  EXPECT_GT(dy, 16.0f);
  EXPECT_LT(dy, 16.0f * 1.6f);
  EXPECT_GT(both.height, line1.height + line2.height - 4);
  // Ink centres agree within the glyphs' side bearings.
  auto centre = [](const TextBlock& b, std::size_t from, std::size_t to) {
    float lo = 1e9f, hi = -1e9f;
    for (std::size_t i = from; i < to; ++i) {
      lo = std::min(lo, b.quads[i].x0);
      hi = std::max(hi, b.quads[i].x1);
    }
    return (lo + hi) / 2;
  };
  const float c1 = centre(both, 0, line1.quads.size());
  const float c2 = centre(both, line1.quads.size(), both.quads.size());
  EXPECT_NEAR(c1, both.width / 2, 2.0f);
  EXPECT_NEAR(c2, both.width / 2, 2.0f);
}

TEST(Layout, DecomposedInputLaysOutLikePrecomposed) {
  FontAtlas& atlas = shared_atlas();
  const TextBlock a = atlas.layout("La\xCC\xA3ng So\xCC\x9Bn", FontStyle::regular, 20);
  const TextBlock b = atlas.layout("L\xE1\xBA\xA1ng S\xC6\xA1n", FontStyle::regular, 20);
  ASSERT_EQ(a.quads.size(), b.quads.size());
  EXPECT_EQ(a.quads.size(), 7u);  // L ạ n g S ơ n: the marks did not become glyphs of their own
  for (std::size_t i = 0; i < a.quads.size(); ++i) {
    EXPECT_EQ(a.quads[i].u0, b.quads[i].u0);
    EXPECT_EQ(a.quads[i].x0, b.quads[i].x0);
  }
}

TEST(Layout, StartUpCostForTheMapLabels) {
  // Fresh faces and atlas, every gate name at 16 px: the map's start-up text. What it costs is
  // measured by bench/text_bench.cpp (BM_MapLabelTextStartUp), not here.
  const std::vector<std::string> names = map_names();
  FontAtlas atlas;
  std::size_t quads = 0;
  for (const std::string& name : names) quads += atlas.layout(name, FontStyle::regular, 16).quads.size();
  EXPECT_GT(quads, 300u);
  EXPECT_GT(atlas.glyph_count(), 100u);
}

}  // namespace
}  // namespace gatemap::render
