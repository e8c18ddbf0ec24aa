// gatemap present's sizes and clock: cap heights read from the back row (ANSI/HFES 100: primary
// text 16 arcminutes, secondary 10), and the data's age against today (GATEMAP_NOW).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "app/cli/options.hpp"
#include "app/view/wall_display.hpp"

using namespace gatemap;

TEST(WallSizes, SixteenArcminutesAtSixMetresIs28Millimetres) {
  EXPECT_NEAR(subtended_mm(6, 16), 27.9, 0.05);  // the figure
  EXPECT_NEAR(subtended_mm(4, 16), 18.6, 0.05);
  EXPECT_NEAR(subtended_mm(0.7, 10), 2.04, 0.01);
}

TEST(WallSizes, A65InchUhdScreenReadFromSixMetres) {
  const WallSizes s = wall_sizes(65, 3840, 2160, 6);
  // 65″ 16:9 is 1439 mm wide: 0.375 mm a pixel.
  EXPECT_NEAR(s.mm_per_px, 0.3747, 0.0005);
  EXPECT_NEAR(s.primary_cap_px, 74.5, 0.5) << "about 75 px, the issue's figure";
  EXPECT_NEAR(s.secondary_cap_px, 46.6, 0.5);
  // The font sizes give those cap heights with a pixel to spare (rasterising may lose one).
  EXPECT_GE(s.primary_em_px * kCapHeightPerEm, s.primary_cap_px + 1);
  EXPECT_LT(s.primary_em_px * kCapHeightPerEm, s.primary_cap_px + 2);
  EXPECT_EQ(s.primary_em_px, 106);
  EXPECT_EQ(s.secondary_em_px, 67);
  EXPECT_NEAR(s.pixel_scale, 106.0 / 13, 1e-5) << "symbols and panels grow with the gate labels";
}

TEST(WallSizes, A24InchDesktopScreenAt70Centimetres) {
  const WallSizes s = wall_sizes(24, 1920, 1080, 0.7);
  EXPECT_NEAR(s.mm_per_px, 0.2767, 0.0005);
  EXPECT_NEAR(s.primary_cap_px, 11.8, 0.1);
  EXPECT_NEAR(s.secondary_cap_px, 7.4, 0.1);
  EXPECT_EQ(s.primary_em_px, 18);
  EXPECT_EQ(s.secondary_em_px, 12);
}

TEST(WallSizes, FromThePhysicalSizeTheDisplayReports) {
  // The same 65″ panel reported as 1439 mm wide.
  const WallSizes s = wall_sizes_from_mm(1438.9, 3840, 2160, 6);
  EXPECT_EQ(s.primary_em_px, wall_sizes(65, 3840, 2160, 6).primary_em_px);
}

TEST(StaleBanner, SaysTheDatasAgeWhenOlderThanTheLimit) {
  const geo::Date today = *geo::Date::parse("2026-12-07");
  EXPECT_EQ(stale_banner(geo::Date::parse("2026-03-03"), today, 30), "Data as of 2026-03-03 — 279 days old");
  EXPECT_EQ(stale_banner(geo::Date::parse("2026-11-07"), today, 30), "") << "30 days old is not older than 30";
  EXPECT_EQ(stale_banner(geo::Date::parse("2026-11-06"), today, 30), "Data as of 2026-11-06 — 31 days old");
  EXPECT_EQ(stale_banner(geo::Date::parse("2026-12-06"), today, 0), "Data as of 2026-12-06 — 1 day old");
  EXPECT_EQ(stale_banner(std::nullopt, today, 30), "");
}

TEST(Today, GatemapNowSetsTheClockAndABadValueIsSaid) {
  ::setenv("GATEMAP_NOW", "2026-03-03", 1);
  EXPECT_EQ(today(), geo::Date::parse("2026-03-03"));
  ::setenv("GATEMAP_NOW", "2026-02-30", 1);
  try {
    today();
    ADD_FAILURE() << "a bad GATEMAP_NOW was accepted";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "GATEMAP_NOW '2026-02-30' is not a real date in the form YYYY-MM-DD");
  }
  ::unsetenv("GATEMAP_NOW");
  const geo::Date now = today();  // the system clock: some day after this code was written
  EXPECT_GE(now, *geo::Date::parse("2026-12-07"));
}
