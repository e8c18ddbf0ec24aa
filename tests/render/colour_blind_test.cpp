// Status colours stay apart for colour-blind viewers (issue 14): a rendered frame's status colours
// (the legend's swatches and the gates' badges, read back from the pixels) are passed through the
// Machado, Oliveira & Fernandes (2009) simulations of protanopia, deuteranopia and tritanopia at
// severity 1.0, and every pair must still differ by CIEDE2000 ΔE ≥ 20.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <map>

#include "app/cli/options.hpp"
#include "app/render/style.hpp"
#include "app/view/frame_builder.hpp"
#include "render_util.hpp"

using namespace gatemap;

namespace {

using Rgb = std::array<double, 3>;
using Mat = std::array<Rgb, 3>;

// Machado et al. 2009, Table (severity 1.0), applied to linear RGB.
const std::map<std::string, Mat>& simulations() {
  static const std::map<std::string, Mat> m = {
      {"protanopia",
       Mat{Rgb{0.152286, 1.052583, -0.204868}, Rgb{0.114503, 0.786281, 0.099216}, Rgb{-0.003882, -0.048116, 1.051998}}},
      {"deuteranopia",
       Mat{Rgb{0.367322, 0.860646, -0.227968}, Rgb{0.280085, 0.672501, 0.047413}, Rgb{-0.011820, 0.042940, 0.968881}}},
      {"tritanopia",
       Mat{Rgb{1.255528, -0.076749, -0.178779}, Rgb{-0.078411, 0.930809, 0.147602}, Rgb{0.004733, 0.691367, 0.303900}}},
      {"normal vision", Mat{Rgb{1, 0, 0}, Rgb{0, 1, 0}, Rgb{0, 0, 1}}}};
  return m;
}

double to_linear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }

Rgb simulate(const Rgb& srgb, const Mat& m) {
  Rgb lin{to_linear(srgb[0]), to_linear(srgb[1]), to_linear(srgb[2])}, out{};
  for (int i = 0; i < 3; ++i) out[i] = std::clamp(m[i][0] * lin[0] + m[i][1] * lin[1] + m[i][2] * lin[2], 0.0, 1.0);
  return out;
}

// Linear sRGB → CIELAB (D65).
Rgb lab_of_linear(const Rgb& l) {
  const double x = (0.4124564 * l[0] + 0.3575761 * l[1] + 0.1804375 * l[2]) / 0.95047;
  const double y = 0.2126729 * l[0] + 0.7151522 * l[1] + 0.0721750 * l[2];
  const double z = (0.0193339 * l[0] + 0.1191920 * l[1] + 0.9503041 * l[2]) / 1.08883;
  auto f = [](double t) { return t > 216.0 / 24389 ? std::cbrt(t) : (24389.0 / 27 * t + 16) / 116; };
  return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

// CIEDE2000 (Sharma, Wu & Dalal 2005), kL = kC = kH = 1.
double delta_e_2000(const Rgb& a, const Rgb& b) {
  constexpr double kPi = 3.14159265358979323846;
  auto deg = [](double r) { return r * 180 / kPi; };
  auto rad = [](double d) { return d * kPi / 180; };
  const double c1 = std::hypot(a[1], a[2]), c2 = std::hypot(b[1], b[2]), cb = (c1 + c2) / 2;
  const double g = 0.5 * (1 - std::sqrt(std::pow(cb, 7) / (std::pow(cb, 7) + std::pow(25.0, 7))));
  const double a1 = (1 + g) * a[1], a2 = (1 + g) * b[1];
  const double c1p = std::hypot(a1, a[2]), c2p = std::hypot(a2, b[2]);
  auto hue = [&](double bb, double aa) {
    const double h = deg(std::atan2(bb, aa));
    return h < 0 ? h + 360 : h;
  };
  const double h1 = hue(a[2], a1), h2 = hue(b[2], a2);
  double dh = 0;
  if (c1p * c2p != 0) dh = h2 - h1 > 180 ? h2 - h1 - 360 : h2 - h1 < -180 ? h2 - h1 + 360 : h2 - h1;
  const double dL = b[0] - a[0], dC = c2p - c1p, dH = 2 * std::sqrt(c1p * c2p) * std::sin(rad(dh / 2));
  const double lb = (a[0] + b[0]) / 2, cbp = (c1p + c2p) / 2;
  double hb = h1 + h2;
  if (c1p * c2p != 0)
    hb = std::fabs(h1 - h2) <= 180 ? (h1 + h2) / 2 : h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2;
  const double t = 1 - 0.17 * std::cos(rad(hb - 30)) + 0.24 * std::cos(rad(2 * hb)) + 0.32 * std::cos(rad(3 * hb + 6)) -
                   0.20 * std::cos(rad(4 * hb - 63));
  const double dth = 30 * std::exp(-std::pow((hb - 275) / 25, 2));
  const double rc = 2 * std::sqrt(std::pow(cbp, 7) / (std::pow(cbp, 7) + std::pow(25.0, 7)));
  const double sl = 1 + 0.015 * (lb - 50) * (lb - 50) / std::sqrt(20 + (lb - 50) * (lb - 50));
  const double sc = 1 + 0.045 * cbp, sh = 1 + 0.015 * cbp * t, rt = -std::sin(rad(2 * dth)) * rc;
  return std::sqrt(std::pow(dL / sl, 2) + std::pow(dC / sc, 2) + std::pow(dH / sh, 2) + rt * (dC / sc) * (dH / sh));
}

// The most frequent rendered colour within 3 levels a channel of `want`, and how many pixels have it.
std::pair<Rgb, long> rendered_colour(const test_util::Image& img, render::style::Rgba want) {
  std::map<std::array<int, 3>, long> counts;
  const int w[3] = {static_cast<int>(std::lround(want.r * 255)), static_cast<int>(std::lround(want.g * 255)),
                    static_cast<int>(std::lround(want.b * 255))};
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x) {
      const uint8_t* p = img.px(x, y);
      if (std::abs(p[0] - w[0]) <= 3 && std::abs(p[1] - w[1]) <= 3 && std::abs(p[2] - w[2]) <= 3)
        ++counts[{p[0], p[1], p[2]}];
    }
  std::pair<Rgb, long> best{{0, 0, 0}, 0};
  for (const auto& [c, n] : counts)
    if (n > best.second) best = {Rgb{c[0] / 255.0, c[1] / 255.0, c[2] / 255.0}, n};
  return best;
}

}  // namespace

