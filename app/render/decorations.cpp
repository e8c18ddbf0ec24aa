#include "app/render/decorations.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <optional>

#include "app/render/labels.hpp"
#include "app/render/renderer.hpp"
#include "app/render/scene_points.hpp"
#include "app/render/strip_draw.hpp"
#include "app/render/strip_frame.hpp"
#include "app/render/text.hpp"
#include "geo/projection.hpp"

namespace gatemap::render {

using geo::LayerId;

struct Decorations::Impl {
  FontAtlas atlas;
  LabelPlacer placer;
  PlacementResult placer_result;
  std::vector<uint32_t> label_ids;  // the labels offered this frame (indices into Scene::labels)
  std::vector<PixelRect> placed;    // boxes and priorities of the labels placed this frame
  std::vector<int> placed_gates;    // per placed label, the gate it names (-1: not a gate's name)
  StripPicks strip_picks;           // where the last strip frame's columns and days were drawn
  std::vector<PixelRect> decoration_boxes;
  PixelRect legend{0, 0, 0, 0};
  PixelRect map_frame{0, 0, 0, 0};
  LegendBands bands;
  std::vector<PixelRect> leaders;  // leader lines drawn: from (x0, y0), the symbol, to (x1, y1), its label
  float least_primary_px = 0, least_secondary_px = 0;  // the smallest text laid out (FrameStats)

  // Quads hold texel coordinates when laid out; the atlas may grow while later blocks are laid
  // out, so normalisation happens at the end of the frame (see finish_uvs).
  void draw_block_texels(UiGeometry& ui, const TextBlock& b, float x, float y, style::Rgba color, style::Rgba halo) {
    x = std::round(x);
    y = std::round(y);
    for (const GlyphQuad& q : b.quads)
      ui.quad(x + q.x0, y + q.y0, x + q.x1, y + q.y1, q.u0, q.v0, q.u1, q.v1, color, halo);
  }
};

Decorations::Decorations() : impl_(std::make_unique<Impl>()) {}
Decorations::~Decorations() = default;

const std::vector<PixelRect>& Decorations::placed_labels() const { return impl_->placed; }
const std::vector<int>& Decorations::placed_label_gates() const { return impl_->placed_gates; }
const StripPicks& Decorations::strip_picks() const { return impl_->strip_picks; }
const std::vector<PixelRect>& Decorations::decoration_boxes() const { return impl_->decoration_boxes; }
PixelRect Decorations::legend_box() const { return impl_->legend; }
float Decorations::least_text_px() const {
  const float p = impl_->least_primary_px, s = impl_->least_secondary_px;
  return p > 0 && s > 0 ? std::min(p, s) : std::max(p, s);
}
PixelRect Decorations::map_frame() const { return impl_->map_frame; }
LegendBands Decorations::legend_bands() const { return impl_->bands; }
const std::vector<PixelRect>& Decorations::leader_lines() const { return impl_->leaders; }

AtlasView Decorations::atlas() const {
  const FontAtlas& a = impl_->atlas;
  return {a.pixels(), a.width(), a.height(), a.generation()};
}

namespace {

struct Ctx {
  Decorations::Impl& m;
  const geo::Scene& scene;
  const ScenePoints& points;
  const FrameSnapshot& f;
  UiGeometry& ui;
  std::vector<OverlaySymbol>& overlay;
  std::vector<PixelRect> boxes;  // decoration boxes: labels keep clear of them
  float ps;                      // pixel scale
  float W, H;
  float margin;
  float bottom_reserved = 0;       // pixels at the bottom of the area taken by the attribution
  float top = 0;                   // where the panels along the top start (below a wall's stale banner)
  float date_x0 = 0, date_y1 = 0;  // the date panel's left and bottom edges (0: none), on a wall
  // The area the decorations are laid out in (FrameSnapshot::free_area, or the whole image).
  float ax0 = 0, ay0 = 0, ax1 = 0, ay1 = 0;
  const std::vector<PixelRect>* symbols = nullptr;  // gate and town symbols: the legend avoids them
  // Decoration boxes by corner, for the legend's placement: title, date (with north arrow), scale bar.
  PixelRect title_box{}, date_box{}, scale_box{};
  PixelRect card_box{};  // a selected gate's card (the legend keeps clear of it)
  // The legend outside the map frame: when every place inside the area covers a gate symbol, a
  // band along the area's right edge (side 1) or bottom edge (side 2), `size` pixels across, holds
  // it; the map frame (the area less the band) holds the other decorations and the labels.
  struct Band {
    int side = 0;
    float size = 0;
  } band;
  bool band_wanted = false;  // set by draw_legend when no place was free; band then says which
  // The right edge of the date and north arrow: a band along the right holds them above the legend.
  float top_right() const { return band.side == 1 ? ax1 + band.size : ax1; }
  PixelRect band_rect() const {
    return band.side == 1 ? PixelRect{ax1, ay0, ax1 + band.size, ay1} : PixelRect{ax0, ay1, ax1, ay1 + band.size};
  }

