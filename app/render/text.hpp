#pragma once
// The CPU side of map text: font faces (FreeType), UTF-8 decoding, NFC composition of
// Vietnamese, a glyph atlas with a halo channel, and line layout. No OpenGL here: the renderer
// uploads FontAtlas::pixels() as a texture and draws the quads of a TextBlock.
//
// Conventions (all in framebuffer pixels, y down):
// - A TextBlock's origin is the top-left corner of its line box; the first baseline lies at
//   y = ascent. Quad corners are integers when the block is drawn at an integer origin, so the
//   renderer should snap a label's origin to whole pixels: glyphs are rasterised at the exact
//   pixel size asked for (size_px = css_px * framebuffer scale) and drawn 1:1, never scaled.
// - Atlas coordinates are texels (u right, v down from the first row of pixels()); divide by
//   width()/height() at draw time (the atlas may have grown since a block was laid out).
// - The atlas is two-channel, 8 bits each, interleaved, rows top to bottom, no row padding:
//   R = glyph coverage, G = halo (coverage dilated by the halo radius, with a 1 px soft edge;
//   G >= R everywhere). Upload as GL_RG8 / GL_RG / GL_UNSIGNED_BYTE; the row length in bytes
//   is 2 * width(), a multiple of 4 (width() is a multiple of 64), so the default
//   GL_UNPACK_ALIGNMENT of 4 is fine. The atlas grows downwards (height() increases, texel
//   coordinates of existing glyphs never change); only a glyph wider than width() widens it.
// - Halo and text in one pass, premultiplied: rgb = text_rgb * R + halo_rgb * (G - R),
//   a = G, blended with (GL_ONE, GL_ONE_MINUS_SRC_ALPHA) (multiply both by a layer opacity).
//   Sample with GL_NEAREST or GL_LINEAR (CLAMP_TO_EDGE): quads map texels 1:1 at whole-pixel
//   positions, and glyph rects are separated by empty texels, so nothing bleeds.
// - No shaping and no kerning: Noto Sans keeps its kerning in GPOS, which FreeType's
//   FT_Get_Kerning does not read, and label text needs none of HarfBuzz's other features once
//   Vietnamese is precomposed (NFC). Combining marks left over after NFC are drawn as their own
//   zero-advance glyphs.
// - Not thread-safe: one FontAtlas per thread (FreeType faces are not shareable). It holds no
//   GL state, so it can be built on another thread while the GL context starts.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gatemap::render {

// A font file is missing or unreadable; the message names the file and the Debian package.
class FontError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class FontStyle : std::uint8_t { regular = 0, bold = 1 };
inline constexpr int font_style_count = 2;

// ---- Unicode helpers ---------------------------------------------------------------------

inline constexpr char32_t replacement_character = U'\uFFFD';

// Decodes UTF-8. Ill-formed input (stray continuation bytes, overlong forms, surrogates, code
// points above U+10FFFF, truncated sequences) becomes U+FFFD, one per maximal ill-formed
// subpart (Unicode 15 §3.9, "best practice"); never throws, never reads past the end.
std::u32string decode_utf8(std::string_view utf8);
// Encodes code points as UTF-8; surrogates and values above U+10FFFF become U+FFFD.
std::string encode_utf8(std::u32string_view text);

// Canonical composition (NFC) restricted to what Vietnamese needs: every letter made from a
// base vowel, the circumflex / breve / horn and the five tone marks (the 134 precomposed
// Vietnamese letters, 132 of them with a canonical decomposition; Đ/đ have none) is composed,
// whatever the input's mix of precomposed and combining forms and whatever the order of the
// marks (canonical reordering of U+0300–U+036F by combining class is applied first, as NFC
// does). U+0340/U+0341 (deprecated tone marks) become U+0300/U+0301. Other text passes through
// unchanged; combining marks outside U+0300–U+036F are treated as starters (no reordering).
std::u32string nfc_vietnamese(std::u32string_view text);
std::string nfc_vietnamese(std::string_view utf8);

// ---- Font files and faces ----------------------------------------------------------------

