#pragma once
// The headless front end of the one renderer: renders a frame in horizontal strips into an
// offscreen framebuffer and streams the rows (top to bottom, RGBA8) to a sink (PNG, GeoTIFF,
// video frame), so the whole image never sits in memory.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>

#include "app/render/frame.hpp"
#include "app/render/renderer.hpp"

namespace gatemap::exporter {

struct StripTimings {
  double begin_ms = 0;  // Renderer::begin_frame: labels, text, symbols (CPU), included in render_ms
  double render_ms = 0, readback_ms = 0, sink_ms = 0;
};

// Receives the image's strips top to bottom. Each strip holds `rows` rows of `width` RGBA8 pixels,
// stored as glReadPixels returns them: `lowest_row` points at the strip's bottom row and the rows
// above it follow at +stride bytes each.
using RowSink = std::function<void(const uint8_t* lowest_row, int rows, size_t stride)>;

// Renders `frame` (whose camera gives the full size) through `renderer` into strips of at most
// strip_height rows. Needs a current GL context. Throws render::GlError on a GL failure.
StripTimings render_strips(render::Renderer& renderer, const render::FrameSnapshot& frame, const RowSink& sink,
                           int strip_height = 256);

// A sink that lends its own memory for each strip (e.g. PngStreamWriter::begin_rows), so that the
// pixels are read back straight into it: no copy and no buffer of ours (first-touching fresh
// memory costs 3-6 ms per MiB on the export VMs, as much as encoding it).
struct StripLender {
  // Memory for the next strip of `rows` rows (at most max_rows): where its lowest row goes, and
  // the byte stride between rows (at least width × 4).
  std::function<std::pair<uint8_t*, size_t>(int rows)> lend;
  // The lent strip is filled, lowest row first.
  std::function<void()> commit;
  int max_rows = 0;
};

// The same strips as render_strips with a RowSink, read back into the lender's memory. The strip
// height is min(strip_height, lender.max_rows): keep it 256 where the pixels must equal the
// window's (a strip's offset decides how edge pixels round).
StripTimings render_strips(render::Renderer& renderer, const render::FrameSnapshot& frame, const StripLender& lender,
                           int strip_height = 256);

// The window's path: the same strips, copied 1:1 into the default framebuffer, so that what the
// window shows and what an export at the window's size writes are the same pixels by construction
// (a viewport offset of another size rounds edge pixels differently).
void render_strips_to_screen(render::Renderer& renderer, const render::FrameSnapshot& frame, int strip_height = 256);

// Frees the offscreen strip target; call while the GL context that made it is still current.
void release_strip_target();

// Calls release_strip_target() when it goes out of scope: declare it after the GL context.
struct StripTargetGuard {
  StripTargetGuard() = default;
  StripTargetGuard(const StripTargetGuard&) = delete;
  StripTargetGuard& operator=(const StripTargetGuard&) = delete;
  ~StripTargetGuard() { release_strip_target(); }
};

}  // namespace gatemap::exporter