  bool wall() const { return f.wall.primary_px > 0; }
  // The frontier strip's body on a wall: the export's layout scaled alike, text, marks and gaps,
  // so that its text of kStripPrimaryCss (legend, axes, gate names: 9.5 to 13 CSS px) is at least
  // primary; its small print (months, event and lane labels, a header's second line: 8 to 9) is
  // then at least 8 / 9.5 of it, above the secondary size. 0: not drawing the strip's body.
  static constexpr float kStripPrimaryCss = 9.5f;
  float strip_body_ps = 0;
  // The strip in the wall's compact layout (fewer rows of text, by priority): where the export's
  // layout does not fit the wall at the legible sizes (Decorations::build).
  bool strip_compact = false;
  float fit = 1;                // a wall's sizes shrunk to fit a small frame (Decorations::build)
  bool strip_readable = true;   // the frontier strip's body got the room it needs (draw_strip)
  float scalebar_max_px = 180;  // the scale bar's longest length (CSS pixels; shortened to fit a wall)
  // What gives way in a window's free area too small for the decorations at the smallest crisp
  // size (Decorations::build): the north arrow, the legend's rows (legend_rows: 0 all, 1 without
  // the base map's, 2 without the notes, 3 the status key and a planner's layers), the attribution
  // down to the credits the licences require (as on a wall), the title's subtitle.
  struct GiveWay {
    bool north_arrow = false;
    int legend_rows = 0;
    bool required_credits_only = false;
    bool subtitle = false;
  } give_way;
  // On a wall every text is primary (at least the size read from the back row; the title and
  // date a quarter larger) except the small print, secondary.
  float size_px(float css_px) const {
    if (strip_body_ps > 0) return css_px * strip_body_ps;
    if (!wall()) return css_px * ps;
    if (css_px < 10) return fit * f.wall.secondary_px;
    return fit * (css_px >= 20 ? 1.25f * f.wall.primary_px : f.wall.primary_px);
  }
  TextBlock text(const std::string& s, float css_px, FontStyle st = FontStyle::regular,
                 TextAlign al = TextAlign::left) {
    const float px = size_px(css_px);
    const bool primary = !wall() || css_px >= (strip_body_ps > 0 ? kStripPrimaryCss : 10.0f);
    float& least = primary ? m.least_primary_px : m.least_secondary_px;
    if (!s.empty()) least = least > 0 ? std::min(least, px) : px;
    return m.atlas.layout(s, st, px, al);
  }
  // The text broken into lines at spaces so that each fits `max_w` pixels (a word longer than
  // that stays whole).
  std::string wrap(const std::string& s, float css_px, FontStyle st, float max_w) {
    std::string out, line;
    size_t i = 0;
    while (i < s.size()) {
      const size_t j = std::min(s.find(' ', i), s.size());
      const std::string word = s.substr(i, j - i);
      const std::string candidate = line.empty() ? word : line + " " + word;
      if (!line.empty() && text(candidate, css_px, st).width > max_w) {
        out += (out.empty() ? "" : "\n") + line;
        line = word;
      } else {
        line = candidate;
      }
      i = j + 1;
    }
    if (!line.empty()) out += (out.empty() ? "" : "\n") + line;
    return out;
  }
  void put(const TextBlock& b, float x, float y, style::Rgba c = style::kText, style::Rgba h = style::kTextHalo) {
    if (f.wall.high_contrast && c.r == style::kText.r && c.g == style::kText.g && c.b == style::kText.b)
      c = style::rgb(0x000000), h = style::rgb(0xffffff);
    m.draw_block_texels(ui, b, x, y, c, h);
  }
  void panel(float x0, float y0, float x1, float y1) {
    ui.rect(x0, y0, x1, y1, f.wall.high_contrast ? style::rgb(0xffffff) : style::kPanel);
    ui.frame(x0, y0, x1, y1, std::max(1.f, std::round(ps)),
             f.wall.high_contrast ? style::rgb(0x000000) : style::kPanelBorder);
    boxes.push_back({x0, y0, x1, y1});
  }
};

// The legend's band beside the map frame: paper, with a neat line along the frame's edge.
void draw_band(Ctx& c) {
  if (c.band.side == 0) return;
  const PixelRect band = c.band_rect();
  const float line = std::max(1.f, std::round(c.ps));
  c.ui.rect(band.x0, band.y0, band.x1, band.y1, style::rgb(0xfbfaf6));
  if (c.band.side == 1)
    c.ui.rect(band.x0, band.y0, band.x0 + line, band.y1, style::rgb(0x555555));
  else
    c.ui.rect(band.x0, band.y0, band.x1, band.y0 + line, style::rgb(0x555555));
  c.boxes.push_back(band);
}

void draw_title(Ctx& c) {
  // A wall has room for the scene's title only, wrapped to half the width (the date is beside it).
  const float beside_date = c.date_x0 > 0 ? c.date_x0 - 3 * c.margin - 16 * c.ps : 0.5f * c.W;
  const std::string title =
      c.wall() ? c.wrap(c.f.title, style::kTitleSize, FontStyle::bold, std::min(0.5f * c.W, beside_date)) : c.f.title;
  TextBlock t = c.text(title, style::kTitleSize, FontStyle::bold);
  const bool subtitle = !c.wall() && !c.give_way.subtitle;
  TextBlock s = c.text(subtitle ? c.f.subtitle : std::string(), style::kLabelSize);
  const float pad = 8 * c.ps;
  const float w = std::max(t.width, s.width) + 2 * pad;
  const float h = t.height + (subtitle ? s.height : 0) + 2 * pad;
  const float x0 = c.ax0 + c.margin, y0 = c.top;
  c.panel(x0, y0, x0 + w, y0 + h);
  c.title_box = {x0, y0, x0 + w, y0 + h};
  c.put(t, x0 + pad, y0 + pad);
  if (subtitle) c.put(s, x0 + pad, y0 + pad + t.height);
}

void draw_scalebar(Ctx& c) {
  ScaleBar sb = choose_scale_bar(c.f.camera, c.scalebar_max_px * c.ps);
  if (!(sb.pixels > 1)) return;
  const float pad = 8 * c.ps;
  const float bar_h = std::round(6 * c.ps);
  char label[64];
  if (sb.metres >= 1000)
    std::snprintf(label, sizeof label, "%g km", sb.metres / 1000);
  else
    std::snprintf(label, sizeof label, "%g m", sb.metres);
  TextBlock zero = c.text("0", style::kSmallSize);
  TextBlock lab = c.text(label, style::kSmallSize);
  const float w = static_cast<float>(sb.pixels) + lab.width + 2 * pad;
  const float h = zero.height + bar_h + 2 * pad;
  const float x0 = c.ax0 + c.margin, y1 = c.ay1 - std::max(c.margin, c.bottom_reserved + 6 * c.ps);
  const float y0 = y1 - h;
  const PixelRect& k = c.card_box;  // a selected gate's card goes first
  if (k.x1 > k.x0 && k.x1 > x0 && k.x0 < x0 + w && k.y1 > y0 && k.y0 < y1) return;
  c.panel(x0, y0, x0 + w, y1);
  c.scale_box = {x0, y0, x0 + w, y1};
  const float bx = std::round(x0 + pad + zero.width / 2), by = std::round(y0 + pad + zero.height);
  const float len = std::round(static_cast<float>(sb.pixels));
  // Alternating black and white quarters, outlined.
  for (int i = 0; i < 4; ++i)
    c.ui.rect(bx + len * i / 4, by, bx + len * (i + 1) / 4, by + bar_h,
              i % 2 ? style::rgb(0xffffff) : style::rgb(0x222222));
  c.ui.frame(bx, by, bx + len, by + bar_h, std::max(1.f, std::round(c.ps * 0.75f)), style::rgb(0x222222));
  c.put(zero, bx - zero.width / 2, y0 + pad);
  c.put(lab, bx + len - lab.width / 2, y0 + pad);
}

void draw_north_arrow(Ctx& c) {
  const float r = 14 * c.ps;
  const float cx = c.top_right() - c.margin - r - 4 * c.ps, cy = c.top + r + 14 * c.ps;
  TextBlock n = c.text("N", style::kLabelSize, FontStyle::bold, TextAlign::center);
  c.overlay.push_back(
      {cx, cy + 2 * c.ps, 3, r * 0.75f, style::rgb(0x222222), style::rgb(0xffffff), 1.5f * c.ps, false});
  c.put(n, cx - n.width / 2, cy - r - n.height * 0.55f);
  c.boxes.push_back({cx - r, cy - r - n.height, cx + r, cy + r});
  c.date_box.y1 = std::max(c.date_box.y1, cy + r);
}

// The wall's credits for the visible layers: the short credits of the data's attribution.csv
// (its `wall_credit` column: each holder and licence that asks to be credited, without the
// exports' descriptions, so that they fit a line or two read from the back row), once each, in the
// file's order. A data folder with its own attribution.csv gets its own credits.
std::vector<std::string> wall_credits(const geo::Scene& scene, const geo::LayerSet& layers) {
  std::vector<std::string> out;
  for (const auto& [layer, text] : scene.wall_credits)
    if (layers.has(layer) && std::find(out.begin(), out.end(), text) == out.end()) out.push_back(text);
  return out;
}

void draw_attribution(Ctx& c) {
  // Credits of the visible layers only, each once, wrapped to the image width. A wall carries the
  // credits that the licences of the data shown require (wall_credits), at its secondary size.
  // A window's free area too small for the exports' credits gets the wall's (give_way).
  const bool required_only = c.wall() || c.give_way.required_credits_only;
  std::vector<std::string> parts;
  if (required_only) parts = wall_credits(c.scene, c.f.layers);
  for (const auto& [layer, text] : c.scene.attributions)
    if (!required_only && c.f.layers.has(layer) && std::find(parts.begin(), parts.end(), text) == parts.end())
      parts.push_back(text);
  // The strip has no map projection: its axis is distance along the line on the ellipsoid.
  if (!c.wall())
    parts.push_back(c.f.strip ? "Distance along the frontier line: geodesic km on the WGS84 ellipsoid"
                              : "Projection: UTM 48N (EPSG:32648)");
  const float pad = 3 * c.ps, max_w = c.ax1 - c.ax0 - 2 * c.margin;
  std::vector<std::string> lines(1);
  for (const std::string& p : parts) {
    std::string candidate = lines.back().empty() ? p : lines.back() + " · " + p;
    if (!lines.back().empty() && c.text(candidate, 9.5f).width > max_w - 2 * pad)
      lines.push_back(p);
    else
      lines.back() = candidate;
  }
  std::string all;
  for (const std::string& l : lines) all += (all.empty() ? "" : "\n") + l;
  TextBlock b = c.text(all, 9.5f, FontStyle::regular, TextAlign::right);
  const float x1 = c.ax1 - c.margin * 0.5f, y1 = c.ay1 - c.margin * 0.25f;
  // (a credit wider than the frame makes the box wider than the frame: a wall's fit shrinks it)
  const float x0 = x1 - (c.wall() ? b.width : std::min(b.width, max_w)) - 2 * pad, y0 = y1 - b.height - 2 * pad;
  c.ui.rect(x0, y0, x1, y1, style::rgb(0xffffff, 0.75f));
  c.boxes.push_back({x0, y0, x1, y1});
  c.put(b, x0 + pad, y0 + pad, style::rgb(0x333333), style::rgb(0xffffff, 0));
  c.bottom_reserved = c.ay1 - y0;
}

void draw_datestamp(Ctx& c) {
  if (c.f.date_label.empty() && c.f.wall.data_as_of.empty()) return;
  TextBlock b = c.text(c.f.date_label, 26, FontStyle::bold);
  // On a wall the note is the data's as-of date (always there); "statuses held" says the same.
  const std::string& note_text = c.f.wall.data_as_of.empty() ? c.f.date_note : c.f.wall.data_as_of;
  TextBlock note = c.text(note_text, style::kSmallSize);
  const float pad = 6 * c.ps;
  const float w = std::max(b.width, note_text.empty() ? 0.f : note.width);
  const float h = b.height + (note_text.empty() ? 0.f : note.height);
  const float x1 = c.top_right() - c.margin - 44 * c.ps;
  const float x0 = x1 - w - 2 * pad;
  // Beside the title when there is room (a wide frame), else under it (a small window's free area).
  const PixelRect& t = c.title_box;
  const bool beside = c.wall() || t.x1 <= t.x0 || t.x1 + c.margin <= x0;
  const float y0 = beside ? c.top : t.y1 + 6 * c.ps, y1 = y0 + h + 2 * pad;
  c.panel(x0, y0, x1, y1);
  c.date_box.y1 = std::max(c.date_box.y1, y1);
  c.put(b, x1 - pad - b.width, y0 + pad);
  c.date_x0 = x0, c.date_y1 = y1;
  if (!note_text.empty())
    c.put(note, x1 - pad - note.width, y0 + pad + b.height,
          c.f.wall.high_contrast ? style::rgb(0x000000) : style::rgb(0x8a4b00));
}

// Across the top, centred, impossible to miss: the data is older than the wall accepts.
void draw_stale_banner(Ctx& c) {
  if (c.f.wall.stale_banner.empty()) return;
  const float pad = 6 * c.ps;
  // Wrapped when the frame is narrower than the line: the banner is always whole.
  const std::string text = c.wrap(c.f.wall.stale_banner, style::kLabelSize, FontStyle::bold, c.W - 2 * pad);
  TextBlock b = c.text(text, style::kLabelSize, FontStyle::bold,
                       text.find('\n') != std::string::npos ? TextAlign::center : TextAlign::left);
  const float y1 = std::round(b.height + 2 * pad);
  c.ui.rect(0, 0, c.W, y1, style::rgb(0xffd400));
  c.ui.rect(0, y1 - std::max(2.f, std::round(c.ps)), c.W, y1, style::rgb(0x000000));
  // (a word wider than the frame makes the box wider than the frame: the wall's fit shrinks it)
  c.boxes.push_back({std::min(0.f, std::round((c.W - b.width) / 2)), 0, std::max(c.W, (c.W + b.width) / 2), y1});
  c.put(b, std::round((c.W - b.width) / 2), pad, style::rgb(0x000000), style::rgb(0xffd400, 0));
  c.top = y1 + c.margin;
}

// The scene's caption, centred at the bottom above the attribution.
void draw_caption(Ctx& c) {
  if (c.f.wall.caption.empty()) return;
  TextBlock b = c.text(c.wrap(c.f.wall.caption, style::kLabelSize, FontStyle::regular, 0.8f * c.W), style::kLabelSize,
                       FontStyle::regular, TextAlign::center);
  const float pad = 8 * c.ps;
  const float y1 = c.H - std::max(c.margin, c.bottom_reserved + 6 * c.ps);
  const float x0 = std::round((c.W - b.width) / 2 - pad), y0 = y1 - b.height - 2 * pad;
  c.panel(x0, y0, x0 + b.width + 2 * pad, y1);
  c.put(b, x0 + pad, y0 + pad);
  c.bottom_reserved = c.H - y0;
}

// A discreet line at the bottom left (a file that failed to reload): secondary size.
void draw_notice(Ctx& c) {
  if (c.f.wall.notice.empty()) return;
  TextBlock b = c.text(c.f.wall.notice, 9.5f);
  const float pad = 3 * c.ps, x0 = c.margin * 0.5f, y1 = c.H - c.margin * 0.25f;
  c.ui.rect(x0, y1 - b.height - 2 * pad, x0 + b.width + 2 * pad, y1, style::rgb(0xffffff, 0.9f));
  c.put(b, x0 + pad, y1 - b.height - pad, style::rgb(0x8a0000), style::rgb(0xffffff, 0));
}

// The presenter's keys, in a panel over the middle of the map.
void draw_help(Ctx& c) {
  if (c.f.wall.help_lines.empty()) return;
  std::string all;
  for (const std::string& l : c.f.wall.help_lines) all += (all.empty() ? "" : "\n") + l;
  TextBlock b = c.text(all, style::kLabelSize);
  const float pad = 12 * c.ps;
  const float x0 = std::round((c.W - b.width) / 2 - pad), y0 = std::round((c.H - b.height) / 2 - pad);
  c.ui.rect(x0, y0, x0 + b.width + 2 * pad, y0 + b.height + 2 * pad, style::rgb(0xffffff));
  c.ui.frame(x0, y0, x0 + b.width + 2 * pad, y0 + b.height + 2 * pad, std::max(2.f, std::round(2 * c.ps)),
             style::rgb(0x000000));
  c.put(b, x0 + pad, y0 + pad, style::rgb(0x000000), style::rgb(0xffffff, 0));
  // Symbols are drawn after the panels: none may show through the help.
  const float x1 = x0 + b.width + 2 * pad, y1 = y0 + b.height + 2 * pad;
  std::erase_if(c.overlay, [&](const OverlaySymbol& o) {
    return o.x + o.radius > x0 && o.x - o.radius < x1 && o.y + o.radius > y0 && o.y - o.radius < y1;
  });
}

// The legend's place: the first of bottom-right, bottom-left, top-right, top-left (beside the
// other decorations there) that covers no gate or town symbol and stays inside the area; else the
// first free place sliding along the bottom and top edges; when every place covers some symbol,
// the one covering fewest (ties: that order, so a free bottom-right corner keeps today's layout).
PixelRect place_legend(const Ctx& c, float w, float h, int* covering = nullptr) {
  const float gap = 6 * c.ps;
  const float bottom = c.ay1 - std::max(c.margin, c.bottom_reserved + gap);
  const float left = c.ax0 + c.margin, right = c.ax1 - c.margin;
  const float above_scale = c.scale_box.y1 > 0 ? c.scale_box.y0 - gap : bottom;
  const float below_title = c.title_box.y1 > 0 ? c.title_box.y1 + gap : c.ay0 + c.margin;
  const float below_date = c.date_box.y1 > 0 ? c.date_box.y1 + gap : c.ay0 + c.margin;
  std::vector<PixelRect> places = {{right - w, bottom - h, right, bottom},
                                   {left, above_scale - h, left + w, above_scale},
                                   {right - w, below_date, right, below_date + h},
                                   {left, below_title, left + w, below_title + h}};
  const float top = std::max(below_title, below_date);
  for (int k = 1; k < 8; ++k) {
    const float x1 = right - (right - left - w) * static_cast<float>(k) / 8;
    places.push_back({x1 - w, std::min(bottom, above_scale) - h, x1, std::min(bottom, above_scale)});
    places.push_back({x1 - w, top, x1, top + h});
  }
  auto covered = [&](const PixelRect& r) {
    int n = 0;
    // The data's own symbols: a thinned crowd's (finite priority) does not move the legend.
    if (c.symbols)
      for (const PixelRect& s : *c.symbols)
        n += std::isinf(s.priority) && s.x1 > r.x0 && s.x0 < r.x1 && s.y1 > r.y0 && s.y0 < r.y1;
    return n;
  };
  auto on_card = [&](const PixelRect& r) {
    const PixelRect& k = c.card_box;
    return k.x1 > k.x0 && k.x1 > r.x0 && k.x0 < r.x1 && k.y1 > r.y0 && k.y0 < r.y1;
  };
  // Inside the area and over no other decoration (a small window's free area: the title, date
  // and scale bar leave little room).
  auto fits = [&](const PixelRect& r) {
    if (!(r.x0 >= c.ax0 && r.y0 >= c.ay0 && r.x1 <= c.ax1 && r.y1 <= c.ay1) || on_card(r)) return false;
    return std::none_of(c.boxes.begin(), c.boxes.end(), [&](const PixelRect& b) {
      return std::min(b.x1, r.x1) - std::max(b.x0, r.x0) > 0.5f && std::min(b.y1, r.y1) - std::max(b.y0, r.y0) > 0.5f;
    });
  };
  size_t best = 0;
  int best_n = fits(places[0]) ? covered(places[0]) : INT_MAX;
  for (size_t i = 1; i < places.size() && best_n > 0; ++i) {
    if (!fits(places[i])) continue;
    const int n = covered(places[i]);
    if (n < best_n) best = i, best_n = n;
  }
  if (covering) *covering = best_n;
  return places[best];
}

void draw_legend(Ctx& c) {
  struct Entry {
    std::string text;
    int kind;  // 0 area, 1 line, 2 symbol
    style::Rgba color;
    int shape = 0;
    bool dashed = false;
  };
  std::vector<Entry> entries;
  // Per entry, what gives way last in a small window's free area (GiveWay::legend_rows): 0 the
  // status key and a planner's layers, 1 the map's other symbols, 2 notes, 3 the base map.
  std::vector<int> tier;
  auto mark = [&](int t) { tier.resize(entries.size(), t); };
  const geo::LayerSet& L = c.f.layers;
  if (L.has(LayerId::land) && !c.wall()) {
    entries.push_back({"Việt Nam (Lạng Sơn)", 0, style::kLandVietnam});
    entries.push_back({"中国 China (Guangxi)", 0, style::kLandChina});
  }
  mark(3);
  char fr[160];
  std::snprintf(fr, sizeof fr, "Frontier: %.2f km on this line · %.2f km official", c.scene.frontier_geodesic_km,
                c.scene.frontier_official_km);
  if (c.wall()) {
    // Read from the back row, a legend of every layer would cover the map: the symbols whose
    // meaning is not evident (status, the gates' sides, flows), each in a few words.
    if (L.has(LayerId::gates) && !L.has(LayerId::status)) {
      entries.push_back({"Vietnamese gate", 2, style::kGateVietnam, 0});
      entries.push_back({"Chinese gate", 2, style::kGateChina, 1});
    }
    if (L.has(LayerId::status) && !c.f.gates.empty()) {
      entries.push_back({"Open", 2, style::kStatusOpen, 0});
      entries.push_back({"Restricted", 2, style::kStatusRestricted, 3});
      bool goods_stopped = false;
      for (const render::GateFrameState& g : c.f.gates) goods_stopped |= g.goods_stopped_passengers_open;
      if (goods_stopped) entries.push_back({"Goods stopped, passengers open", 2, style::kStatusRestricted, 3});
      entries.push_back({"Closed", 2, style::kStatusClosed, 4});
      entries.push_back({"Unknown", 2, style::kStatusUnknown, 2});
    }
    if (L.has(LayerId::flows)) {
      entries.push_back({"Vehicles VN → CN", 2, style::kFlowExport, 0});
      entries.push_back({"Vehicles CN → VN", 2, style::kFlowImport, 0});
    }
  }
  mark(0);
  if (!c.wall()) {
    if (L.has(LayerId::frontier)) entries.push_back({fr, 1, style::kFrontier});
    mark(2);
    if (L.has(LayerId::gates)) {
      entries.push_back({"Vietnamese gate", 2, style::kGateVietnam, 0});
      entries.push_back({"Chinese gate", 2, style::kGateChina, 1});
      entries.push_back({"Crossing on the frontier", 2, style::kGateFill, 2});
      if (c.points.any_approximate)
        entries.push_back({"Gate not located in sources (approximate)", 3, style::kApproximate, 0, true});
      mark(1);
      bool any_unconfirmed = false;
      for (const auto& g : c.scene.gates) any_unconfirmed |= g.name_zh_status == "unconfirmed" && !g.name_zh.empty();
      if (any_unconfirmed) entries.push_back({"(?) Chinese name not confirmed by any source", 7, style::kText});
      mark(2);
    }
    if (L.has(LayerId::status) && (!c.f.gates.empty() || c.f.legend_for_range)) {
      entries.push_back({"Open", 2, style::kStatusOpen, 0});
      entries.push_back({"Restricted (partial)", 2, style::kStatusRestricted, 3});
      bool goods_stopped = false;
      for (const render::GateFrameState& g : c.f.gates) goods_stopped |= g.goods_stopped_passengers_open;
      if (goods_stopped)
        entries.push_back({"Restricted: goods stopped, passengers open", 2, style::kStatusRestricted, 3});
      entries.push_back({"Closed", 2, style::kStatusClosed, 4});
      entries.push_back({"Status unknown", 2, style::kStatusUnknown, 2});
    }
    mark(0);
    if (L.has(LayerId::flows)) {
      entries.push_back({"Vehicles Việt Nam → China (figure of this date)", 2, style::kFlowExport, 0});
      entries.push_back({"Vehicles China → Việt Nam, or both ways", 2, style::kFlowImport, 0});
      entries.push_back({"Trucks waiting (1 square ≈ 100)", 2, style::kQueue, 1});
    }
    if (L.has(LayerId::trade) && (!c.f.trade.empty() || (c.f.legend_for_range && !c.f.trade_legend.empty())))
      entries.push_back({c.f.trade_legend, 6, style::kTrade});
    mark(1);
    if (L.has(LayerId::provinces) && c.scene.provinces.features)
      entries.push_back({"Province boundary", 4, style::kAdminBoundary});
    if (L.has(LayerId::prefectures) && c.scene.prefectures.features)
      entries.push_back({"Prefecture boundary (China)", 4, style::kPrefectureBoundary});
    if (L.has(LayerId::rivers) && c.scene.rivers.features) entries.push_back({"River", 1, style::kRiver});
    if (L.has(LayerId::roads) && c.scene.roads.features)
      entries.push_back({"National road (QL)", 1, style::kRoadMajor});
    if (L.has(LayerId::railways) && c.scene.railways.features) entries.push_back({"Railway", 5, style::kRailway});
    if (L.has(LayerId::towns) && !c.scene.towns.empty()) entries.push_back({"Town", 2, style::rgb(0xffffff), 0});
    mark(3);
    for (const std::string& name : c.f.user_legend) entries.push_back({name, 8, style::kUser, 2});
    mark(0);
  }
  if (c.give_way.legend_rows > 0) {
    std::vector<Entry> kept;
    for (size_t i = 0; i < entries.size(); ++i)
      if (tier[i] <= 3 - c.give_way.legend_rows) kept.push_back(std::move(entries[i]));
    entries = std::move(kept);
  }
  if (entries.empty()) return;
  const float pad = 8 * c.ps, sw = 22 * c.ps, gap = 6 * c.ps, col_gap = 14 * c.ps;
  std::vector<TextBlock> blocks;
  for (const Entry& e : entries) blocks.push_back(c.text(e.text, style::kSmallSize));
  const float row_h = blocks.front().height + 2 * c.ps;
  TextBlock head = c.text("Legend", style::kSmallSize, FontStyle::bold);
  if (c.wall()) head.height = 0;  // the symbols speak for themselves on a wall
  // As many columns as keep the legend under 40 % of the picture's height.
  float max_h = std::max(row_h * 4, 0.4f * (c.ay1 - c.ay0) - head.height - 2 * pad);
  // On a wall, as many as fit between the date and the panels along the bottom.
  if (c.wall() && c.date_y1 > 0)
    max_h = std::max(row_h, c.H - std::max(c.margin, c.bottom_reserved + 6 * c.ps) - c.date_y1 - c.margin - 2 * pad);
  // The legend's columns for at most `per_col` rows a column: rows, column widths, size.
  struct Shape {
    size_t rows = 0;
    std::vector<float> col_w;
    float w = 0, h = 0;
  };
  auto shape = [&](size_t per_col) {
    Shape sh;
    per_col = std::max<size_t>(1, per_col);
    const size_t cols = (entries.size() + per_col - 1) / per_col;
    sh.rows = (entries.size() + cols - 1) / cols;
    sh.col_w.assign(cols, 0);
    for (size_t i = 0; i < entries.size(); ++i)
      sh.col_w[i / sh.rows] = std::max(sh.col_w[i / sh.rows], blocks[i].width + sw + gap);
    sh.w = 2 * pad + col_gap * static_cast<float>(cols - 1);
    for (float cw : sh.col_w) sh.w += cw;
    sh.h = head.height + 2 * pad + row_h * static_cast<float>(sh.rows);
    return sh;
  };
  // Outside the map frame: in a band along the right edge, as many rows as the area's height
  // holds; along the bottom, as few rows as the area's width allows.
  const float area_w = c.ax1 - c.ax0, area_h = c.ay1 - c.ay0;
  // A band along the right holds the date and north arrow too, the legend under them.
  const float gap_below = 6 * c.ps;
  const float right_top = c.date_box.y1 > 0 ? c.date_box.y1 + gap_below : c.top;
  const float date_w = c.date_x0 > 0 ? (c.band.side == 1 ? c.ax1 + c.band.size : c.ax1) - c.date_x0 + c.margin : 0;
  auto band_shape = [&](int side) {
    if (side == 1)
      return shape(static_cast<size_t>(std::max(0.f, c.ay1 - c.margin - right_top - head.height - 2 * pad) / row_h));
    for (size_t per_col = 1; per_col < entries.size(); ++per_col)
      if (Shape sh = shape(per_col); sh.w <= area_w - 2 * c.margin) return sh;
    return shape(entries.size());
  };
  Shape sh;
  PixelRect at;
  if (c.band.side == 0) {
    sh = shape(static_cast<size_t>(max_h / row_h));
    int covering = 0;
    at = place_legend(c, sh.w, sh.h, &covering);
    const int forced = static_cast<int>(c.f.legend_band);
    if ((covering > 0 || forced != 0) && !c.wall() && !c.f.strip) {
      // No place inside the area is free of gates (or the view was fitted beside a band): the
      // band asked for, else the side whose band takes the smaller share of the area, when the
      // map keeps at least half of it; Decorations::build lays out again.
      const Shape right = band_shape(1), bottom = band_shape(2);
      const float right_share = std::max(right.w + 2 * c.margin, date_w) / area_w,
                  bottom_share = (bottom.h + 2 * c.margin) / area_h;
      const bool right_ok = right.h <= c.ay1 - c.margin - right_top && right_share <= 0.5f;
      const bool bottom_ok = bottom.w <= area_w - 2 * c.margin && bottom_share <= 0.5f;
      const float right_size = std::ceil(std::max(right.w + 2 * c.margin, date_w)),
                  bottom_size = std::ceil(bottom.h + 2 * c.margin);
      if (covering > 0) c.m.bands = {right_ok ? right_size : 0, bottom_ok ? bottom_size : 0};
      if (forced == 1 && right_ok)
        c.band = {1, right_size};
      else if (forced == 2 && bottom_ok)
        c.band = {2, bottom_size};
      else if (covering == 0) {
      } else if (right_ok && (!bottom_ok || right_share <= bottom_share))
        c.band = {1, right_size};
      else if (bottom_ok)
        c.band = {2, bottom_size};
      if (c.band.side != 0) {
        c.band_wanted = true;
        return;
      }
    }
  } else {
    sh = band_shape(c.band.side);
    const PixelRect band = c.band_rect();
    at = c.band.side == 1
             ? PixelRect{band.x1 - c.margin - sh.w, right_top, band.x1 - c.margin, right_top + sh.h}
             : PixelRect{band.x0 + c.margin, band.y0 + c.margin, band.x0 + c.margin + sh.w, band.y0 + c.margin + sh.h};
  }
  const size_t rows = sh.rows;
  const std::vector<float>& col_w = sh.col_w;
  const float h = sh.h;
  // On a wall the legend hangs under the date when it would otherwise climb over it.
  if (c.wall() && c.date_y1 > 0 && at.x1 > c.date_x0 && at.y0 < c.date_y1 + c.margin)
    at = {at.x0, c.date_y1 + c.margin, at.x1, c.date_y1 + c.margin + h, at.priority};
  // A wall too crowded for both keeps a selected gate's card, the scene's subject, uncovered.
  const PixelRect& card = c.card_box;
  const bool on_card = card.x1 > card.x0 && card.x1 > at.x0 && card.x0 < at.x1 && card.y1 > at.y0 && card.y0 < at.y1;
  if (c.wall() && on_card) return;
  const float x0 = at.x0, y0 = at.y0;
  c.panel(at.x0, at.y0, at.x1, at.y1);
  c.m.legend = {at.x0, at.y0, at.x1, at.y1};
  if (!c.wall()) c.put(head, x0 + pad, y0 + pad);
  float col_x = x0 + pad;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0 && i % rows == 0) col_x += col_w[i / rows - 1] + col_gap;
    const Entry& e = entries[i];
    const TextBlock& b = blocks[i];
    const float y = y0 + pad + head.height + row_h * static_cast<float>(i % rows);
    const float cy = std::round(y + b.height / 2), sx = col_x;
    if (e.kind == 0) {
      c.ui.rect(sx, cy - 6 * c.ps, sx + sw, cy + 6 * c.ps, e.color);
      c.ui.frame(sx, cy - 6 * c.ps, sx + sw, cy + 6 * c.ps, std::max(1.f, std::round(c.ps)), style::rgb(0x888888));
    } else if (e.kind == 1) {
      c.ui.rect(sx, cy - 3.5f * c.ps, sx + sw, cy + 3.5f * c.ps, style::kFrontierCasing);
      c.ui.rect(sx, cy - 1.5f * c.ps, sx + sw, cy + 1.5f * c.ps, e.color);
    } else if (e.kind == 3) {
      c.overlay.push_back(
          {sx + sw / 2, cy, 0, style::kGateRadius * c.ps, style::rgb(0xffffff, 0.55f), e.color, 2.0f * c.ps, true});
    } else if (e.kind == 4) {
      for (int k = 0; k < 3; ++k)
        c.ui.rect(sx + k * 8 * c.ps, cy - 0.6f * c.ps, sx + (k * 8 + 5) * c.ps, cy + 0.6f * c.ps, e.color);
    } else if (e.kind == 5) {
      c.ui.rect(sx, cy - 1.5f * c.ps, sx + sw, cy + 1.5f * c.ps, e.color);
      for (int k = 0; k < 2; ++k)
        c.ui.rect(sx + (2 + k * 10) * c.ps, cy - 0.5f * c.ps, sx + (7 + k * 10) * c.ps, cy + 0.5f * c.ps,
                  style::rgb(0xffffff));
    } else if (e.kind == 8) {
      c.overlay.push_back({sx + sw / 2, cy, e.shape, style::kGateRadius * c.ps, e.color, e.color, 2.0f * c.ps, false});
    } else if (e.kind == 7) {
      // text only
    } else if (e.kind == 6) {
      c.overlay.push_back({sx + sw / 2, cy, 0, 7 * c.ps, e.color.premul_alpha(0.35f), e.color, 1.5f * c.ps, false});
    } else if (e.color.r == 1 && e.color.g == 1 && e.color.b == 1) {
      c.overlay.push_back({sx + sw / 2, cy, 0, 3.0f * c.ps, e.color, style::rgb(0x333333), 1.3f * c.ps, false});
    } else {
      c.overlay.push_back({sx + sw / 2, cy, e.shape,
                           (e.shape == 2 ? style::kCrossingRadius : style::kGateRadius) * c.ps, e.color,
                           style::kGateStroke, 1.5f * c.ps, e.dashed});
    }
    c.put(b, sx + sw + gap, y);
  }
}

