#pragma once
// Helpers for the rendering tests: one headless EGL context per test process, rendering a frame
// through the same strip path as `gatemap export` into memory, and image comparison.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "app/data/data_source.hpp"
#include "app/export/map_export.hpp"
#include "app/render/headless.hpp"
#include "app/render/renderer.hpp"

namespace gatemap::test_util {

struct Image {
  int width = 0, height = 0;
  std::vector<uint8_t> rgba;  // top-down rows
  const uint8_t* px(int x, int y) const { return rgba.data() + (static_cast<size_t>(y) * width + x) * 4; }
};

inline render::HeadlessContext& gl_context() {
  static render::HeadlessContext ctx;
  return ctx;
}

inline const AppData& default_data() {
  static const AppData data = load_data(GATEMAP_DATA_DIR);
  return data;
}

inline const geo::Scene& default_scene() { return default_data().scene; }

// Renders through the export strip path with `strips`' strip target; strip_height 0: the strips
// export and window use.
inline Image render_image(exporter::StripRenderer& strips, render::Renderer& r, const render::FrameSnapshot& frame,
                          int strip_height = 0) {
  Image img;
  img.width = frame.camera.width_px;
  img.height = frame.camera.height_px;
  img.rgba.resize(static_cast<size_t>(img.width) * img.height * 4);
  int y = 0;
  strips.render_strips(
      r, frame,
      [&](const uint8_t* lowest, int rows, size_t stride) {
        for (int k = 0; k < rows; ++k)
          std::copy_n(lowest + static_cast<size_t>(rows - 1 - k) * stride, stride,
                      img.rgba.data() + static_cast<size_t>(y + k) * stride);
        y += rows;
      },
      strip_height);
  return img;
}

// The same with a strip target of its own, freed on return (as a still export's job does).
inline Image render_image(render::Renderer& r, const render::FrameSnapshot& frame, int strip_height = 0) {
  exporter::StripRenderer strips;
  return render_image(strips, r, frame, strip_height);
}

struct Diff {
  long long pixels_over = 0;  // pixels where any channel differs by more than the tolerance
  int max_channel = 0;        // largest channel difference
  Image image;                // red where over, grey copy of the expected elsewhere
};

inline Diff compare(const Image& expected, const Image& actual, int channel_tolerance) {
  Diff d;
  d.image = expected;
  for (int y = 0; y < expected.height; ++y)
    for (int x = 0; x < expected.width; ++x) {
      const uint8_t* a = expected.px(x, y);
      const uint8_t* b = actual.px(x, y);
      int m = 0;
      for (int c = 0; c < 4; ++c) m = std::max(m, std::abs(int(a[c]) - int(b[c])));
      d.max_channel = std::max(d.max_channel, m);
      uint8_t* o = d.image.rgba.data() + (static_cast<size_t>(y) * expected.width + x) * 4;
      if (m > channel_tolerance) {
        ++d.pixels_over;
        o[0] = 255, o[1] = 0, o[2] = 0, o[3] = 255;
      } else {
        const uint8_t g = static_cast<uint8_t>((a[0] + a[1] + a[2]) / 6 + 128);
        o[0] = o[1] = o[2] = g, o[3] = 255;
      }
    }
  return d;
}

}  // namespace gatemap::test_util
