#pragma once
// The headless front end of the one renderer: renders a frame in horizontal strips into an
// offscreen framebuffer and streams the rows (top to bottom, RGBA8) to a sink (PNG, GeoTIFF,
// video frame), so the whole image never sits in memory.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
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

// The rows of each strip of a width × height image, for every front end: the window and an export
// of the same size draw the same strips, so their pixels are the same (a strip's offset decides
// how edge pixels round). A strip holds about one 1080p screen of pixels: a 1920 × 1080 window is
// one strip (what bounds its frame rate on llvmpipe is then the pixels, not the passes); a 4K
// export draws 4 strips, an 8K one 16 (the encoder compresses one strip while the next is drawn,
// and two strip buffers of ~8 MiB keep the 8K export lean).
inline constexpr long long kStripPixels = 1920LL * 1080;
inline constexpr int kMinStripRows = 16;  // very wide images: fewer, taller strips
inline constexpr int kMaxImageSide = 65536;
int strip_rows(int width, int height);

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

// The window's path: the same strips, copied 1:1 into a framebuffer of the frame's size, so that
// what the window shows and what an export at the window's size writes are the same pixels by
// construction (a viewport offset of another size rounds edge pixels differently).
struct ScreenOptions {
  unsigned framebuffer = 0;  // GL name of the framebuffer to fill; 0: the window's
  int strip_height = 0;      // 0: strip_rows()
  // Keep the base layers' pixels (Renderer::Pass::base) of each strip between frames and redraw
  // them only when the view, the base layers on, the pixel scale or the scene change; the overlays
  // are drawn over a copy of them every frame. The same pixels as drawing everything.
  bool reuse_base = true;
  bool begin_frame = true;  // false: the caller has called renderer.begin_frame(frame) itself
  // A frame of one strip is drawn straight into `framebuffer`: no offscreen target and no copy
  // (a window's first frame: on a CPU renderer, allocating the target and compiling the copy's
  // shaders cost ~45 ms of a wall's start-up). The same pixels, since a strip is placed by the
  // viewport alone (Renderer::draw). Frames of several strips are drawn through them as ever (on
  // llvmpipe one pass differs from strips by a level in a few pixels: its tiles fall elsewhere);
  // so are frames with reuse_base or only some columns.
  bool direct = false;
  // Only the screen's columns [columns_x0, columns_x1) are written (columns_x1 0: up to the
  // width): the split view puts two frames of the same camera side by side at its swipe line.
  int columns_x0 = 0, columns_x1 = 0;
};

struct StripRendererOptions {
  // Draw images larger than `tile_limit` pixels a side in tiles, as if the GPU allowed no more
  // (tests of the tiling); 0: the GPU's own limits.
  int tile_limit = 0;
};

// The GL state of drawing in strips: the offscreen strip target that every strip is drawn into and
// read back from (or copied to the screen from), and the window's cache of base pixels. Owned by
// whoever renders — the window next to its Renderer, an export job, a benchmark, a test — as
// MapLibre's HeadlessFrontend owns its backend: nothing of it is process-wide, so two owners in one
// process (a window and its export dialog's job, two tests) never share or free each other's state.
//
// Makes no GL call until it first renders; its GL objects then belong to the context current at
// that time, and every later call needs that context current. Destroy it while that context is
// still current (declare it after the context or window it draws in, so that it goes first): its
// destructor deletes the GL objects. Moving it moves them.
//
// The base cache is keyed by the renderer's address and scene generation: own a StripRenderer
// together with the one renderer it draws for the window (declared next to it, destroyed with it);
// a renderer destroyed and another made at its address would otherwise find the old one's pixels.
class StripRenderer {
 public:
  explicit StripRenderer(StripRendererOptions opt = {});
  ~StripRenderer();
  StripRenderer(StripRenderer&&) noexcept;
  StripRenderer& operator=(StripRenderer&&) noexcept;
  StripRenderer(const StripRenderer&) = delete;
  StripRenderer& operator=(const StripRenderer&) = delete;

  // Renders `frame` (whose camera gives the full size) through `renderer` into strips of
  // strip_height rows (0: strip_rows()), each drawn in tiles when the image is wider than the GPU
  // allows in one viewport, and joined into full rows for the sink. Throws render::GlError on a GL
  // failure.
  StripTimings render_strips(render::Renderer& renderer, const render::FrameSnapshot& frame, const RowSink& sink,
                             int strip_height = 0);

  // The same strips, read back into the lender's memory. The strip height is min(strip_height or
  // strip_rows(), lender.max_rows): give the lender strip_rows() rows where the pixels must equal
  // the window's.
  StripTimings render_strips(render::Renderer& renderer, const render::FrameSnapshot& frame, const StripLender& lender,
                             int strip_height = 0);

  // The window's path (ScreenOptions). Returns whether the base pixels of the last frame were reused.
  bool render_strips_to_screen(render::Renderer& renderer, const render::FrameSnapshot& frame,
                               const ScreenOptions& opt = {});

  // The window's split view: `left`'s columns [0, split_x) and `right`'s [split_x, width) of two
  // frames of the same camera and size, each drawn whole as render_strips_to_screen draws it (so
  // each side is the pixels of that frame alone); the base pixels are drawn once for both.
  // Returns whether the base pixels of the last frame were reused.
  bool render_split_to_screen(render::Renderer& renderer, const render::FrameSnapshot& left,
                              const render::FrameSnapshot& right, int split_x, const ScreenOptions& opt = {});

  // Whether the strip target (the offscreen framebuffer the strips are drawn in) exists yet.
  bool has_target() const;

 private:
  struct State;  // the GL objects: defined with the GL headers in map_export.cpp
  std::unique_ptr<State> state_;
  StripRendererOptions opt_;
  State& state();
};

}  // namespace gatemap::exporter