// The status's symbol, as on the map and in the legend.
void status_symbol(GateFrameState::Status st, style::Rgba& color, int& shape) {
  using S = GateFrameState::Status;
  color = st == S::open         ? style::kStatusOpen
          : st == S::restricted ? style::kStatusRestricted
          : st == S::closed     ? style::kStatusClosed
                                : style::kStatusUnknown;
  shape = st == S::open ? 0 : st == S::restricted ? 3 : st == S::closed ? 4 : 2;
}

// A scene's selected gate, its card shown large (issue 14): the names, the status at the date shown
// (primary text) with its parts, the row that set it and its source (secondary), the day's figures
// (primary) with their periods and sources (secondary). Placed beside the title, the date, the scale
// bar or at the bottom, in the first free place on the side of the map away from the gate, tied to
// the gate by a line; drawn before the legend and the labels, which keep clear of it.
void draw_card(Ctx& c) {
  const GateCard& card = c.f.card;
  if (card.gate < 0) return;
  float max_w = 0;  // the card's text width, tried narrow first
  const float pad = 10 * c.ps, gap = 6 * c.ps;
  style::Rgba st_color;
  int st_shape = 0;
  status_symbol(card.status, st_color, st_shape);
  // Each line wrapped to the card (GCC 12 warns falsely of overlapping copies for "\n" + string).
  auto lines = [&](const std::vector<std::string>& in, float css, FontStyle st) {
    std::string out;
    for (const std::string& l : in) {
      if (!out.empty()) out += '\n';
      out += c.wrap(l, css, st, max_w);
    }
    return c.text(out, css, st);
  };
  struct Row {
    TextBlock text;
    float indent = 0, space_before = 0;
    bool secondary = false;
  };
  const float swatch = std::round(c.text("O", style::kLabelSize, FontStyle::bold).height);
  // The card at a level of detail: 0 everything; 1 the figures without their sources; 2 the first
  // figure only, the others counted; 3 without the count and the cargo and passengers line. The
  // status, the row that set it and its source are always there.
  auto card_rows = [&](int level) {
    std::vector<Row> rows;
    rows.push_back({lines({card.name}, 20, FontStyle::bold)});
    rows.push_back({c.text(card.status_line, style::kLabelSize, FontStyle::bold), swatch + gap, gap});
    std::vector<std::string> detail = card.status_detail;
    if (level >= 3 && detail.size() > 1) detail.erase(detail.begin());
    rows.push_back({lines(detail, 9.5f, FontStyle::regular), 0, 0, true});
    for (size_t i = 0; i < card.figures.size(); ++i) {
      const GateCard::Figure& fig = card.figures[i];
      if (level >= 3 && i == 1) break;
      if (level >= 2 && i == 1) {
        const size_t more = card.figures.size() - 1;
        rows.push_back({lines({"and " + std::to_string(more) + (more == 1 ? " more figure" : " more figures") +
                               " of this day in the data"},
                              9.5f, FontStyle::regular),
                        0, 0, true});
        break;
      }
      rows.push_back({lines({fig.value}, style::kLabelSize, FontStyle::regular), 0, gap});
      if (!fig.source.empty() && level == 0)
        rows.push_back({lines({fig.source}, 9.5f, FontStyle::regular), 0, 0, true});
    }
    return rows;
  };

  // The gate's symbols on screen (its sides and crossings); the card covers none of them.
  std::vector<geo::XY> gate_points;
  for (const geo::GateSymbol& g : c.scene.gate_symbols)
    if (static_cast<int>(g.pair_index) == card.gate)
      for (const float* q :
           {g.has_vn ? g.vn : nullptr, g.has_cn ? g.cn : nullptr, g.has_crossing ? g.crossing : nullptr})
        if (q) {
          const geo::XY px = c.f.camera.map_to_pixel(c.scene.to_map(q));
          if (px.x >= c.ax0 && px.x <= c.ax1 && px.y >= c.ay0 && px.y <= c.ay1) gate_points.push_back(px);
        }
  std::optional<geo::XY> at;  // where the card's line goes: the mean of the gate's points in view
  if (!gate_points.empty()) {
    geo::XY m{0, 0};
    for (const geo::XY& q : gate_points) m.x += q.x / gate_points.size(), m.y += q.y / gate_points.size();
    at = m;
  }
  auto covers_gate = [&](const PixelRect& r) {
    const float grow = style::kGateRadius * c.ps;
    return std::any_of(gate_points.begin(), gate_points.end(), [&](const geo::XY& q) {
      return q.x > r.x0 - grow && q.x < r.x1 + grow && q.y > r.y0 - grow && q.y < r.y1 + grow;
    });
  };
  const float left = c.ax0 + c.margin, right = c.ax1 - c.margin;
  const float below_title = c.title_box.y1 > 0 ? c.title_box.y1 + gap : c.top;
  const float below_date = c.date_box.y1 > 0 ? c.date_box.y1 + gap : c.top;
  const float bottom = c.ay1 - std::max(c.margin, c.bottom_reserved + gap);
  const bool gate_on_left = at && at->x < (c.ax0 + c.ax1) / 2;
  auto free = [&](const PixelRect& r) {
    if (r.x0 < c.ax0 || r.y0 < c.ay0 || r.x1 > c.ax1 || r.y1 > c.ay1) return false;
    for (const PixelRect& b : c.boxes)
      if (b.x1 > r.x0 && b.x0 < r.x1 && b.y1 > r.y0 && b.y0 < r.y1) return false;
    return !covers_gate(r);
  };
  std::vector<Row> rows;
  PixelRect box{};
  float w = 0, h = 0;
  // Narrow and complete first; then less detail, then wider (fewer lines).
  const float narrow = c.wall() ? 0.45f : 0.34f, wide = c.wall() ? 0.62f : 0.5f;
  const std::pair<int, float> tries[] = {{0, narrow}, {1, narrow}, {2, narrow}, {2, wide}, {3, wide}};
  // None free: of every try's places, the one that covers the least of the other decorations,
  // hardly ever the title, the date or the stale banner, and never the gate when it can.
  const float headings_y1 = std::max(c.title_box.y1, c.date_box.y1) + 1;
  auto cost = [&](const PixelRect& r) {
    float covered = covers_gate(r) ? 1e12f : 0;
    for (const PixelRect& b : c.boxes)
      covered += (b.y1 <= headings_y1 ? 1000.f : 1.f) * std::max(0.f, std::min(b.x1, r.x1) - std::max(b.x0, r.x0)) *
                 std::max(0.f, std::min(b.y1, r.y1) - std::max(b.y0, r.y0));
    return covered;
  };
  float least = INFINITY;
  std::pair<int, float> best_try = tries[0];
  bool found = false;
  auto lay_out = [&](int level, float width) {
    max_w = std::max(260 * c.ps, width * (c.ax1 - c.ax0));
    rows = card_rows(level);
    float inner_w = 0, inner_h = 0;
    for (const Row& r : rows)
      inner_w = std::max(inner_w, r.indent + r.text.width), inner_h += r.space_before + r.text.height;
    w = std::round(inner_w + 2 * pad), h = std::round(inner_h + 2 * pad);
    // The scale bar comes after the card (it gives way to it): the card may use its corner.
    std::vector<PixelRect> left_side = {{left, below_title, left + w, below_title + h},
                                        {left, bottom - h, left + w, bottom}};
    std::vector<PixelRect> right_side = {{right - w, below_date, right, below_date + h},
                                         {right - w, bottom - h, right, bottom}};
    std::vector<PixelRect> places = gate_on_left ? right_side : left_side;
    for (const PixelRect& r : gate_on_left ? left_side : right_side) places.push_back(r);
    return places;
  };
  for (const auto& [level, width] : tries) {
    const std::vector<PixelRect> places = lay_out(level, width);
    if (const auto it = std::find_if(places.begin(), places.end(), free); it != places.end()) {
      box = *it;
      found = true;
      break;
    }
    for (const PixelRect& r : places)
      if (const float k = cost(r); k < least) least = k, best_try = {level, width}, box = r;
  }
  if (!found) {
    const PixelRect chosen = box;
    lay_out(best_try.first, best_try.second);  // the rows of the chosen try
    box = chosen;
  }
  const float x0 = std::round(box.x0), y0 = std::round(box.y0);
  if (at) {  // the line first, under the card
    const float tx = std::clamp(static_cast<float>(at->x), x0, x0 + w);
    const float ty = std::clamp(static_cast<float>(at->y), y0, y0 + h);
    const float dx = static_cast<float>(at->x) - tx, dy = static_cast<float>(at->y) - ty;
    const float len = std::sqrt(dx * dx + dy * dy), skip = (style::kGateRadius + 4) * c.ps;
    if (len > skip)
      c.ui.line(tx, ty, tx + dx / len * (len - skip), ty + dy / len * (len - skip), std::max(2.f, 2 * c.ps),
                style::rgb(0x000000, 0.8f));
  }
  c.panel(x0, y0, x0 + w, y0 + h);
  c.card_box = {x0, y0, x0 + w, y0 + h};
  c.ui.rect(x0, y0, x0 + w, y0 + std::round(4 * c.ps), st_color);  // the status's colour along the top
  float y = y0 + pad;
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    y += r.space_before;
    if (i == 1)
      c.overlay.push_back({x0 + pad + swatch / 2, y + r.text.height / 2, st_shape, swatch / 2, st_color,
                           style::kGateStroke, 1.5f * c.ps, false});
    if (r.secondary)
      c.put(r.text, x0 + pad + r.indent, y, c.f.wall.high_contrast ? style::rgb(0x000000) : style::rgb(0x444444),
            style::rgb(0xffffff, 0));
    else
      c.put(r.text, x0 + pad + r.indent, y);
    y += r.text.height;
  }
}

