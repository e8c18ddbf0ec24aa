// `gatemap export`: the headless front end. Same scene, same renderer, same frame as the window.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "app/cli.hpp"
#include "app/data_source.hpp"
#include "app/export/atomic_file.hpp"
#include "app/export/map_export.hpp"
#include "app/export/png_writer.hpp"
#include "app/frame_builder.hpp"
#include "app/render/gl.hpp"
#include "app/render/headless.hpp"
#include "app/render/renderer.hpp"
#include "geo/error.hpp"
#include "geo/projection.hpp"

namespace gatemap {

namespace {

using Clock = std::chrono::steady_clock;
double ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

std::string format_of(const ExportOptions& opt) {
  if (!opt.format.empty()) return opt.format;
  std::string ext = std::filesystem::path(opt.out).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".png") return "png";
  if (ext == ".tif" || ext == ".tiff") return "tif";
  if (ext == ".mp4") return "mp4";
  if (ext == ".webm") return "webm";
  return {};
}

std::string bbox_text(const geo::BboxLL& b) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%.6f,%.6f,%.6f,%.6f", b.lon0, b.lat0, b.lon1, b.lat1);
  return buf;
}

}  // namespace

int run_export(const ExportOptions& opt) {
  const auto t_start = Clock::now();
  const bool timing = std::getenv("GATEMAP_TIMING") != nullptr;
  const std::string format = opt.out_dir.empty() ? format_of(opt) : "png";
  if (format.empty()) {
    std::cerr << "gatemap export: cannot tell the format of '" << opt.out
              << "' from its extension; use .png or .tif, or --format\n";
    return kExitUsage;
  }
  if (format != "png") {
    std::cerr << "gatemap export: format '" << format << "' is not available in this build (use png)\n";
    return kExitUsage;
  }
  if (!opt.out_dir.empty()) {
    std::cerr << "gatemap export: --out-dir (frame sequences) is not available in this build\n";
    return kExitUsage;
  }
  if (opt.date || opt.from || opt.to) {
    std::cerr << "gatemap export: --date/--from/--to need the time model, which this build does not have yet\n";
    return kExitUsage;
  }
  try {
    // Fail before rendering when the file exists or the folder is missing.
    exporter::check_destination(opt.out, opt.force);
  } catch (const exporter::ExportError& e) {
    std::cerr << "gatemap export: " << e.what() << "\n";
    return kExitFailure;
  }

  geo::Scene scene;
  try {
    scene = load_scene(opt.data_dir);
  } catch (const geo::Error& e) {
    std::cerr << "gatemap export: " << e.what() << "\n";
    return kExitFailure;
  }
  const auto t_loaded = Clock::now();

  const geo::BboxLL bbox = opt.bbox ? *opt.bbox : default_bbox(scene);
  ViewInputs view;
  view.camera = geo::fit_bbox(bbox, opt.width, opt.height);
  view.pixel_scale = export_pixel_scale(opt.width, opt.height, opt.dpi.value_or(0));
  view.layers = opt.layers;
  view.title = opt.title;
  render::FrameSnapshot frame = make_frame(scene, view);

  try {
    render::HeadlessContext ctx;
    const auto t_ctx = Clock::now();
    render::Renderer renderer(scene);
    const auto t_renderer = Clock::now();

    exporter::PngOptions po;
    po.opaque = true;
    if (opt.dpi) po.dpi = *opt.dpi;
    exporter::PngStreamWriter png(po);
    exporter::Metadata meta = {
        {"Title", frame.title},
        {"Software", std::string("gatemap ") + GATEMAP_VERSION},
        {"gatemap:date", frame.date_label.empty() ? "not applicable (no time overlay)" : frame.date_label},
        {"gatemap:bbox", bbox_text(bbox)},
        {"gatemap:crs", std::string(geo::kMapCrs) + " (WGS 84 / UTM zone 48N)"},
        {"gatemap:data_version", data_version()},
        {"Source", [&] {
           std::string s;
           for (const auto& [layer, text] : scene.attributions)
             if (opt.layers.has(layer)) s += (s.empty() ? "" : "; ") + text;
           return s;
         }()},
    };
    png.open(opt.out, opt.width, opt.height, meta, opt.force);
    exporter::StripTimings st = exporter::render_strips(
        renderer, frame, [&](const uint8_t* rows, int n, size_t stride) { png.write_rows_bottom_up(rows, n, stride); });
    const auto t_drawn = Clock::now();
    png.finish();
    const auto t_done = Clock::now();
    if (timing)
      std::fprintf(stderr,
                   "timing (ms): load %.1f, EGL %.1f, renderer %.1f, render %.1f, read-back %.1f, "
                   "encode-wait %.1f, finish %.1f, total %.1f [%s]\n",
                   ms(t_start, t_loaded), ms(t_loaded, t_ctx), ms(t_ctx, t_renderer), st.render_ms, st.readback_ms,
                   st.sink_ms, ms(t_drawn, t_done), ms(t_start, t_done), ctx.renderer().c_str());
  } catch (const exporter::ExportError& e) {
    std::cerr << "gatemap export: " << e.what() << "\n";
    return kExitFailure;
  } catch (const render::GlError& e) {
    std::cerr << "gatemap export: " << e.what() << "\n";
    return kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << "gatemap export: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace gatemap