TEST(ColourBlind, Ciede2000MatchesSharmasTestData) {
  // Sharma, Wu & Dalal (2005), Table 1, pairs 1 and 17.
  EXPECT_NEAR(delta_e_2000({50, 2.6772, -79.7751}, {50, 0, -82.7485}), 2.0425, 1e-4);
  EXPECT_NEAR(delta_e_2000({50, 2.5, 0}, {73, 25, -18}), 27.1492, 1e-4);
}

TEST(ColourBlind, EveryPairOfStatusColoursDiffersByDeltaE20UnderEachSimulation) {
  test_util::gl_context();
  const AppData& data = test_util::default_data();
  render::Renderer r(data.scene);
  ViewInputs in;
  in.camera = geo::fit_bbox(default_bbox(data.scene), 1280, 720);
  in.layers = parse_layers("land,frontier,gates,status,legend");
  in.timeline = &data.timeline;
  in.date = geo::Date::parse("2020-02-08");
  const test_util::Image img = test_util::render_image(r, make_frame(data.scene, in));

  const struct {
    const char* name;
    render::style::Rgba colour;
  } statuses[] = {{"open", render::style::kStatusOpen},
                  {"restricted", render::style::kStatusRestricted},
                  {"closed", render::style::kStatusClosed},
                  {"unknown", render::style::kStatusUnknown}};
  std::vector<Rgb> rendered;
  for (const auto& s : statuses) {
    const auto [colour, pixels] = rendered_colour(img, s.colour);
    EXPECT_GE(pixels, 20) << s.name << ": its colour is not on the rendered frame";
    rendered.push_back(colour);
  }
  double worst = 1e9;
  for (const auto& [sim_name, m] : simulations())
    for (size_t i = 0; i < rendered.size(); ++i)
      for (size_t j = i + 1; j < rendered.size(); ++j) {
        const double de =
            delta_e_2000(lab_of_linear(simulate(rendered[i], m)), lab_of_linear(simulate(rendered[j], m)));
        worst = std::min(worst, de);
        EXPECT_GE(de, 20) << sim_name << ": " << statuses[i].name << " and " << statuses[j].name;
      }
  RecordProperty("worst_delta_e", std::to_string(worst));
}