// The labels offered to the placer this frame: those in view (thinned when very many), at most
// kMaxLabelCandidatesPerFrame of them, the highest priorities; in scene order, as the placer's
// ties go by input order. Text is laid out only for these.
void choose_labels(Ctx& c) {
  std::vector<uint32_t>& ids = c.m.label_ids;
  visible_labels(c.scene, c.points, c.f, ids);
  std::erase_if(ids, [&](uint32_t i) { return !c.f.layers.has(c.scene.labels[i].layer); });
  if (ids.size() <= kMaxLabelCandidatesPerFrame) return;
  const auto more_important = [&](uint32_t a, uint32_t b) {
    const int pa = c.scene.labels[a].priority, pb = c.scene.labels[b].priority;
    return pa != pb ? pa > pb : a < b;
  };
  std::nth_element(ids.begin(), ids.begin() + kMaxLabelCandidatesPerFrame, ids.end(), more_important);
  ids.resize(kMaxLabelCandidatesPerFrame);
  std::sort(ids.begin(), ids.end());
}

void draw_labels(Ctx& c, const std::vector<PixelRect>& symbol_boxes, FrameStats& stats) {
  std::vector<LabelCandidate> cands;
  std::vector<TextBlock> blocks;
  std::vector<const geo::LabelSpec*> specs;
  choose_labels(c);
  for (uint32_t label_index : c.m.label_ids) {
    const geo::LabelSpec& l = c.scene.labels[label_index];
    geo::XY px = c.f.camera.map_to_pixel(c.scene.to_map(l.anchor));
    std::string text = l.line2.empty() ? l.line1 : l.line1 + "\n" + l.line2;
    const float size = l.style == geo::LabelSpec::gate_label ? style::kLabelSize
                       : l.style == geo::LabelSpec::area     ? style::kLabelSize
                                                             : style::kSmallSize + 1;
    blocks.push_back(c.text(text, size, FontStyle::regular, TextAlign::center));
    specs.push_back(&l);
    LabelCandidate cand;
    cand.x = static_cast<float>(px.x);
    cand.y = static_cast<float>(px.y);
    cand.width = blocks.back().width;
    cand.height = blocks.back().height;
    cand.priority = static_cast<float>(l.priority);
    cands.push_back(cand);
  }
  // Overlay labels: a gate's recent change, its flow figure, trade figures.
  struct Extra {
    float x, y;
    std::string text;
    float priority;
    style::Rgba color;
    std::vector<geo::XY> members{};  // a merged change label: the gates it stands for (leader lines)
    float clear_radius = 0;          // a trade label: its circle's radius, which the label keeps out of
  };
  std::vector<Extra> extras;
  auto gate_px = [&](int gate) -> std::optional<geo::XY> {
    if (gate < 0 || static_cast<size_t>(gate) >= c.points.first_symbol.size() ||
        c.points.first_symbol[static_cast<size_t>(gate)] < 0)
      return std::nullopt;
    const geo::GateSymbol& g =
        c.scene.gate_symbols[static_cast<size_t>(c.points.first_symbol[static_cast<size_t>(gate)])];
    const float* p = g.has_crossing ? g.crossing : g.has_vn ? g.vn : g.cn;
    return c.f.camera.map_to_pixel(c.scene.to_map(p));
  };
  if (c.f.layers.has(LayerId::status)) {
    // Gates near one another with the same change share one label ("4 gates reopened 2024-02-14")
    // at their centre, instead of a stack of identical ones.
    struct Change {
      geo::XY p;
      const std::string* label;
      bool merged = false;
    };
    std::vector<Change> changes;
    for (size_t i = 0; i < c.f.gates.size(); ++i)
      if (c.f.gates[i].transition > 0 && !c.f.gates[i].change_label.empty())
        if (auto p = gate_px(static_cast<int>(i))) changes.push_back({*p, &c.f.gates[i].change_label});
    const double near_px = 120 * c.ps;
    for (size_t i = 0; i < changes.size(); ++i) {
      if (changes[i].merged) continue;
      double sx = changes[i].p.x, sy = changes[i].p.y;
      int n = 1;
      std::vector<geo::XY> members = {changes[i].p};
      for (size_t j = i + 1; j < changes.size(); ++j)
        if (!changes[j].merged && *changes[j].label == *changes[i].label &&
            std::hypot(changes[j].p.x - changes[i].p.x, changes[j].p.y - changes[i].p.y) <= near_px) {
          changes[j].merged = true;
          sx += changes[j].p.x, sy += changes[j].p.y, ++n;
          members.push_back(changes[j].p);
        }
      const std::string text = n > 1 ? std::to_string(n) + " gates " + *changes[i].label : *changes[i].label;
      // Merged, the label is tied by a leader line to each gate it stands for.
      if (n == 1) members.clear();
      extras.push_back({static_cast<float>(sx / n), static_cast<float>(sy / n), text, 200, style::rgb(0x7a1f00),
                        std::move(members)});
    }
  }
  if (c.f.layers.has(LayerId::flows))
    for (const FlowFrame& fl : c.f.flows)
      if (auto p = gate_px(fl.gate))
        extras.push_back({static_cast<float>(p->x), static_cast<float>(p->y), fl.label, 150, style::rgb(0x00564d)});
  if (c.f.layers.has(LayerId::trade))
    for (const TradeFrame& t : c.f.trade) {
      geo::XY p = c.f.camera.map_to_pixel(c.scene.to_map(t.xy));
      extras.push_back({static_cast<float>(p.x),
                        static_cast<float>(p.y),
                        t.label,
                        120,
                        style::rgb(0x283593),
                        {},
                        t.radius_css * c.ps});
    }
  for (const UserMark& u : c.f.user_marks) {
    geo::XY p = c.f.camera.map_to_pixel(c.scene.to_map(u.xy));
    extras.push_back({static_cast<float>(p.x), static_cast<float>(p.y), u.label, 90, style::kUser});
  }
  const size_t first_extra = cands.size();
  for (const Extra& e : extras) {
    blocks.push_back(c.text(e.text, style::kSmallSize, FontStyle::bold, TextAlign::left));
    LabelCandidate cand;
    cand.x = e.x;
    cand.y = e.y;
    cand.width = blocks.back().width;
    cand.height = blocks.back().height;
    cand.priority = e.priority;
    cand.position_set = 0;
    cands.push_back(cand);
    specs.push_back(nullptr);
  }

  // Set 0 (points): near first; then further out, for gates in a cluster (Hữu Nghị, Tân Thanh,
  // Cốc Nam, Đồng Đăng). Set 1 (areas): centred on the label point.
  std::vector<std::vector<LabelPosition>> sets(1, standard_positions((style::kGateRadius + 6) * c.ps));
  for (float far : {2.5f, 4.5f}) {
    auto more = standard_positions((style::kGateRadius + 6) * far * c.ps);
    sets[0].insert(sets[0].end(), more.begin(), more.end());
  }
  sets.push_back({LabelPosition{0, 0, 0.5f, 0.5f}});
  // Set 2 (a located gate's name): set 0, then further still, tied by a leader line, so that no
  // gate of a cluster loses its name to its neighbours' labels (Cốc Nam and Tân Thanh were dropped
  // at the default view).
  sets.push_back(sets[0]);
  for (float far : {7.0f, 10.0f, 14.0f}) {
    auto more = standard_positions((style::kGateRadius + 6) * far * c.ps);
    sets[2].insert(sets[2].end(), more.begin(), more.end());
  }
  for (size_t i = 0; i < cands.size(); ++i)
    if (specs[i] && specs[i]->style == geo::LabelSpec::area)
      cands[i].position_set = 1;
    else if (specs[i] && specs[i]->style == geo::LabelSpec::gate_label)
      cands[i].position_set = 2;
  std::vector<LabelRect> obstacles;
  std::vector<float> obstacle_priorities;
  // A trade circle is a symbol too: no label goes under it (the Youyiguan circle covered Tân
  // Thanh's label); its own label goes beside it.
  for (size_t k = 0; k < extras.size(); ++k) {
    const Extra& e = extras[k];
    if (!(e.clear_radius > 0)) continue;
    const float r = e.clear_radius + 1.5f * c.ps;
    obstacles.push_back({e.x - r, e.y - r, e.x + r, e.y + r});
    obstacle_priorities.push_back(INFINITY);
    cands[first_extra + k].position_set = static_cast<uint32_t>(sets.size());
    sets.push_back(standard_positions(r + 4 * c.ps));
  }
  for (const std::vector<PixelRect>* list : {&symbol_boxes, static_cast<const std::vector<PixelRect>*>(&c.boxes)})
    for (const PixelRect& r : *list) {
      obstacles.push_back({r.x0, r.y0, r.x1, r.y1});
      obstacle_priorities.push_back(r.priority);
    }
  PlacementSettings settings;
  settings.viewport = {c.ax0, c.ay0, c.ax1, c.ay1};  // no label under a panel (the whole image in exports)
  settings.margin_px = 2 * c.ps;
  settings.padding_px = 2 * c.ps;
  // Budgets: a 1080p screen holds a few hundred labels; past these the screen is full.
  settings.max_labels = kMaxLabelsPerFrame;
  settings.max_consecutive_rejections = kMaxConsecutiveRejections;
  c.m.placer_result = c.m.placer.place(cands, sets, obstacles, obstacle_priorities, settings);
  // A gate label set down nearer another gate's symbol than its own (the Hữu Nghị cluster: "Cốc
  // Nam" beside Đồng Đăng rail's symbol) is tied to its own by a leader line too. Checked among the
  // gates offered a label (a crowd beyond a few hundred is thinned, and left as placed).
  struct GatePoint {
    float x, y;
    int gate;
  };
  std::vector<GatePoint> gate_points;
  if (c.m.label_ids.size() <= 300)
    for (uint32_t id : c.m.label_ids) {
      const int gate = c.scene.labels[id].gate;
      if (gate < 0 || static_cast<size_t>(gate) >= c.points.first_symbol.size()) continue;
      for (const geo::GateSymbol& g : c.scene.gate_symbols)
        if (static_cast<int>(g.pair_index) == gate)
          for (const float* q :
               {g.has_vn ? g.vn : nullptr, g.has_cn ? g.cn : nullptr, g.has_crossing ? g.crossing : nullptr})
            if (q) {
              const geo::XY px = c.f.camera.map_to_pixel(c.scene.to_map(q));
              gate_points.push_back({static_cast<float>(px.x), static_cast<float>(px.y), gate});
            }
    }
  auto nearer_to_another_gate = [&](const PixelRect& box, int gate) {
    auto dist = [&](const GatePoint& q) {
      const float dx = q.x - std::clamp(q.x, box.x0, box.x1), dy = q.y - std::clamp(q.y, box.y0, box.y1);
      return std::sqrt(dx * dx + dy * dy);
    };
    float own = INFINITY, other = INFINITY;
    for (const GatePoint& q : gate_points)
      if (q.gate == gate)
        own = std::min(own, dist(q));
      else
        other = std::min(other, dist(q));
    return other + 2 * c.ps < own;
  };
  // A merged change label's leader lines, one from each gate it stands for, go under every
  // label's text (their halos keep the text readable where a line passes).
  for (const PlacedLabel& p : c.m.placer_result.placed) {
    if (specs[p.candidate]) continue;
    for (const geo::XY& g : extras[p.candidate - first_extra].members) {
      const float gx = static_cast<float>(g.x), gy = static_cast<float>(g.y);
      const float tx = std::clamp(gx, p.box.x0, p.box.x1), ty = std::clamp(gy, p.box.y0, p.box.y1);
      const float dx = tx - gx, dy = ty - gy, len = std::sqrt(dx * dx + dy * dy);
      const float skip = (style::kGateRadius * 1.6f + 1) * c.ps;  // outside the gate's badge
      // Not across a panel (the title, legend, scale bar): a gate under one is not seen anyway.
      bool across_panel = false;
      for (int k = 0; k <= 16 && !across_panel; ++k) {
        const float x = gx + dx * static_cast<float>(k) / 16, y = gy + dy * static_cast<float>(k) / 16;
        for (const PixelRect& b : c.boxes) across_panel |= x > b.x0 && x < b.x1 && y > b.y0 && y < b.y1;
      }
      if (len > skip && !across_panel) {
        c.ui.line(gx + dx / len * skip, gy + dy / len * skip, tx, ty, std::max(1.f, c.ps), style::rgb(0x7a1f00, 0.8f));
        c.m.leaders.push_back({gx, gy, tx, ty});
      }
    }
  }
  for (const PlacedLabel& p : c.m.placer_result.placed) {
    c.m.placed.push_back({p.box.x0, p.box.y0, p.box.x1, p.box.y1, cands[p.candidate].priority});
    c.m.placed_gates.push_back(
        specs[p.candidate] && specs[p.candidate]->style == geo::LabelSpec::gate_label ? specs[p.candidate]->gate : -1);
    const geo::LabelSpec* spec_of = specs[p.candidate];
    const bool ambiguous = spec_of && spec_of->gate >= 0 && !gate_points.empty() &&
                           nearer_to_another_gate({p.box.x0, p.box.y0, p.box.x1, p.box.y1}, spec_of->gate);
    if (p.position >= 8 || ambiguous) {
      // Pushed out of a cluster: a leader line ties the label to its gate.
      const LabelCandidate& k = cands[p.candidate];
      const float tx = std::clamp(k.x, p.box.x0, p.box.x1), ty = std::clamp(k.y, p.box.y0, p.box.y1);
      const float dx = tx - k.x, dy = ty - k.y, len = std::sqrt(dx * dx + dy * dy);
      const float skip = (style::kGateRadius + 2) * c.ps;
      if (len > skip && (!specs[p.candidate] ? extras[p.candidate - first_extra].members.empty() : true)) {
        c.ui.line(k.x + dx / len * skip, k.y + dy / len * skip, tx, ty, std::max(1.f, c.ps),
                  style::rgb(0x1d3557, 0.8f));
        c.m.leaders.push_back({k.x, k.y, tx, ty});
      }
    }
    if (!specs[p.candidate]) {
      const Extra& e = extras[p.candidate - first_extra];
      c.put(blocks[p.candidate], p.box.x0, p.box.y0, e.color);
      continue;
    }
    const geo::LabelSpec& spec = *specs[p.candidate];
    c.put(blocks[p.candidate], p.box.x0, p.box.y0,
          spec.style == geo::LabelSpec::area               ? style::kAreaLabel
          : spec.style == geo::LabelSpec::approximate_gate ? style::kApproximate
                                                           : style::kText);
  }
  stats.labels_placed = static_cast<int>(c.m.placer_result.placed.size());
  stats.labels_dropped = static_cast<int>(cands.size() - c.m.placer_result.placed.size());
}

