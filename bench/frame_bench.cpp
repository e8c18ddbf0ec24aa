// The default scene, headless: data load, window frames at 1920 × 1080 (all overlays on) and
// 3840 × 2160, and an in-process PNG export at 4K / 8K split into render, read-back and encode.
// Frame figures are medians over the frames of a run (counters cpu_ms, gpu_ms, wall_ms, fps);
// see bench/harness.hpp for what each one covers.
//   gatemap_bench --benchmark_filter='Frame|Export|LoadData'
#include <benchmark/benchmark.h>

#if defined(GATEMAP_APP_BENCH)

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <vector>

#include "app/data/data_source.hpp"
#include "app/export/map_export.hpp"
#include "app/export/png_writer.hpp"
#include "app/render/headless.hpp"
#include "app/view/frame_builder.hpp"
#include "bench/harness.hpp"

namespace {

using namespace gatemap;

// The embedded default data, as `gatemap export` and the window load it.
void BM_LoadData(benchmark::State& state) {
  for (auto _ : state) {
    AppData d = load_data();
    benchmark::DoNotOptimize(d.scene.land.xy.data());
  }
}
BENCHMARK(BM_LoadData)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

// One EGL context and one renderer of the default data for the whole process.
struct Gl {
  render::HeadlessContext ctx;
  exporter::StripRenderer strips;  // the export's (BM_ExportPath); destroyed before the context
  AppData data = load_data();
  render::Renderer renderer{data.scene};
};
Gl& gl() {
  static Gl g;
  return g;
}

ViewInputs default_view(const AppData& d, int w, int h) {
  ViewInputs in;
  in.camera = geo::fit_bbox(default_bbox(d.scene), w, h);
  in.pixel_scale = export_pixel_scale(w, h);
  in.layers = geo::LayerSet::all();  // every layer and overlay: status, flows, trade, decorations
  in.timeline = &d.timeline;
  return in;
}

// Args: width, height[, still]. Each iteration is one window frame; counters are medians over them,
// and the reported figure the median of 3 repetitions (on llvmpipe with its rasteriser threads
// the first repetition of a process often runs ~2x slower than the next ones, warm-up or not).
// still = 0: a moving view (everything drawn each frame: panning, zooming); still = 1: a still view
// with the animation clock running (a wall display playing a timeline: the window reuses the base
// layers' pixels and draws the overlays over them).
void BM_Frame(benchmark::State& state) {
  Gl& g = gl();
  const int w = static_cast<int>(state.range(0)), h = static_cast<int>(state.range(1));
  const bool still = state.range(2) != 0;
  bench::FrameHarness harness(w, h, 0, still);
  ViewInputs in = default_view(g.data, w, h);
  // Warm-up: shader JIT, glyph atlas, and the rasteriser's memory: on llvmpipe the first few dozen
  // frames of a process run 2-3x slower than the steady state a window settles into.
  const auto warm_until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  for (int i = 0; i < 20 || std::chrono::steady_clock::now() < warm_until; ++i)
    in.time_s += 1.0 / 60, harness.frame(g.renderer, g.data.scene, in);
  std::vector<bench::FrameSample> samples;
  for (auto _ : state) {
    in.time_s += 1.0 / 60;
    samples.push_back(harness.frame(g.renderer, g.data.scene, in));
    state.SetIterationTime(samples.back().wall_ms / 1000.0);
  }
  const bench::FrameStatsSummary s = bench::summarize(samples);
  state.counters["cpu_ms"] = s.cpu_ms;
  state.counters["gpu_ms"] = s.gpu_ms;
  state.counters["prepare_ms"] = s.prepare_ms;
  state.counters["wall_ms"] = s.wall_ms;
  state.counters["wall_p90_ms"] = s.wall_p90_ms;
  state.counters["fps"] = s.wall_ms > 0 ? 1000.0 / s.wall_ms : 0;
  state.counters["draw_calls"] = s.draw_calls;
  state.counters["vertices"] = static_cast<double>(s.vertices);
  state.counters["labels"] = s.labels_placed;
  state.SetLabel(g.ctx.renderer());
}
BENCHMARK(BM_Frame)
    ->Args({1920, 1080, 0})
    ->Iterations(120)
    ->Repetitions(3)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Frame)
    ->Args({1920, 1080, 1})
    ->Iterations(120)
    ->Repetitions(3)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Frame)
    ->Args({3840, 2160, 0})
    ->Iterations(40)
    ->Repetitions(3)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Frame)
    ->Args({3840, 2160, 1})
    ->Iterations(40)
    ->Repetitions(3)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

ViewInputs export_view(const AppData& d, int w, int h) {
  ViewInputs in;
  in.camera = geo::fit_bbox({106.3, 21.4, 107.6, 22.6}, w, h);
  in.pixel_scale = export_pixel_scale(w, h);
  in.layers = geo::LayerSet::all();
  in.timeline = &d.timeline;
  return in;
}

