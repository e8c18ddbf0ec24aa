#pragma once
// The map's colours and sizes in one place (CSS pixels; multiplied by the frame's pixel_scale).
#include <cstdint>

namespace gatemap::render::style {

struct Rgba {
  float r, g, b, a;
  Rgba premul() const { return {r * a, g * a, b * a, a}; }
  Rgba premul_alpha(float alpha) const { return {r, g, b, alpha}; }  // same colour, another alpha
};

constexpr Rgba rgb(uint32_t hex, float a = 1.f) {
  return {((hex >> 16) & 0xff) / 255.f, ((hex >> 8) & 0xff) / 255.f, (hex & 0xff) / 255.f, a};
}

inline constexpr Rgba kBackground = rgb(0xcfdde6);   // sea and outside the data
inline constexpr Rgba kLandVietnam = rgb(0xf4efdf);  // warm
inline constexpr Rgba kLandChina = rgb(0xe3e6ea);    // cool grey
inline constexpr Rgba kFrontier = rgb(0xb3123a);
inline constexpr Rgba kFrontierCasing = rgb(0xffffff, 0.95f);
inline constexpr float kFrontierWidth = 3.0f;
inline constexpr float kFrontierCasingWidth = 7.0f;

inline constexpr Rgba kGateFill = rgb(0x1d3557);
inline constexpr Rgba kGateStroke = rgb(0xffffff);
inline constexpr Rgba kGateVietnam = rgb(0xc8102e);  // VN side: circle
inline constexpr Rgba kGateChina = rgb(0xe0a100);    // CN side: square
inline constexpr Rgba kGateLink = rgb(0x1d3557);
inline constexpr Rgba kApproximate = rgb(0x5a5a5a);
inline constexpr Rgba kHover = rgb(0x0077ff);
inline constexpr float kGateRadius = 6.0f;
inline constexpr float kCrossingRadius = 4.5f;

inline constexpr Rgba kRiver = rgb(0x5b9bd5);
inline constexpr Rgba kRiverMinor = rgb(0x8fbce6);
inline constexpr Rgba kAdminBoundary = rgb(0x8a7aa0);
inline constexpr Rgba kPrefectureBoundary = rgb(0x9d8fb0);
inline constexpr Rgba kRoadMajor = rgb(0xe07b24);
inline constexpr Rgba kRoadMinor = rgb(0xcfa77a);
inline constexpr Rgba kRailway = rgb(0x3a3a3a);
inline constexpr Rgba kAreaLabel = rgb(0x6b5f80);

inline constexpr Rgba kText = rgb(0x1a1a1a);
inline constexpr Rgba kTextHalo = rgb(0xffffff, 0.92f);
inline constexpr Rgba kPanel = rgb(0xffffff, 0.85f);
inline constexpr Rgba kPanelBorder = rgb(0x333333, 0.6f);
inline constexpr float kLabelSize = 13.0f;
inline constexpr float kSmallSize = 10.5f;
inline constexpr float kTitleSize = 22.0f;

inline constexpr Rgba kUser = rgb(0x7b1fa2);  // planners' own layers
inline constexpr Rgba kTrade = rgb(0x3f51b5);
inline constexpr Rgba kFlowExport = rgb(0x00897b);  // Vietnam → China
inline constexpr Rgba kFlowImport = rgb(0x8e24aa);  // China → Vietnam
inline constexpr Rgba kFlowLane = rgb(0x00897b, 0.22f);
inline constexpr Rgba kQueue = rgb(0x6d4c41);

// Status colours that stay apart for colour-blind viewers: under protanopia, deuteranopia and
// tritanopia (Machado et al. 2009, severity 1) every pair differs by CIEDE2000 ΔE ≥ 22
// (tests/render/colour_blind_test.cpp; the shapes differ too). The former green / orange / red /
// grey gave ΔE 10.6 between open and closed under deuteranopia.
inline constexpr Rgba kStatusOpen = rgb(0x2ca25f);        // green
inline constexpr Rgba kStatusRestricted = rgb(0xffd92f);  // yellow
inline constexpr Rgba kStatusClosed = rgb(0x99000d);      // dark red
inline constexpr Rgba kStatusUnknown = rgb(0x616161);     // dark grey

}  // namespace gatemap::render::style
