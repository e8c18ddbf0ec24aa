#pragma once
// The briefing-room wall (gatemap present): text sizes read from the back row, the data's age
// against today. Plain functions, no GL: unit-tested (tests/app/wall_display_test.cpp).
#include <optional>
#include <string>

#include "geo/dates.hpp"

namespace gatemap {

// Cap height of Noto Sans (regular and bold) per em: capHeight 1462 / unitsPerEm 2048. The text
// layout takes sizes in pixels per em (FreeType at 72 dpi), so em = cap / kCapHeightPerEm.
inline constexpr double kCapHeightPerEm = 1462.0 / 2048.0;

// ANSI/HFES 100: primary text subtends at least 16 arcminutes, secondary at least 10.
inline constexpr double kPrimaryArcmin = 16, kSecondaryArcmin = 10;
inline constexpr double kDefaultViewingDistanceM = 4;

// The height in millimetres that subtends `arcmin` at `distance_m` (2 d tan(θ/2)).
double subtended_mm(double distance_m, double arcmin);

// Text and symbol sizes for a screen of `diagonal_in` inches showing `width_px` × `height_px`
// (square pixels) read from `distance_m` metres.
struct WallSizes {
  double mm_per_px = 0;         // the pixel pitch
  double primary_cap_px = 0;    // cap height of primary text (gate names, title, date, legend, captions)
  double secondary_cap_px = 0;  // cap height of secondary text (attribution)
  float primary_em_px = 0;      // the font sizes that give them (pixels per em)
  float secondary_em_px = 0;
  float pixel_scale = 1;  // symbols, panels and lines: the 13-pixel label size grown to primary_em_px
};
WallSizes wall_sizes(double diagonal_in, int width_px, int height_px, double distance_m);
// The same from the physical size the display reports (millimetres), for a screen of width_px.
WallSizes wall_sizes_from_mm(double width_mm, int width_px, int height_px, double distance_m);

// Today's date (UTC): GATEMAP_NOW=YYYY-MM-DD when set (tests, rehearsals), else the system clock.
// Throws UsageError "GATEMAP_NOW 'TEXT' is not a real date in the form YYYY-MM-DD" for a bad value.
geo::Date today();

// "Data as of 2026-03-03 — 279 days old" when the data's as-of date is more than `stale_after_days`
// before today; empty otherwise (and when there is no as-of date).
std::string stale_banner(const std::optional<geo::Date>& as_of, geo::Date today, int stale_after_days);

}  // namespace gatemap
