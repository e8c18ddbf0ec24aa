// gatemap_scale: frame and export times of the default or the synthetic scaled scene
// (geo/synthetic.hpp), one data size per process so that resident memory is the scene's own.
//
//   gatemap_scale --vertices N --points P --out result.json [--png frame.png] [--quick] [--max-frames N] [--no-whole]
//   gatemap_scale --prepare          # extract VNM/CHN/LAO from the npm file into the cache, once
//
// --vertices 0 --points 0 measures the default scene. Views: "default" (the default bbox, as
// the window opens) at 1920 × 1080 and 3840 × 2160 with every layer and overlay on, and "whole"
// (Vietnam and China entire) at 1920 × 1080. A breakdown at 1080p draws one group of layers at a
// time (land; lines; gates and labels). Exit 0 with {"skipped": why} when the countries file is
// missing: the benchmarks skip cleanly on a machine without it.
#include "app/render/gl.hpp"  // glad first

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include "app/data/data_source.hpp"
#include "app/export/map_export.hpp"
#include "app/export/png_writer.hpp"
#include "app/render/headless.hpp"
#include "app/view/frame_builder.hpp"
#include "bench/harness.hpp"
#include "geo/synthetic.hpp"

namespace {

using namespace gatemap;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// VmRSS / VmHWM of this process, MiB.
double status_mib(const char* key) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind(key, 0) == 0) return std::atof(line.c_str() + std::strlen(key)) / 1024.0;
  return 0;
}

double status_mem_gib() {
  std::ifstream f("/proc/meminfo");
  std::string k;
  double kb = 0;
  f >> k >> kb;
  return kb / 1048576.0;
}

std::string machine() {
  std::ifstream f("/proc/cpuinfo");
  std::string line, model = "unknown CPU";
  while (std::getline(f, line))
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  char buf[64];
  std::snprintf(buf, sizeof buf, ", %u cores, %.0f GiB", std::thread::hardware_concurrency(), status_mem_gib());
  return model + buf;
}

json summary_json(const bench::FrameStatsSummary& s) {
  return {{"frames", s.frames},         {"cpu_ms", s.cpu_ms},     {"gpu_ms", s.gpu_ms},
          {"prepare_ms", s.prepare_ms}, {"wall_ms", s.wall_ms},   {"wall_p90_ms", s.wall_p90_ms},
          {"draw_calls", s.draw_calls}, {"vertices", s.vertices}, {"labels_placed", s.labels_placed}};
}

geo::LayerSet only(std::initializer_list<geo::LayerId> ids) {
  geo::LayerSet s;
  for (geo::LayerId id : ids) s.set(id);
  return s;
}

struct Args {
  size_t vertices = 0, points = 0;
  std::string out, png;
  bool prepare = false, quick = false;
  bool whole = true;   // --no-whole: skip the whole-country view (every label competes: minutes a frame at 1M)
  int max_frames = 0;  // > 0: at most this many frames per measurement and no warm-up (slow scenes)
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (k == "--vertices")
      a.vertices = std::stoull(next());
    else if (k == "--points")
      a.points = std::stoull(next());
    else if (k == "--out")
      a.out = next();
    else if (k == "--png")
      a.png = next();
    else if (k == "--prepare")
      a.prepare = true;
    else if (k == "--quick")
      a.quick = true;
    else if (k == "--max-frames")
      a.max_frames = std::stoi(next());
    else if (k == "--no-whole")
      a.whole = false;
    else {
      std::cerr << "gatemap_scale: unknown argument " << k << "\n";
      std::exit(2);
    }
  }
  return a;
}