struct FontFiles {
  std::string latin_regular;                    // Noto Sans Regular: Latin, Vietnamese, punctuation
  std::string latin_bold;                       // Noto Sans Bold (titles)
  std::string cjk_regular;                      // Noto Sans CJK (.ttc collection)
  std::string cjk_bold;                         // Noto Sans CJK Bold; empty = use cjk_regular for bold too
  int cjk_face_index = 2;                       // face in the collection; 2 = "Noto Sans CJK SC" in Debian's file
  std::string cjk_family = "Noto Sans CJK SC";  // checked; the collection is searched if the
                                                // face at cjk_face_index has another family
};

// Finds Debian's Noto files (fonts-noto-core, fonts-noto-cjk) at their usual paths, then the
// paths of other distributions, then asks fontconfig. Throws FontError naming the font and the
// package to install when one is not found.
FontFiles find_font_files();

// fontconfig's best match for a family and style (e.g. "Noto Sans", "Bold"): the file and the
// face index in it. Empty when fontconfig's answer is another family (it always answers with
// something) or a file that does not exist.
struct FontMatch {
  std::string path;
  int index = 0;
};
std::optional<FontMatch> match_font(const std::string& family, const std::string& style);

// Per style, a fallback chain of faces: [Noto Sans (style), Noto Sans CJK SC (style)]. The
// constructor checks that the files exist; each face is opened on first use (FreeType
// memory-maps the file and touches only the table directory, cmap, metrics and CFF index pages;
// outlines are read when a glyph is rasterised), so Latin-only or regular-only text never opens
// the other faces.
class Fonts {
 public:
  explicit Fonts(const FontFiles& files = find_font_files());  // throws FontError
  ~Fonts();
  Fonts(Fonts&&) noexcept;
  Fonts& operator=(Fonts&&) noexcept;
  Fonts(const Fonts&) = delete;
  Fonts& operator=(const Fonts&) = delete;

  // The calls below open faces on first use and throw FontError if that fails.
  // Index in the style's chain (0 = Latin, 1 = CJK) of the first face with a glyph for cp,
  // or -1 when no face has one.
  int face_for(FontStyle style, char32_t cp) const;
  int face_count(FontStyle style) const;
  // Family and style names of a face in the chain, e.g. "Noto Sans CJK SC Regular".
  std::string face_name(FontStyle style, int face) const;

  // The code points of `utf8` (after UTF-8 decoding and NFC) that no face of `style` can draw,
  // in order of first occurrence, without repeats. Line breaks and ignorable controls are not
  // reported. An empty result means no tofu.
  std::vector<char32_t> missing_codepoints(std::string_view utf8, FontStyle style) const;

 private:
  struct Impl;
  friend class FontAtlas;
  std::unique_ptr<Impl> impl_;
};

// ---- Atlas -------------------------------------------------------------------------------

struct AtlasSettings {
  int width = 0;             // texels; 0 = 1024. Rounded up to a multiple of 64.
  int initial_height = 0;    // texels; 0 = 128. The image grows in height as glyphs arrive.
  int max_size = 0;          // neither side grows past this; 0 = 8192 (GL 3.3 guarantees 1024,
                             // llvmpipe and desktop GPUs allow 16384)
  float halo_em = 0.15f;     // halo radius as a fraction of the font size (0.15 em ~ 2.4 px at 16 px)
  float min_halo_px = 1.0f;  // the halo is at least this wide, whatever the size
  bool no_halo = false;      // G = R, no padding (for tests or plain text)
};

struct GlyphInfo {
  int atlas_x = 0, atlas_y = 0;  // top-left texel of the glyph's rect in the atlas
  int width = 0, height = 0;     // rect size in texels = pixels; 0 x 0 for blank glyphs (space)
  int bearing_x = 0;             // from the pen position on the baseline to the rect's left edge, px
  int bearing_y = 0;             // from the baseline to the rect's top edge, px, y down (usually < 0)
  float advance = 0;             // horizontal advance, px (unhinted, so proportional to the size)
  int face = -1;                 // index in the style's face chain; -1 = no face has this code point
  bool in_atlas = true;          // false when the atlas was full at max_size (see FontAtlas::full)
};

struct GlyphQuad {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // pixels, relative to the block origin, y down
  float u0 = 0, v0 = 0, u1 = 0, v1 = 0;  // atlas texels (divide by width()/height() to normalise)
};

