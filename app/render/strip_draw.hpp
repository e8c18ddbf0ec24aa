#pragma once
// Draws a StripFrame (the frontier strip, km-post × time) in screen space: axes, district
// stretches, a column per gate pair with its status bands in the map's status colours and a
// pattern each (so that the strip reads in grey), event ticks and change labels, vehicle-flow bars,
// the side panel and the strip's legend. Called by Decorations::build for a frame whose `strip` is
// set, after the title, date stamp and attribution, between which it lays itself out.
#include <functional>
#include <string>
#include <vector>

#include "app/render/decorations.hpp"
#include "app/render/strip_frame.hpp"
#include "app/render/text.hpp"
#include "app/render/ui_geometry.hpp"

namespace gatemap::render {

struct StripCanvas {
  UiGeometry& ui;
  std::vector<OverlaySymbol>& overlay;
  std::function<TextBlock(const std::string& text, float css_px, FontStyle, TextAlign)> text;
  std::function<void(const TextBlock&, float x, float y, style::Rgba colour, style::Rgba halo)> put;
  float ps = 1;                 // device pixels per CSS pixel
  float W = 0, H = 0;           // right and bottom edges of the strip's area (the image's size), pixels
  float x0 = 0;                 // left edge of the strip's area (a window's panels on the left), pixels
  float margin = 0;             // pixels
  float top = 0;                // first free row below the title and date stamp
  float bottom = 0;             // last free row above the attribution
  StripPicks* picks = nullptr;  // filled with where the columns and days were drawn, when given
  // A wall read from far: fewer rows of text, every one primary (draw_strip_wall): the names,
  // the years and a compact legend, the export's small print and side panels left out.
  bool wall = false;
  // The decorations around the strip (title, date, caption: pixels), which the compact layout
  // keeps clear of where it goes beside them (its legend below the date).
  const std::vector<PixelRect>* avoid = nullptr;
  // On a wall (its sizes, the export's layout): a side panel's heading wider than the panel is
  // left out rather than run off the screen.
  bool drop_overflow = false;
};

// Returns false when the body (the columns over time) is too small to read: under a quarter of
// the image's height or 40 % of its width (a wall's text too large for the screen; not drawn at
// all when under 10 pixels), so that a wall draws its text smaller until it fits.
bool draw_strip(StripCanvas& c, const StripFrame& strip, const geo::LayerSet& layers);

// A status band's fill and pattern in [x0, x1) × [y0, y1) (pixels): open solid, restricted
// striped, closed hatched, unknown pale and outlined. Also the legend's swatches.
void draw_status_band(UiGeometry& ui, float x0, float y0, float x1, float y1, StripFrame::Status status, float ps);

}  // namespace gatemap::render
