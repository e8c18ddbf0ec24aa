#include "app/export/map_export.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

#include "app/render/gl.hpp"

namespace gatemap::exporter {

namespace {
double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

namespace {

// An offscreen colour target, remade only when its size changes.
struct StripTarget : render::ColorTarget {
  void ensure(int w, int h) {
    if (fb && w == width && h == height) return;
    static_cast<render::ColorTarget&>(*this) = render::make_color_target(w, h);
  }
};

// The window's base pixels (Renderer::Pass::base: background, land, lines, towns), one target per
// strip, kept while what they depend on is unchanged: a still view (a wall display playing its
// timeline) then draws only the overlays each frame.
struct BaseCache {
  struct Key {
    const void* renderer = nullptr;
    uint64_t generation = 0;
    int width = 0, height = 0, strip = 0;
    double cx = 0, cy = 0, m_per_px = 0;
    float pixel_scale = 0;
    uint32_t layers = 0;
    bool operator==(const Key&) const = default;
  };
  std::vector<StripTarget> strips;
  Key key;
  bool valid = false;
};

// The largest image this GPU draws in one viewport (width: also one renderbuffer). A larger one is
// drawn in tiles (Renderer::draw maps each onto its part of the image): columns of at most
// width_limit pixels. `override_px` > 0 lowers both (StripRendererOptions::tile_limit).
struct TileLimits {
  int width = 0, height = 0;
};
TileLimits tile_limits(int override_px) {
  GLint max_rb = 0, max_vp[2] = {0, 0};
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_rb);
  glGetIntegerv(GL_MAX_VIEWPORT_DIMS, max_vp);
  TileLimits l{std::max(1, std::min<int>(max_rb, max_vp[0])), std::max(1, max_vp[1])};
  if (override_px > 0) l.width = std::min(l.width, override_px), l.height = std::min(l.height, override_px);
  return l;
}

void check_size(int W, int H) {
  if (W < 1 || H < 1 || W > kMaxImageSide || H > kMaxImageSide)
    throw render::GlError("image " + std::to_string(W) + "x" + std::to_string(H) + " is outside 1.." +
                          std::to_string(kMaxImageSide) + " pixels a side");
}

// glReadPixels of a drawn tile's `cols` × `rows` pixels into `dst` (lowest row first, rows
// `stride` bytes apart). llvmpipe rasterises the tile here, so most of its time lands in this call.
void read_tile(int cols, int rows, uint8_t* dst, size_t stride) {
  const bool packed = stride == static_cast<size_t>(cols) * 4;
  if (!packed) glPixelStorei(GL_PACK_ROW_LENGTH, static_cast<GLint>(stride / 4));
  glReadPixels(0, 0, cols, rows, GL_RGBA, GL_UNSIGNED_BYTE, dst);
  if (!packed) glPixelStorei(GL_PACK_ROW_LENGTH, 0);
  if (GLenum e = glGetError(); e != GL_NO_ERROR)
    throw render::GlError("reading the rendered strip back failed (GL error " + std::to_string(e) + ")");
}

// The strip loop of both render_strips: for each strip, `dest(rows)` gives the memory of its rows
// (lowest row first, stride bytes apart), every tile of the strip is drawn into `target` and read
// into its columns, then `done()` hands the strip on. Most images are one tile wide.
template <class Dest, class Done>
StripTimings draw_strips(StripTarget& target, const TileLimits& lim, render::Renderer& renderer,
                         const render::FrameSnapshot& frame, int strip_height, Dest&& dest, Done&& done) {
  const int W = frame.camera.width_px, H = frame.camera.height_px;
  const int S = std::clamp(strip_height, 1, std::min(H, lim.height));
  const bool tiled = W > lim.width || H > lim.height;
  const int TW = std::min(W, lim.width);
  target.ensure(TW, S);
  glBindFramebuffer(GL_FRAMEBUFFER, target.fb.get());

  StripTimings t;
  auto t0 = std::chrono::steady_clock::now();
  renderer.begin_frame(frame);
  t.begin_ms = t.render_ms = ms_since(t0);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  for (int y0 = 0; y0 < H; y0 += S) {
    const int rows = std::min(S, H - y0);
    t0 = std::chrono::steady_clock::now();
    const auto [dst, stride] = dest(rows);
    t.sink_ms += ms_since(t0);  // waiting for a free buffer is the encoder's time, not the read-back's
    for (int x0 = 0; x0 < W; x0 += TW) {
      const int cols = std::min(TW, W - x0);
      t0 = std::chrono::steady_clock::now();
      renderer.draw(tiled ? render::Target{W, H, y0, rows, x0, cols} : render::Target{W, H, y0, rows});
      t.render_ms += ms_since(t0);
      t0 = std::chrono::steady_clock::now();
      read_tile(cols, rows, dst + static_cast<size_t>(x0) * 4, stride);
      t.readback_ms += ms_since(t0);
    }
    t0 = std::chrono::steady_clock::now();
    done(dst, rows, stride);
    t.sink_ms += ms_since(t0);
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  return t;
}

// Copies columns [x0, x1) of `rows` rows 1:1 from one framebuffer to another, at row to_y0 there.
void blit(GLuint from, GLuint to, int x0, int x1, int rows, int to_y0) {
  glBindFramebuffer(GL_READ_FRAMEBUFFER, from);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, to);
  glBlitFramebuffer(x0, 0, x1, rows, x0, to_y0, x1, to_y0 + rows, GL_COLOR_BUFFER_BIT, GL_NEAREST);
}

}  // namespace

// The GL objects of a StripRenderer. Their handles delete them when it is destroyed (with its
// context current, as the header asks).
struct StripRenderer::State {
  StripTarget target;  // the strip every front end draws into, kept between frames
  BaseCache cache;     // the window's base pixels (render_strips_to_screen)
};

StripRenderer::StripRenderer(StripRendererOptions opt) : opt_(opt) {}
StripRenderer::~StripRenderer() = default;
StripRenderer::StripRenderer(StripRenderer&&) noexcept = default;
StripRenderer& StripRenderer::operator=(StripRenderer&&) noexcept = default;

StripRenderer::State& StripRenderer::state() {
  if (!state_) state_ = std::make_unique<State>();
  return *state_;
}

bool StripRenderer::has_target() const { return state_ && state_->target.fb; }

int strip_rows(int width, int height) {
  const long long rows = kStripPixels / std::max(1, width);
  return static_cast<int>(std::clamp<long long>(rows, std::min(kMinStripRows, height), std::max(1, height)));
}

StripTimings StripRenderer::render_strips(render::Renderer& renderer, const render::FrameSnapshot& frame,
                                          const RowSink& sink, int strip_height) {
  const int W = frame.camera.width_px, H = frame.camera.height_px;
  check_size(W, H);
  if (strip_height <= 0) strip_height = strip_rows(W, H);
  const size_t stride = static_cast<size_t>(W) * 4;
  std::vector<uint8_t> raw;
  return draw_strips(
      state().target, tile_limits(opt_.tile_limit), renderer, frame, strip_height,
      [&](int) {
        if (raw.empty()) raw.resize(stride * static_cast<size_t>(std::clamp(strip_height, 1, H)));
        return std::pair{raw.data(), stride};
      },
      [&](const uint8_t* rows, int n, size_t s) { sink(rows, n, s); });
}

StripTimings StripRenderer::render_strips(render::Renderer& renderer, const render::FrameSnapshot& frame,
                                          const StripLender& lender, int strip_height) {
  const int W = frame.camera.width_px, H = frame.camera.height_px;
  check_size(W, H);
  if (strip_height <= 0) strip_height = strip_rows(W, H);
  return draw_strips(
      state().target, tile_limits(opt_.tile_limit), renderer, frame,
      std::min(strip_height, std::max(1, lender.max_rows)), [&](int rows) { return lender.lend(rows); },
      [&](const uint8_t*, int, size_t) { lender.commit(); });
}

bool StripRenderer::render_strips_to_screen(render::Renderer& renderer, const render::FrameSnapshot& frame,
                                            const ScreenOptions& opt) {
  using Pass = render::Renderer::Pass;
  const int W = frame.camera.width_px, H = frame.camera.height_px;
  check_size(W, H);
  const TileLimits lim = tile_limits(opt_.tile_limit);
  if (W > lim.width || H > lim.height) throw render::GlError("the window is larger than this GPU's viewport limit");
  const int S = std::min(opt.strip_height > 0 ? opt.strip_height : strip_rows(W, H), H);
  const int n_strips = (H + S - 1) / S;
  const int x0 = std::clamp(opt.columns_x0, 0, W), x1 = opt.columns_x1 > 0 ? std::clamp(opt.columns_x1, x0, W) : W;
  if (opt.direct && !opt.reuse_base && n_strips == 1 && x0 == 0 && x1 == W) {
    if (opt.begin_frame) renderer.begin_frame(frame);
    glBindFramebuffer(GL_FRAMEBUFFER, opt.framebuffer);
    renderer.draw(render::Target{W, H, 0, H});
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return false;
  }
  State& st = state();
  StripTarget& target = st.target;
  target.ensure(W, S);

  BaseCache& cache = st.cache;
  const BaseCache::Key key{&renderer,
                           renderer.scene_generation(),
                           W,
                           H,
                           S,
                           frame.camera.centre.x,
                           frame.camera.centre.y,
                           frame.camera.m_per_px,
                           frame.pixel_scale,
                           frame.layers.bits & render::Renderer::base_layers().bits};
  const bool reuse = opt.reuse_base && cache.valid && cache.key == key;
  if (opt.reuse_base && !reuse) {
    cache.valid = false;
    cache.strips.resize(static_cast<size_t>(n_strips));
    for (StripTarget& t : cache.strips) t.ensure(W, S);
    cache.key = key;
  }

  if (opt.begin_frame) renderer.begin_frame(frame);
  for (int i = 0, y0 = 0; y0 < H; ++i, y0 += S) {
    const int rows = std::min(S, H - y0);
    const render::Target t{W, H, y0, rows};
    if (opt.reuse_base) {
      StripTarget& base = cache.strips[static_cast<size_t>(i)];
      if (!reuse) {
        glBindFramebuffer(GL_FRAMEBUFFER, base.fb.get());
        renderer.draw(t, Pass::base);
      }
      // The overlays blend over a copy of the base's bits: the pixels of drawing everything.
      blit(base.fb.get(), target.fb.get(), 0, W, rows, 0);
      glBindFramebuffer(GL_FRAMEBUFFER, target.fb.get());
      renderer.draw(t, Pass::overlays);
    } else {
      glBindFramebuffer(GL_FRAMEBUFFER, target.fb.get());
      renderer.draw(t);
    }
    // Copy the strip 1:1 into its rows of the screen (GL rows count from the bottom).
    blit(target.fb.get(), opt.framebuffer, x0, x1, rows, H - y0 - rows);
  }
  if (opt.reuse_base) cache.valid = true;
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  return reuse;
}

bool StripRenderer::render_split_to_screen(render::Renderer& renderer, const render::FrameSnapshot& left,
                                           const render::FrameSnapshot& right, int split_x, const ScreenOptions& opt) {
  split_x = std::clamp(split_x, 1, std::max(1, left.camera.width_px - 1));
  ScreenOptions o = opt;
  o.columns_x0 = 0, o.columns_x1 = split_x;
  const bool reused = render_strips_to_screen(renderer, left, o);
  // The same camera, layers and scale: the right frame finds the base pixels the left one drew.
  o.columns_x0 = split_x, o.columns_x1 = 0;
  render_strips_to_screen(renderer, right, o);
  return reused;
}

}  // namespace gatemap::exporter