struct TextBox {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // pixels, y down
};

enum class TextAlign : std::uint8_t { center = 0, left, right };

struct TextBlock {
  std::vector<GlyphQuad> quads;  // one per visible glyph, each includes the halo padding
  float width = 0;               // advance width of the widest line, px (rounded up)
  float height = 0;              // top of the first line box to the bottom of the last, px
  float ascent = 0;              // block top to the first baseline, px
  float descent = 0;             // last baseline to the block bottom, px
  int lines = 0;
  TextBox ink;                    // union of the quads (glyph ink plus halo), px; may exceed [0,width]
  float halo_px = 0;              // the halo radius baked into the atlas at this size
  std::vector<char32_t> missing;  // code points no face could draw (not drawn, zero advance)
};

// Rasterises glyphs on first use and packs them (shelf packer) into one growing image.
class FontAtlas {
 public:
  explicit FontAtlas(Fonts fonts = Fonts{}, AtlasSettings settings = {});

  // The glyph of cp in the first face of style's chain that has it, at size_px (quantised to
  // 1/64 px, the 26.6 fixed point FreeType uses; clamped to [1, 1024]). Cached by
  // (style, cp, size). May grow the atlas (generation() changes). Throws FontError only if a
  // font file that existed at construction cannot be opened (faces open on first use).
  GlyphInfo glyph(FontStyle style, char32_t cp, float size_px);

  // Lays out UTF-8 text (decoded, NFC-composed), lines split at '\n', each line aligned
  // within the widest one (centre by default; offsets rounded to whole pixels).
  TextBlock layout(std::string_view utf8, FontStyle style, float size_px, TextAlign align = TextAlign::center);

  const std::uint8_t* pixels() const { return pixels_.data(); }
  int width() const { return width_; }
  int height() const { return height_; }
  static constexpr int channels = 2;
  // Changes whenever pixels(), width() or height() change: re-upload when it differs from the
  // generation last uploaded.
  std::uint64_t generation() const { return generation_; }
  // Rows [y0, y1) changed since mark_uploaded() (y0 == y1: none). After a change of width() or
  // height() re-create the texture and upload it all; otherwise glTexSubImage2D these rows.
  struct Rows {
    int y0 = 0, y1 = 0;
  };
  Rows dirty_rows() const { return dirty_; }
  void mark_uploaded() { dirty_ = {}; }
  // True once a glyph did not fit at max_size; call clear() and lay out again.
  bool full() const { return full_; }
  // Forgets all glyphs (TextBlocks laid out before are invalid) and empties the image.
  void clear();
  std::size_t glyph_count() const { return cache_.size(); }
  // Halo radius baked in at this size, px.
  float halo_px(float size_px) const;

  Fonts& fonts() { return fonts_; }
  const Fonts& fonts() const { return fonts_; }

 private:
  struct Shelf {
    int y = 0, height = 0, x = 0;
  };
  struct Line;
  std::vector<Line> break_lines(std::u32string_view text, FontStyle style, float size, std::vector<char32_t>& missing);
  GlyphInfo rasterise(FontStyle style, char32_t cp, int size26);
  struct Bitmap {  // an 8-bit (or 1-bit, mono) coverage image as FreeType renders it
    const unsigned char* buffer = nullptr;
    int width = 0, rows = 0, pitch = 0;
    bool mono = false;
  };
  void bake_glyph(const Bitmap& bm, int pad, float halo, int ax, int ay);
  bool allocate(int w, int h, int& x, int& y);
  bool try_allocate(int w, int h, int& x, int& y);
  bool grow(int need_w);
  void mark_dirty(int y0, int y1);

  Fonts fonts_;
  AtlasSettings settings_;
  std::vector<std::uint8_t> pixels_;
  int width_ = 0, height_ = 0;
  Rows dirty_;
  std::vector<Shelf> shelves_;
  int shelves_bottom_ = 0;
  std::uint64_t generation_ = 1;
  bool full_ = false;
  std::unordered_map<std::uint64_t, GlyphInfo> cache_;
  struct Scratch {  // glyph baking buffers, reused
    std::vector<float> coverage, dist, line, z;
    std::vector<int> v;
  } scratch_;
};

}  // namespace gatemap::render
