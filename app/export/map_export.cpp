#include "app/export/map_export.hpp"

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

// The offscreen strip target, kept between frames (the window draws through it every frame).
// One per process: gatemap has one GL context per process.
struct StripTarget {
  render::Renderbuffer rb;
  render::Framebuffer fb;
  int width = 0, height = 0;

  void ensure(int w, int h) {
    if (fb && w == width && h == height) return;
    using render::GlError;
    GLuint id = 0;
    glGenRenderbuffers(1, &id);
    rb = render::Renderbuffer(id);
    glGenFramebuffers(1, &id);
    fb = render::Framebuffer(id);
    glBindRenderbuffer(GL_RENDERBUFFER, rb.get());
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
    glBindFramebuffer(GL_FRAMEBUFFER, fb.get());
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb.get());
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
      fb.reset();
      throw GlError("cannot create an offscreen framebuffer of " + std::to_string(w) + "x" + std::to_string(h));
    }
    width = w, height = h;
  }
};

StripTarget& strip_target() {
  static StripTarget t;
  return t;
}

void check_limits(int W, int H) {
  GLint max_rb = 0, max_vp[2] = {0, 0};
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_rb);
  glGetIntegerv(GL_MAX_VIEWPORT_DIMS, max_vp);
  if (W > max_rb || W > max_vp[0] || H > max_vp[1])
    throw render::GlError("image " + std::to_string(W) + "x" + std::to_string(H) + " exceeds this GPU's limits (" +
                          std::to_string(std::min<int>(max_rb, max_vp[0])) + "x" + std::to_string(max_vp[1]) + ")");
}

}  // namespace

namespace {

// The strip loop of both render_strips: draws each strip, then `read(y0, rows)` reads it back.
template <class ReadBack>
StripTimings draw_strips(render::Renderer& renderer, const render::FrameSnapshot& frame, int strip_height,
                         ReadBack&& read) {
  const int W = frame.camera.width_px, H = frame.camera.height_px;
  check_limits(W, H);
  const int S = std::min(strip_height, H);
  StripTarget& target = strip_target();
  target.ensure(W, S);
  glBindFramebuffer(GL_FRAMEBUFFER, target.fb.get());

  StripTimings t;
  auto t0 = std::chrono::steady_clock::now();
  renderer.begin_frame(frame);
  t.begin_ms = t.render_ms = ms_since(t0);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  for (int y0 = 0; y0 < H; y0 += S) {
    const int rows = std::min(S, H - y0);
    t0 = std::chrono::steady_clock::now();
    renderer.draw(render::Target{W, H, y0, rows});
    t.render_ms += ms_since(t0);
    read(rows, t);
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  return t;
}

// glReadPixels of the strip's rows into `dst` (lowest row first, rows `stride` bytes apart).
// llvmpipe rasterises the strip here, so most of a strip's time lands in this call.
void read_strip(int width, int rows, uint8_t* dst, size_t stride) {
  const bool packed = stride == static_cast<size_t>(width) * 4;
  if (!packed) glPixelStorei(GL_PACK_ROW_LENGTH, static_cast<GLint>(stride / 4));
  glReadPixels(0, 0, width, rows, GL_RGBA, GL_UNSIGNED_BYTE, dst);
  if (!packed) glPixelStorei(GL_PACK_ROW_LENGTH, 0);
  if (GLenum e = glGetError(); e != GL_NO_ERROR)
    throw render::GlError("reading the rendered strip back failed (GL error " + std::to_string(e) + ")");
}

}  // namespace

StripTimings render_strips(render::Renderer& renderer, const render::FrameSnapshot& frame, const RowSink& sink,
                           int strip_height) {
  const int W = frame.camera.width_px;
  const size_t stride = static_cast<size_t>(W) * 4;
  std::vector<uint8_t> raw;
  return draw_strips(renderer, frame, strip_height, [&](int rows, StripTimings& t) {
    auto t0 = std::chrono::steady_clock::now();
    if (raw.empty()) raw.resize(stride * static_cast<size_t>(std::min(strip_height, frame.camera.height_px)));
    read_strip(W, rows, raw.data(), stride);
    t.readback_ms += ms_since(t0);
    t0 = std::chrono::steady_clock::now();
    sink(raw.data(), rows, stride);
    t.sink_ms += ms_since(t0);
  });
}

StripTimings render_strips(render::Renderer& renderer, const render::FrameSnapshot& frame, const StripLender& lender,
                           int strip_height) {
  const int W = frame.camera.width_px;
  return draw_strips(renderer, frame, std::min(strip_height, std::max(1, lender.max_rows)),
                     [&](int rows, StripTimings& t) {
                       // Waiting for a free buffer is the encoder's time, not the read-back's.
                       auto t0 = std::chrono::steady_clock::now();
                       const auto [dst, stride] = lender.lend(rows);
                       t.sink_ms += ms_since(t0);
                       t0 = std::chrono::steady_clock::now();
                       read_strip(W, rows, dst, stride);
                       t.readback_ms += ms_since(t0);
                       t0 = std::chrono::steady_clock::now();
                       lender.commit();
                       t.sink_ms += ms_since(t0);
                     });
}

void release_strip_target() {
  StripTarget& t = strip_target();
  t.fb.reset();
  t.rb.reset();
  t.width = t.height = 0;
}

void render_strips_to_screen(render::Renderer& renderer, const render::FrameSnapshot& frame, int strip_height) {
  const int W = frame.camera.width_px, H = frame.camera.height_px;
  check_limits(W, H);
  const int S = std::min(strip_height, H);
  StripTarget& target = strip_target();
  target.ensure(W, S);
  renderer.begin_frame(frame);
  for (int y0 = 0; y0 < H; y0 += S) {
    const int rows = std::min(S, H - y0);
    glBindFramebuffer(GL_FRAMEBUFFER, target.fb.get());
    renderer.draw(render::Target{W, H, y0, rows});
    // Copy the strip 1:1 into its rows of the window (GL rows count from the bottom).
    glBindFramebuffer(GL_READ_FRAMEBUFFER, target.fb.get());
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
    glBlitFramebuffer(0, 0, W, rows, 0, H - y0 - rows, W, H - y0, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

}  // namespace gatemap::exporter