// The frontier strip (issue 19) on paper, between the map's title, date stamp and attribution.
void draw_strip_frame(Ctx& c) {
  const geo::LayerSet& L = c.f.layers;
  c.ui.rect(0, 0, c.W, c.H, style::rgb(0xfbfaf6));
  // In a window, the strip and its decorations go where no panel covers it (the whole frame in
  // exports, where the area's top is 0).
  c.top += c.ay0;
  // A wall's banner, caption and as-of date in the wall's sizes, around the strip.
  draw_stale_banner(c);
  if (L.has(LayerId::attribution)) draw_attribution(c);
  draw_caption(c);
  // On a wall the date first, as on the map: the title wraps beside it.
  const bool date_shown = L.has(LayerId::datestamp) || !c.f.wall.data_as_of.empty();
  if (c.wall() && date_shown) draw_datestamp(c);
  if (L.has(LayerId::title)) draw_title(c);
  if (!c.wall() && date_shown) draw_datestamp(c);
  float top = c.ay0 + c.margin;
  for (const PixelRect& b : c.boxes)
    if (b.y0 < (c.ay0 + c.ay1) / 2) top = std::max(top, b.y1 + 4 * c.ps);
  const float body_ps = c.wall() ? c.fit * c.f.wall.primary_px / Ctx::kStripPrimaryCss : c.ps;
  StripCanvas sc{
      c.ui,
      c.overlay,
      [&](const std::string& s, float css, FontStyle st, TextAlign al) { return c.text(s, css, st, al); },
      [&](const TextBlock& b, float x, float y, style::Rgba col, style::Rgba halo) { c.put(b, x, y, col, halo); },
      body_ps,
      c.ax1,
      c.ay1,
      c.ax0,
      c.margin,
      top,
      c.ay1 - std::max(c.margin, c.bottom_reserved + 4 * c.ps),
      &c.m.strip_picks};
  // On a wall the strip's text is in the wall's sizes too, its marks and gaps grown alike.
  sc.wall = c.wall() && c.strip_compact;
  sc.drop_overflow = c.wall();
  sc.avoid = &c.boxes;
  if (c.wall()) c.strip_body_ps = body_ps;
  c.strip_readable = draw_strip(sc, *c.f.strip, L);
  c.strip_body_ps = 0;
}

