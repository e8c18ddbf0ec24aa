// PNG export encoder: how long a 4K / 8K map-like image takes to encode when it arrives in
// strips, and how large the file is compared with libpng at its defaults (zlib level 6,
// adaptive filters). Run on the 2-core export machine kind:
//   gatemap_bench --benchmark_filter=Png --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// Files go to $GATEMAP_BENCH_DIR (default: the system temp folder), fsync included, as in an export.
//
// Needs gatemap_bench linked with gatemap_export (zlib, libpng) and GATEMAP_EXPORT_BENCH defined;
// without them the benchmarks below report that instead of running.
#include <benchmark/benchmark.h>

#if defined(GATEMAP_EXPORT_BENCH)

#include <png.h>
#include <zlib.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <vector>

#include "app/export/png_writer.hpp"
#include "tests/export/synthetic_map.hpp"

namespace {
namespace fs = std::filesystem;
using gatemap::exporter::PngOptions;
using gatemap::exporter::PngStreamWriter;
using gatemap::exporter::RowBuffer;
using gatemap::exporter::testing::SyntheticMap;

constexpr int kStripRows = 256;  // what the headless front end renders per pass

const SyntheticMap& map_of_width(int width) {
  static std::map<int, std::unique_ptr<SyntheticMap>> maps;
  auto& m = maps[width];
  if (!m) m = std::make_unique<SyntheticMap>(width, width * 9 / 16, 5);
  return *m;
}

// libpng at its defaults on the same RGB pixels: the size the 1.5× rule compares with.
double libpng_default_bytes(const SyntheticMap& map) {
  static std::map<int, double> cache;
  auto it = cache.find(map.width());
  if (it != cache.end()) return it->second;
  std::vector<std::uint8_t> rgb;
  rgb.reserve(std::size_t(map.width()) * map.height() * 3);
  for (std::size_t i = 0; i < std::size_t(map.width()) * map.height() * 4; i += 4)
    rgb.insert(rgb.end(), map.data() + i, map.data() + i + 3);
  png_image img{};
  img.version = PNG_IMAGE_VERSION;
  img.width = static_cast<png_uint_32>(map.width());
  img.height = static_cast<png_uint_32>(map.height());
  img.format = PNG_FORMAT_RGB;
  png_alloc_size_t size = 0;
  png_image_write_to_memory(&img, nullptr, &size, 0, rgb.data(), 0, nullptr);
  png_image_free(&img);
  return cache[map.width()] = double(size);
}

fs::path bench_file() {
  const char* dir = std::getenv("GATEMAP_BENCH_DIR");
  return (dir ? fs::path(dir) : fs::temp_directory_path()) / "gatemap-export-bench.png";
}

void encode_in_strips(const SyntheticMap& map, const PngOptions& opt, const fs::path& out) {
  PngStreamWriter w(opt);
  w.open(out, map.width(), map.height(), {{"Title", "bench"}}, true);
  for (int y = 0; y < map.height(); y += kStripRows)
    w.write_rows(map.row(y), std::min(kStripRows, map.height() - y), map.stride());
  w.finish();
}

void report_size(benchmark::State& state, const SyntheticMap& map, const fs::path& out) {
  const double bytes = double(fs::file_size(out));
  state.counters["MB"] = bytes / 1e6;
  state.counters["vs_libpng6"] = bytes / libpng_default_bytes(map);
  fs::remove(out);
}

// The exporter's settings (pixel encoder). Args: width, threads.
void BM_PngEncode(benchmark::State& state) {
  const SyntheticMap& map = map_of_width(static_cast<int>(state.range(0)));
  PngOptions opt;
  opt.opaque = true;
  opt.threads = static_cast<int>(state.range(1));
  const fs::path out = bench_file();
  for (auto _ : state) encode_in_strips(map, opt, out);
  report_size(state, map, out);
}
BENCHMARK(BM_PngEncode)
    ->ArgNames({"width", "threads"})
    ->ArgsProduct({{3840, 7680}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// For scale: zlib level 1 (default strategy, the best zlib setting on map images: NONE filter)
// on the same rows, one thread, in memory: the deflate the pixel encoder is measured against
// (docs/performance.md, "PNG encoder (issue 13)"; whole-process comparison: bench/png_encoders/).
void BM_ZlibLevel1(benchmark::State& state) {
  const SyntheticMap& map = map_of_width(static_cast<int>(state.range(0)));
  std::vector<std::uint8_t> rows;  // filter byte 0, then RGB
  for (int y = 0; y < map.height(); ++y) {
    rows.push_back(0);
    for (int x = 0; x < map.width(); ++x) rows.insert(rows.end(), map.row(y) + 4 * x, map.row(y) + 4 * x + 3);
  }
  std::vector<std::uint8_t> out(compressBound(static_cast<uLong>(rows.size())));
  uLongf n = 0;
  for (auto _ : state) {
    n = static_cast<uLongf>(out.size());
    compress2(out.data(), &n, rows.data(), static_cast<uLong>(rows.size()), 1);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["MB"] = double(n) / 1e6;
  state.counters["vs_libpng6"] = double(n) / libpng_default_bytes(map);
}
BENCHMARK(BM_ZlibLevel1)->Arg(3840)->Arg(7680)->Unit(benchmark::kMillisecond)->UseRealTime();

// The export's real situation: the caller renders strip k+1 (here: spins for render_us per strip),
// reads it back into a strip lent by the writer (here: a memcpy) while the workers compress strip
// k. "exposed_ms" is what encoding adds to rendering and read-back.
void BM_PngEncodeBehindRender(benchmark::State& state) {
  const SyntheticMap& map = map_of_width(static_cast<int>(state.range(0)));
  const auto render = std::chrono::microseconds(state.range(1));
  PngOptions opt;
  opt.opaque = true;
  opt.strip_rows = kStripRows;
  const fs::path out = bench_file();
  double exposed = 0;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    PngStreamWriter w(opt);
    w.open(out, map.width(), map.height(), {}, true);
    std::chrono::steady_clock::duration busy{};
    for (int y = 0; y < map.height(); y += kStripRows) {
      const auto r0 = std::chrono::steady_clock::now();
      while (std::chrono::steady_clock::now() - r0 < render) {
      }
      const int rows = std::min(kStripRows, map.height() - y);
      RowBuffer strip = w.begin_rows(rows);  // waits if every strip is still being compressed: exposed
      const auto c0 = std::chrono::steady_clock::now();
      std::memcpy(strip.rgba, map.row(y), map.stride() * std::size_t(rows));
      busy += std::chrono::steady_clock::now() - c0 + render;
      w.commit_rows();
    }
    w.finish();
    exposed += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0 - busy).count();
  }
  state.counters["exposed_ms"] = exposed / double(state.iterations());
  fs::remove(out);
}
BENCHMARK(BM_PngEncodeBehindRender)
    ->ArgNames({"width", "render_us_per_strip"})
    ->Args({3840, 5000})
    ->Args({7680, 10000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// For scale: libpng at level 1 (what GDAL's PNG driver does at ZLEVEL=1), single thread, RGB.
void BM_LibpngLevel1(benchmark::State& state) {
  const SyntheticMap& map = map_of_width(static_cast<int>(state.range(0)));
  std::vector<std::uint8_t> rgb;
  for (std::size_t i = 0; i < std::size_t(map.width()) * map.height() * 4; i += 4)
    rgb.insert(rgb.end(), map.data() + i, map.data() + i + 3);
  const fs::path out = bench_file();
  for (auto _ : state) {
    png_image img{};
    img.version = PNG_IMAGE_VERSION;
    img.width = static_cast<png_uint_32>(map.width());
    img.height = static_cast<png_uint_32>(map.height());
    img.format = PNG_FORMAT_RGB;
    img.flags = PNG_IMAGE_FLAG_FAST;
    png_image_write_to_file(&img, out.c_str(), 0, rgb.data(), 0, nullptr);
    png_image_free(&img);
  }
  state.counters["MB"] = double(fs::file_size(out)) / 1e6;
  fs::remove(out);
}
BENCHMARK(BM_LibpngLevel1)->Arg(3840)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

#else

namespace {
void BM_PngEncode(benchmark::State& state) {
  state.SkipWithError(
      "export benchmarks need gatemap_bench linked with gatemap_export and GATEMAP_EXPORT_BENCH defined");
  for (auto _ : state) {
  }
}
BENCHMARK(BM_PngEncode);
}  // namespace

#endif