std::filesystem::path bench_png() {
  const char* dir = std::getenv("GATEMAP_BENCH_DIR");
  return (dir ? std::filesystem::path(dir) : std::filesystem::temp_directory_path()) / "gatemap-bench-export.png";
}

// The export of `gatemap export --width W --height W*9/16 --bbox 106.3,21.4,107.6,22.6` without
// the process around it, through the export's own path (render_strips → streaming PNG writer).
// render_strips' own split is reported too, but on llvmpipe the rasteriser runs when
// glReadPixels forces it, so its "read-back" holds most of the rendering: BM_ExportSplit below
// separates them.
void BM_ExportPath(benchmark::State& state) {
  Gl& g = gl();
  const int w = static_cast<int>(state.range(0)), h = w * 9 / 16;
  const render::FrameSnapshot frame = make_frame(g.data.scene, export_view(g.data, w, h));
  const auto out = bench_png();
  double render = 0, readback = 0, wait = 0, finish = 0;
  for (auto _ : state) {
    exporter::PngOptions po;
    po.opaque = true;
    exporter::PngStreamWriter png(po);
    png.open(out, w, h, {}, true);
    const exporter::StripTimings t = g.strips.render_strips(
        g.renderer, frame,
        [&](const uint8_t* rows, int n, size_t stride) { png.write_rows_bottom_up(rows, n, stride); });
    const auto t0 = std::chrono::steady_clock::now();
    png.finish();
    render += t.render_ms, readback += t.readback_ms, wait += t.sink_ms;
    finish += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["submit_ms"] = render / n;
  state.counters["readback_incl_raster_ms"] = readback / n;
  state.counters["encode_wait_ms"] = wait / n;
  state.counters["finish_ms"] = finish / n;
  state.counters["MB"] = static_cast<double>(std::filesystem::file_size(out)) / 1e6;
  std::filesystem::remove(out);
}
BENCHMARK(BM_ExportPath)->Arg(3840)->Arg(7680)->Iterations(5)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same strips with glFinish after each draw, so that the time of each stage is its own:
// render (begin_frame + draw + finish), read-back (glReadPixels of a finished strip), encode
// (handing rows to the writer, waiting when its workers are behind, and finish()).
void BM_ExportSplit(benchmark::State& state) {
  Gl& g = gl();
  // The export's own strips (exporter::strip_rows: 540 rows at 4K, 270 at 8K).
  const int w = static_cast<int>(state.range(0)), h = w * 9 / 16, S = exporter::strip_rows(w, h);
  const render::FrameSnapshot frame = make_frame(g.data.scene, export_view(g.data, w, h));
  const render::ColorTarget target = render::make_color_target(w, S);
  const GLuint fb = target.fb.get();
  std::vector<uint8_t> raw(static_cast<size_t>(w) * S * 4);
  const auto out = bench_png();
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::time_point a) { return std::chrono::duration<double, std::milli>(Clock::now() - a).count(); };
  double render = 0, readback = 0, encode = 0;
  for (auto _ : state) {
    exporter::PngOptions po;
    po.opaque = true;
    exporter::PngStreamWriter png(po);
    png.open(out, w, h, {}, true);
    auto t0 = Clock::now();
    g.renderer.begin_frame(frame);
    render += ms(t0);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    for (int y0 = 0; y0 < h; y0 += S) {
      const int rows = std::min(S, h - y0);
      t0 = Clock::now();
      glBindFramebuffer(GL_FRAMEBUFFER, fb);
      g.renderer.draw(render::Target{w, h, y0, rows});
      glFinish();
      render += ms(t0);
      t0 = Clock::now();
      glReadPixels(0, 0, w, rows, GL_RGBA, GL_UNSIGNED_BYTE, raw.data());
      readback += ms(t0);
      t0 = Clock::now();
      png.write_rows_bottom_up(raw.data(), rows, static_cast<size_t>(w) * 4);
      encode += ms(t0);
    }
    t0 = Clock::now();
    png.finish();
    encode += ms(t0);
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  const double n = static_cast<double>(state.iterations());
  state.counters["render_ms"] = render / n;
  state.counters["readback_ms"] = readback / n;
  state.counters["encode_ms"] = encode / n;
  std::filesystem::remove(out);
}
BENCHMARK(BM_ExportSplit)->Arg(3840)->Arg(7680)->Iterations(5)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

#else

namespace {
void BM_Frame(benchmark::State& state) {
  state.SkipWithError("frame benchmarks need gatemap_bench linked with gatemap_app (GATEMAP_BUILD_APP=ON)");
  for (auto _ : state) {
  }
}
BENCHMARK(BM_Frame);
}  // namespace

#endif
