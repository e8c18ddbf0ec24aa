#pragma once
// Frame timing shared by the frame benchmarks (bench/frame_bench.cpp) and the scale tool
// (bench/scale/gatemap_scale.cpp): a frame is what the window does each frame — build the
// snapshot, Renderer::begin_frame, draw the strips and copy each into the screen — with an
// offscreen "screen" of the window's size, since a headless context has no window.
//
//   cpu_ms:  from make_frame to the last GL call returning (what the render thread spends);
//   gpu_ms:  GL_TIME_ELAPSED around every GL command of the frame (on llvmpipe the "GPU" is
//            the CPU's rasteriser threads, which run when the commands are flushed);
//   wall_ms: until glFinish returns: the frame's latency, what bounds frames per second.
#include "app/render/gl.hpp"  // glad before anything that touches GL

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "app/export/map_export.hpp"
#include "app/render/renderer.hpp"
#include "app/view/frame_builder.hpp"

namespace gatemap::bench {

struct FrameSample {
  double cpu_ms = 0, gpu_ms = 0, wall_ms = 0;
  double prepare_ms = 0;  // make_frame + Renderer::begin_frame: labels, symbols, decorations (CPU only)
  int draw_calls = 0;
  long long vertices = 0;
  int labels_placed = 0;
};

inline double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

struct FrameStatsSummary {
  int frames = 0;
  double cpu_ms = 0, gpu_ms = 0, wall_ms = 0, prepare_ms = 0;  // medians
  double wall_p90_ms = 0;
  int draw_calls = 0;
  long long vertices = 0;
  int labels_placed = 0;
};

inline FrameStatsSummary summarize(const std::vector<FrameSample>& s) {
  FrameStatsSummary out;
  std::vector<double> cpu, gpu, wall, prep;
  for (const FrameSample& f : s)
    cpu.push_back(f.cpu_ms), gpu.push_back(f.gpu_ms), wall.push_back(f.wall_ms), prep.push_back(f.prepare_ms);
  out.frames = static_cast<int>(s.size());
  out.cpu_ms = median(cpu), out.gpu_ms = median(gpu), out.wall_ms = median(wall), out.prepare_ms = median(prep);
  if (!wall.empty()) {
    std::sort(wall.begin(), wall.end());
    out.wall_p90_ms = wall[std::min(wall.size() - 1, wall.size() * 9 / 10)];
  }
  if (!s.empty())
    out.draw_calls = s.back().draw_calls, out.vertices = s.back().vertices, out.labels_placed = s.back().labels_placed;
  return out;
}

// Owns the offscreen screen framebuffer, the timer query and, as the window does, a StripRenderer
// (strip target, base cache). Needs a current context, also when destroyed.
// strip_height 0: the window's strips (exporter::strip_rows). reuse_base: the window's cache of
// base pixels on (a still view: only the overlays are drawn each frame) or off (a moving view:
// everything is drawn each frame, the worst case).
class FrameHarness {
 public:
  FrameHarness(int width, int height, int strip_height = 0, bool reuse_base = false)
      : w_(width),
        h_(height),
        strip_(std::min(strip_height > 0 ? strip_height : exporter::strip_rows(width, height), height)),
        reuse_base_(reuse_base),
        screen_target_(render::make_color_target(w_, h_)),
        screen_(screen_target_.fb.get()) {
    glGenQueries(1, &query_);
  }
  ~FrameHarness() { glDeleteQueries(1, &query_); }
  FrameHarness(const FrameHarness&) = delete;
  FrameHarness& operator=(const FrameHarness&) = delete;

  // One window frame of `in` (its camera must have this harness's size).
  FrameSample frame(render::Renderer& r, const geo::Scene& scene, const ViewInputs& in) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    glBeginQuery(GL_TIME_ELAPSED, query_);
    const render::FrameSnapshot snap = make_frame(scene, in);
    r.begin_frame(snap);
    const auto t_prepared = Clock::now();
    // The window's own path (strips, base cache, copy to the screen), into an offscreen screen.
    exporter::ScreenOptions so;
    so.framebuffer = screen_;
    so.strip_height = strip_;
    so.reuse_base = reuse_base_;
    so.begin_frame = false;
    strips_.render_strips_to_screen(r, snap, so);
    glEndQuery(GL_TIME_ELAPSED);
    const auto t1 = Clock::now();
    glFinish();
    const auto t2 = Clock::now();
    GLuint64 ns = 0;
    glGetQueryObjectui64v(query_, GL_QUERY_RESULT, &ns);
    FrameSample s;
    s.cpu_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    s.wall_ms = std::chrono::duration<double, std::milli>(t2 - t0).count();
    s.gpu_ms = static_cast<double>(ns) / 1e6;
    s.prepare_ms = std::chrono::duration<double, std::milli>(t_prepared - t0).count();
    s.draw_calls = r.stats().draw_calls;
    s.vertices = r.stats().vertices;
    s.labels_placed = r.stats().labels_placed;
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return s;
  }

  // Runs frames (the animation clock advancing 1/60 s each, so nothing is cached between them)
  // until `min_frames` are done and `min_seconds` have passed, or `max_frames`.
  std::vector<FrameSample> run(render::Renderer& r, const geo::Scene& scene, ViewInputs in, int warmup, int min_frames,
                               double min_seconds, int max_frames) {
    for (int i = 0; i < warmup; ++i) in.time_s += 1.0 / 60, frame(r, scene, in);
    std::vector<FrameSample> out;
    const auto start = std::chrono::steady_clock::now();
    while (static_cast<int>(out.size()) < max_frames) {
      in.time_s += 1.0 / 60;
      out.push_back(frame(r, scene, in));
      const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (static_cast<int>(out.size()) >= min_frames && el >= min_seconds) break;
    }
    return out;
  }

  // The screen as a binary PPM (for looking at what was measured).
  void write_ppm(const std::string& path) const {
    std::vector<uint8_t> px(static_cast<size_t>(w_) * h_ * 4);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, screen_);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w_, h_, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    std::ofstream f(path, std::ios::binary);
    f << "P6\n" << w_ << " " << h_ << "\n255\n";
    for (int y = h_ - 1; y >= 0; --y)
      for (int x = 0; x < w_; ++x)
        f.write(reinterpret_cast<const char*>(&px[(static_cast<size_t>(y) * w_ + x) * 4]), 3);
  }

 private:
  int w_, h_, strip_;
  bool reuse_base_ = false;
  render::ColorTarget screen_target_;
  exporter::StripRenderer strips_;
  GLuint screen_ = 0, query_ = 0;
};

}  // namespace gatemap::bench