void write(const Args& a, const json& j) {
  if (a.out.empty())
    std::cout << j.dump(2) << "\n";
  else
    std::ofstream(a.out) << j.dump(2) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse(argc, argv);
  json j;
  j["machine"] = machine();
  j["commit"] = std::getenv("GATEMAP_COMMIT") ? std::getenv("GATEMAP_COMMIT") : "unknown";
  {
    char date[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    j["date"] = date;
  }
  j["requested"] = {{"line_vertices", a.vertices}, {"points", a.points}};
  const bool synthetic = a.vertices > 0 || a.points > 0;
  std::string countries;
  if (synthetic || a.prepare) {
    const auto t0 = Clock::now();
    countries = geo::countries_extract();
    if (countries.empty()) {
      j["skipped"] = "countries-land-10m is not in the cache (scripts/bench.sh installs it with npm)";
      write(a, j);
      std::cerr << "gatemap_scale: skipped: " << j["skipped"].get<std::string>() << "\n";
      return 0;
    }
    j["extract_ms"] = ms_since(t0);
    if (a.prepare) {
      std::cout << countries << "\n";
      return 0;
    }
  }

  auto t0 = Clock::now();
  AppData data = load_data();
  j["load_ms"] = ms_since(t0);
  j["scene"] = synthetic ? "synthetic" : "default";
  if (synthetic) {
    geo::SyntheticOptions opt;
    opt.countries = countries;
    opt.line_vertices = a.vertices;
    opt.points = a.points;
    t0 = Clock::now();
    const geo::SyntheticStats st = geo::make_synthetic(data.scene, opt);
    j["synthesis_ms"] = ms_since(t0);
    j["synthetic"] = {{"line_vertices", st.line_vertices},
                      {"all_level_vertices", st.all_level_vertices},
                      {"land_vertices", st.land_vertices},
                      {"land_triangles", st.land_triangles},
                      {"frontier_vertices", st.frontier_vertices},
                      {"outline_vertices", st.outline_vertices},
                      {"tiles", st.tiles},
                      {"points", st.points},
                      {"seconds",
                       {{"read", st.read_s},
                        {"land", st.land_s},
                        {"frontier", st.frontier_s},
                        {"lines", st.lines_s},
                        {"points", st.points_s},
                        {"simplify", st.simplify_s}}}};
  }
  size_t line_vertices = 0;
  for (const geo::LineLayer* l : {&data.scene.frontier, &data.scene.provinces, &data.scene.prefectures,
                                  &data.scene.rivers, &data.scene.roads, &data.scene.railways})
    if (!l->levels.empty()) line_vertices += l->levels.front().xy.size() / 2;
  j["line_vertices"] = line_vertices;
  j["points"] = data.scene.gate_symbols.size();
  j["labels"] = data.scene.labels.size();
  j["land_triangles"] = data.scene.land.indices.size() / 3;
  j["rss_scene_mib"] = status_mib("VmRSS:");

  try {
    render::HeadlessContext ctx;
    exporter::StripRenderer strips;  // the export's, as an export job's; destroyed before the context
    j["renderer"] = ctx.renderer();
    t0 = Clock::now();
    render::Renderer renderer(data.scene);
    glFinish();
    j["upload_ms"] = ms_since(t0);
    j["rss_uploaded_mib"] = status_mib("VmRSS:");

    const std::string title =
        synthetic ? "SYNTHETIC scaled scene (benchmark, not map data): " + std::to_string(line_vertices) +
                        " line vertices, " + std::to_string(data.scene.gate_symbols.size()) + " gate-like points"
                  : "";
    auto view = [&](int w, int h, geo::LayerSet layers, bool whole) {
      ViewInputs in;
      in.camera = whole ? geo::fit_bbox({97.0, 8.0, 125.0, 45.0}, w, h) : geo::fit_bbox(default_bbox(data.scene), w, h);
      in.pixel_scale = export_pixel_scale(w, h);
      in.layers = layers;
      in.title = title;
      in.timeline = &data.timeline;
      return in;
    };
    const int n1080 = a.quick ? 5 : 30, n4k = a.quick ? 3 : 12;
    auto measure = [&](int w, int h, const ViewInputs& in, int frames, int strip = 0) {
      bench::FrameHarness harness(w, h, strip);
      if (a.max_frames > 0) frames = std::min(frames, a.max_frames);
      return bench::summarize(harness.run(renderer, data.scene, in, a.max_frames > 0 ? 0 : 2, frames, 1.0, frames));
    };
    const geo::LayerSet all = geo::LayerSet::all();
    // The first frames measured in a process run up to 2x slower on llvmpipe than the same frames
    // measured again with a new screen (bench/frame_bench.cpp): a measurement to throw away first.
    if (a.max_frames <= 0) (void)measure(1920, 1080, view(1920, 1080, all, false), n1080);
    j["frames"]["default_1080p"] = summary_json(measure(1920, 1080, view(1920, 1080, all, false), n1080));
    j["frames"]["default_2160p"] = summary_json(measure(3840, 2160, view(3840, 2160, all, false), n4k));
    if (a.whole)
      j["frames"]["whole_1080p"] = summary_json(measure(1920, 1080, view(1920, 1080, all, true), a.quick ? 3 : 10));
    using L = geo::LayerId;
    const int nb = a.quick ? 3 : 10;
    j["breakdown_1080p"]["land"] = summary_json(measure(1920, 1080, view(1920, 1080, only({L::land}), false), nb));
    j["breakdown_1080p"]["lines"] = summary_json(measure(
        1920, 1080,
        view(1920, 1080, only({L::frontier, L::provinces, L::prefectures, L::rivers, L::roads, L::railways}), false),
        nb));
    j["breakdown_1080p"]["gates_labels"] =
        summary_json(measure(1920, 1080, view(1920, 1080, only({L::gates}), false), nb));
    j["breakdown_1080p"]["nothing"] = summary_json(measure(1920, 1080, view(1920, 1080, geo::LayerSet{}, false), nb));
    j["breakdown_1080p"]["decorations"] = summary_json(measure(
        1920, 1080,
        view(1920, 1080, only({L::title, L::legend, L::scalebar, L::north_arrow, L::attribution, L::datestamp}), false),
        nb));
    j["breakdown_1080p"]["time_overlays"] =
        summary_json(measure(1920, 1080, view(1920, 1080, only({L::gates, L::status, L::flows, L::trade}), false), nb));
    // The window and exports draw the same strips (exporter::strip_rows: one strip at 1080p).
    // The former 256-row strips, for comparison: every strip re-runs the vertex work of
    // everything not culled (land, symbols, text).
    j["breakdown_1080p"]["all_256_row_strips"] =
        summary_json(measure(1920, 1080, view(1920, 1080, all, false), nb, 256));

    // Export at 4K, in process (render_strips → streaming PNG writer), median of 3.
    std::vector<double> render_ms, readback_ms, wait_ms, total_ms;
    const std::string out_png =
        (std::getenv("TMPDIR") ? std::string(std::getenv("TMPDIR")) : "/tmp") + "/gatemap-scale-export.png";
    for (int i = 0; i < (a.quick || a.max_frames > 0 ? 1 : 3); ++i) {
      const auto e0 = Clock::now();
      const render::FrameSnapshot frame = make_frame(data.scene, view(3840, 2160, all, false));
      exporter::PngOptions po;
      po.opaque = true;
      exporter::PngStreamWriter png(po);
      png.open(out_png, 3840, 2160, {}, true);
      const exporter::StripTimings t = strips.render_strips(
          renderer, frame,
          [&](const uint8_t* rows, int n, size_t stride) { png.write_rows_bottom_up(rows, n, stride); });
      png.finish();
      render_ms.push_back(t.render_ms), readback_ms.push_back(t.readback_ms), wait_ms.push_back(t.sink_ms);
      total_ms.push_back(ms_since(e0));
    }
    std::remove(out_png.c_str());
    j["export_2160p"] = {{"render_ms", bench::median(render_ms)},
                         {"readback_ms", bench::median(readback_ms)},
                         {"encode_wait_ms", bench::median(wait_ms)},
                         {"total_ms", bench::median(total_ms)}};
    if (!a.png.empty()) {
      const render::FrameSnapshot frame = make_frame(data.scene, view(1920, 1080, all, false));
      exporter::PngOptions po;
      po.opaque = true;
      exporter::PngStreamWriter png(po);
      png.open(a.png, 1920, 1080, {{"Title", title.empty() ? std::string("default scene") : title}}, true);
      strips.render_strips(renderer, frame, [&](const uint8_t* rows, int n, size_t stride) {
        png.write_rows_bottom_up(rows, n, stride);
      });
      png.finish();
    }
  } catch (const std::exception& e) {
    j["error"] = e.what();
    write(a, j);
    std::cerr << "gatemap_scale: " << e.what() << "\n";
    return 1;
  }
  j["rss_peak_mib"] = status_mib("VmHWM:");
  j["rss_end_mib"] = status_mib("VmRSS:");
  write(a, j);
  return 0;
}