// Whether a wall's decorations fit: each inside the area, none over another.
bool decorations_fit(const Ctx& c) {
  const float e = 0.5f;
  // The legend's band is paper under the legend, date and north arrow, not a decoration of its own.
  const PixelRect band = c.band.side != 0 ? c.band_rect() : PixelRect{0, 0, 0, 0};
  auto is_band = [&](const PixelRect& r) {
    return c.band.side != 0 && r.x0 == band.x0 && r.y0 == band.y0 && r.x1 == band.x1 && r.y1 == band.y1;
  };
  for (size_t i = 0; i < c.boxes.size(); ++i) {
    const PixelRect& a = c.boxes[i];
    if (is_band(a)) continue;
    const float ax1 = c.band.side == 1 ? band.x1 : c.ax1, ay1 = c.band.side == 2 ? band.y1 : c.ay1;
    if (a.x0 < c.ax0 - e || a.y0 < c.ay0 - e || a.x1 > ax1 + e || a.y1 > ay1 + e) return false;
    for (size_t j = i + 1; j < c.boxes.size(); ++j) {
      const PixelRect& b = c.boxes[j];
      if (is_band(b)) continue;
      if (std::min(a.x1, b.x1) - std::max(a.x0, b.x0) > e && std::min(a.y1, b.y1) - std::max(a.y0, b.y0) > e)
        return false;
    }
  }
  return true;
}

// The share of the area the decorations cover: the legend's band and the boxes outside it (they
// do not overlap when decorations_fit).
float decorations_cover(const Ctx& c) {
  const PixelRect band = c.band.side != 0 ? c.band_rect() : PixelRect{0, 0, 0, 0};
  float covered = (band.x1 - band.x0) * (band.y1 - band.y0);
  for (const PixelRect& b : c.boxes)
    if (!(c.band.side != 0 && b.x0 >= band.x0 && b.y0 >= band.y0 && b.x1 <= band.x1 && b.y1 <= band.y1))
      covered += (b.x1 - b.x0) * (b.y1 - b.y0);
  const float ax1 = c.band.side == 1 ? band.x1 : c.ax1, ay1 = c.band.side == 2 ? band.y1 : c.ay1;
  return covered / std::max(1.f, (ax1 - c.ax0) * (ay1 - c.ay0));
}

// The smallest text that stays crisp (issue 16: "Small text is crisp from 9 px up"; at 8 px the
// legend read "Lang Scn"), pixels.
constexpr float kLeastCrispPx = 9;

// The most of a window's free area the decorations may cover: the map stays the larger part.
constexpr float kMostCovered = 0.6f;

struct WindowTry {
  bool apart = false;  // decorations_fit
  float cover = 0;     // decorations_cover
  float least_px = 0;  // the smallest text
};

struct WindowFit {
  float fit = 1, scalebar = 180;
  Ctx::GiveWay give_way;
};

// The decorations' layout in a window's free area: at their sizes with the scale bar 180, 120 or
// 80 CSS pixels long when that fits (none over another, inside the area); else shrunk alike (to a
// 64th) no further than the smallest text's kLeastCrispPx, and covering at most kMostCovered of
// the area (at 960 x 540 they covered three quarters of it); else, at the largest size that then
// fits, giving way one step at a time:
// the north arrow, the scale bar shortened to 50, the base map's legend rows, the attribution's
// descriptions (the credits the licences require stay, as on a wall), the legend's notes, its
// other symbols but the status key and a planner's layers, the title's subtitle. The title, the
// date, the status key and the required credits stay. try_layout(fit, scalebar, give_way): the
// layout's WindowTry.
template <class Try>
WindowFit window_fit(Try try_layout) {
  WindowFit w;
  WindowTry r;
  for (const float len : {180.f, 120.f, 80.f})
    if ((r = try_layout(1, w.scalebar = len, w.give_way)).apart) return w;
  auto fits = [&](float fit, const WindowFit& s) {
    const WindowTry t = try_layout(fit, s.scalebar, s.give_way);
    return t.apart && t.cover <= kMostCovered;
  };
  // Text sizes are proportional to fit: the least fit whose smallest text is crisp.
  const float least_at_1 = r.least_px;
  int floor_k = least_at_1 > 0 ? static_cast<int>(std::ceil(64 * kLeastCrispPx / least_at_1 - 1e-3f)) : 8;
  floor_k = std::clamp(floor_k, 8, 64);
  while (floor_k < 64 && try_layout(floor_k / 64.f, w.scalebar, w.give_way).least_px < kLeastCrispPx) ++floor_k;
  std::vector<WindowFit> steps{w};
  auto step = [&](auto change) {
    WindowFit next = steps.back();
    change(next);
    steps.push_back(next);
  };
  step([](WindowFit& s) { s.give_way.north_arrow = true; });
  step([](WindowFit& s) { s.scalebar = 50; });
  step([](WindowFit& s) { s.give_way.legend_rows = 1; });
  step([](WindowFit& s) { s.give_way.required_credits_only = true; });
  step([](WindowFit& s) { s.give_way.legend_rows = 2; });
  step([](WindowFit& s) { s.give_way.legend_rows = 3; });
  step([](WindowFit& s) { s.give_way.subtitle = true; });
  for (WindowFit& s : steps) {
    if (!fits(floor_k / 64.f, s) && &s != &steps.back()) continue;
    // The largest size at which this step fits (or, when even the last does not, the floor's).
    int lo = floor_k, hi = 65;
    while (hi - lo > 1) {
      const int mid = (lo + hi) / 2;
      (fits(mid / 64.f, s) ? lo : hi) = mid;
    }
    s.fit = lo / 64.f;
    return s;
  }
  return steps.back();
}

}  // namespace

void Decorations::build(const geo::Scene& scene, const ScenePoints& points, const FrameSnapshot& frame,
                        const std::vector<PixelRect>& symbol_boxes, UiGeometry& out,
                        std::vector<OverlaySymbol>& overlay, FrameStats& stats) {
  const size_t first_vertex = out.verts.size(), first_overlay = overlay.size();
  const geo::LayerSet L = frame.strip ? geo::LayerSet{} : frame.layers;
  // The decorations at a wall's sizes times `fit`, the scale bar at most `scalebar` CSS pixels long
  // (0: none). Decorations first, so that labels keep clear of them. When the legend finds no place
  // free of gates, again in the map frame less a band that holds the legend.
  bool strip_compact = false;  // a wall's strip in its compact layout
  auto decorate = [&](float fit, float scalebar, Ctx::GiveWay give_way = {}) {
    const float ps = frame.pixel_scale * fit;
    Ctx c0{*impl_,
           scene,
           points,
           frame,
           out,
           overlay,
           {},
           ps,
           static_cast<float>(frame.camera.width_px),
           static_cast<float>(frame.camera.height_px),
           12 * ps};
    c0.fit = fit;
    c0.strip_compact = strip_compact;
    c0.scalebar_max_px = scalebar;
    c0.give_way = give_way;
    c0.ax1 = c0.W, c0.ay1 = c0.H;
    if (!frame.free_area.empty())
      c0.ax0 = frame.free_area.x0, c0.ay0 = frame.free_area.y0, c0.ax1 = frame.free_area.x1,
      c0.ay1 = frame.free_area.y1;
    c0.symbols = &symbol_boxes;
    out.verts.resize(first_vertex);
    overlay.resize(first_overlay);
    impl_->placed.clear();
    impl_->placed_gates.clear();
    impl_->leaders.clear();
    impl_->strip_picks = {};
    impl_->legend = {0, 0, 0, 0};
    impl_->map_frame = {0, 0, 0, 0};
    impl_->bands = {};
    const Ctx pristine = c0;
    std::optional<Ctx> again;
    Ctx* cp = &c0;
    for (int pass = 0; pass < 2; ++pass) {
      Ctx& c = *cp;
      if (frame.strip) draw_strip_frame(c);  // the strip instead of the map's decorations and labels
      c.top = c.ay0 + c.margin;
      draw_band(c);
      if (!frame.strip) draw_stale_banner(c);  // across the top: the panels along the top go below it
      if (L.has(LayerId::attribution)) draw_attribution(c);
      if (!frame.strip) draw_caption(c);  // above the attribution; the scale bar and legend above it
      const bool date_shown = !frame.strip && (L.has(LayerId::datestamp) || !frame.wall.data_as_of.empty());
      if (c.wall() && date_shown) draw_datestamp(c);  // first: the title wraps beside it
      if (L.has(LayerId::title)) draw_title(c);
      const bool card = !frame.strip && frame.card.gate >= 0;
      if (scalebar > 0 && L.has(LayerId::scalebar) && !card) draw_scalebar(c);
      if (L.has(LayerId::north_arrow) && !c.give_way.north_arrow) draw_north_arrow(c);
      if (!c.wall() && date_shown) draw_datestamp(c);
      if (card) draw_card(c);
      if (scalebar > 0 && L.has(LayerId::scalebar) && card) draw_scalebar(c);  // where the card leaves room for it
      if (L.has(LayerId::legend)) draw_legend(c);
      if (!c.band_wanted) break;
      out.verts.resize(first_vertex);
      overlay.resize(first_overlay);
      again.emplace(pristine);
      again->band = c.band;
      (again->band.side == 1 ? again->ax1 : again->ay1) -= c.band.size;
      impl_->map_frame = {again->ax0, again->ay0, again->ax1, again->ay1};
      cp = &*again;
    }
    return Ctx(*cp);
  };
  // A wall's frame too small for its decorations at the legible sizes (a window on a small
  // screen): the scale bar gives way first, shorter, then gone; then every size shrinks alike,
  // just enough (to a 64th) that nothing overlaps or leaves the frame. The stale banner wraps and
  // the date stays whole.
  // A window's free area too small for them (960 x 540 with the panels open: the title, date,
  // legend and attribution did not fit beside one another) shrinks them alike only down to the
  // smallest crisp text (kLeastCrispPx); below that, what matters least gives way (window_give_way).
  float fit = 1, scalebar = 180;
  Ctx::GiveWay give_way;
  const bool wall = frame.wall.primary_px > 0;
  if (wall && frame.strip) {
    // The strip's body needs room to be read: its text, marks and gaps shrink alike until it has
    // it (a screen read from far holds few lines of its text).
    auto fits = [&](float f) {
      const Ctx c = decorate(f, 0);
      return c.strip_readable && decorations_fit(c);
    };
    // The export's layout grown (everything it shows), else the wall's compact one (fewer rows of
    // text, by priority), else that one smaller.
    if (!fits(1)) strip_compact = true;
    if (strip_compact && !fits(1)) {
      int lo = 8, hi = 64;
      while (hi - lo > 1) {
        const int mid = (lo + hi) / 2;
        (fits(mid / 64.f) ? lo : hi) = mid;
      }
      fit = lo / 64.f;
    }
  }
  if (!wall && !frame.free_area.empty() && !frame.strip) {
    const WindowFit w = window_fit([&](float f, float len, Ctx::GiveWay gw) {
      impl_->least_primary_px = impl_->least_secondary_px = 0;
      const Ctx c = decorate(f, len, gw);
      const float p = impl_->least_primary_px, s = impl_->least_secondary_px;
      return WindowTry{decorations_fit(c), decorations_cover(c), p > 0 && s > 0 ? std::min(p, s) : std::max(p, s)};
    });
    fit = w.fit, scalebar = w.scalebar, give_way = w.give_way;
  } else if (wall && !frame.strip) {
    bool fits = false;
    const float shortest = wall ? 0.f : 80.f;
    for (const float len : {180.f, 120.f, 80.f, 0.f})
      if (len >= shortest && (fits = decorations_fit(decorate(1, scalebar = len)))) break;
    if (!fits) {
      int lo = 8, hi = 64;  // fit = k / 64: lo fits (or is the least tried), hi does not
      while (hi - lo > 1) {
        const int mid = (lo + hi) / 2;
        (decorations_fit(decorate(mid / 64.f, shortest)) ? lo : hi) = mid;
      }
      fit = lo / 64.f;
      scalebar = shortest;
    }
  }
  // The frontier strip in a window's free area too small for it (960 x 540 with the panels open):
  // drawn smaller, just enough for its columns' time axis to take a quarter of the area's height.
  auto strip_fits = [&](float k) {
    decorate(k, scalebar);
    const StripPicks& p = impl_->strip_picks;
    return p.valid && p.y_t1 - p.y_t0 >= 0.25f * (frame.free_area.y1 - frame.free_area.y0);
  };
  if (frame.strip && !frame.free_area.empty() && !strip_fits(1)) {
    int lo = 8, hi = 64;
    while (hi - lo > 1) {
      const int mid = (lo + hi) / 2;
      (strip_fits(mid / 64.f) ? lo : hi) = mid;
    }
    fit = lo / 64.f;
  }
  stats.wall_text_scale = fit;
  impl_->least_primary_px = impl_->least_secondary_px = 0;
  Ctx c = decorate(fit, scalebar, give_way);
  // Each label follows its own layer (gate and town labels, status changes, flows, trade, a
  // planner's points): hiding the gates hides only the gates' labels.
  impl_->decoration_boxes = c.boxes;
  if (!frame.strip) draw_labels(c, symbol_boxes, stats);
  draw_notice(c);
  draw_help(c);
  stats.least_primary_text_px = impl_->least_primary_px;
  stats.least_secondary_text_px = impl_->least_secondary_px;
  // Normalise glyph texel coordinates now that the atlas has its final size for this frame.
  const float aw = static_cast<float>(impl_->atlas.width()), ah = static_cast<float>(impl_->atlas.height());
  for (size_t i = first_vertex; i < out.verts.size(); ++i) {
    UiVertex& v = out.verts[i];
    if (v.u >= 0) v.u /= aw, v.v /= ah;
  }
}

}  // namespace gatemap::render
