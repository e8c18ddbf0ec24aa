// `gatemap export`: the headless front end. Same scene, same renderer, same frame as the window.
// PNG and GeoTIFF stills, PNG sequences (--out-dir) and MP4/WebM videos over a date range.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "app/cli.hpp"
#include "app/data_source.hpp"
#include "app/export/atomic_file.hpp"
#include "app/export/geotiff_writer.hpp"
#include "app/export/map_export.hpp"
#include "app/export/png_writer.hpp"
#include "app/export/video_writer.hpp"
#include "app/frame_builder.hpp"
#include "app/render/gl.hpp"
#include "app/render/headless.hpp"
#include "app/render/renderer.hpp"
#include "geo/error.hpp"
#include "geo/projection.hpp"

namespace gatemap {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
double ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

std::string format_of(const ExportOptions& opt) {
  if (!opt.format.empty()) return opt.format;
  std::string ext = fs::path(opt.out).extension().string();
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

// A date given on the command line: a real calendar day within a sane range.
std::optional<geo::Date> parse_cli_date(const std::string& flag, const std::string& text, std::string& err) {
  auto d = geo::Date::parse(text);
  if (!d) {
    err = flag + " '" + text + "' is not a real date in the form YYYY-MM-DD";
    return std::nullopt;
  }
  if (d->year() < 1990 || d->year() > 2100) {
    err = flag + " " + text + " is out of range (1990-01-01 … 2100-12-31)";
    return std::nullopt;
  }
  return d;
}

std::vector<geo::Date> date_range(geo::Date from, geo::Date to, const std::string& step) {
  std::vector<geo::Date> out;
  for (int i = 0;; ++i) {
    geo::Date d = step == "day" ? from.add_days(i) : step == "week" ? from.add_weeks(i) : from.add_months(i);
    if (d > to) break;
    out.push_back(d);
  }
  if (out.empty() || out.back() != to) out.push_back(to);  // both ends included
  return out;
}

struct Job {
  const ExportOptions& opt;
  const AppData& data;
  geo::BboxLL bbox;
  ViewInputs view;
  std::string format;
  bool timing = false;
};

exporter::Metadata metadata_for(const Job& job, const render::FrameSnapshot& frame) {
  std::string sources;
  for (const auto& [layer, text] : job.data.scene.attributions)
    if (job.opt.layers.has(layer) && sources.find(text) == std::string::npos) sources += (sources.empty() ? "" : "; ") + text;
  return {
      {"Title", frame.title},
      {"Software", std::string("gatemap ") + GATEMAP_VERSION},
      {"gatemap:date", frame.date_label.empty() ? "none (no time model)" : frame.date_label},
      {"gatemap:date_note", frame.date_note},
      {"gatemap:bbox", bbox_text(job.bbox)},
      {"gatemap:crs", std::string(geo::kMapCrs) + " (WGS 84 / UTM zone 48N)"},
      {"gatemap:frontier", "221.25 km on the generalised OSM line drawn; 231.74 km officially"},
      {"gatemap:data_version", data_version()},
      {"gatemap:version", GATEMAP_VERSION},
      {"Source", sources},
  };
}

render::FrameSnapshot frame_at(Job& job, std::optional<geo::Date> d) {
  job.view.date = d;
  return make_frame(job.data.scene, job.view);
}

void export_png(Job& job, render::Renderer& r, const fs::path& path, std::optional<geo::Date> d) {
  render::FrameSnapshot frame = frame_at(job, d);
  exporter::PngOptions po;
  po.opaque = true;
  if (job.opt.dpi) po.dpi = *job.opt.dpi;
  exporter::PngStreamWriter png(po);
  png.open(path, job.opt.width, job.opt.height, metadata_for(job, frame), job.opt.force);
  const auto t0 = Clock::now();
  exporter::StripTimings st = exporter::render_strips(
      r, frame, [&](const uint8_t* rows, int n, size_t stride) { png.write_rows_bottom_up(rows, n, stride); });
  const auto t1 = Clock::now();
  png.finish();
  if (job.timing)
    std::fprintf(stderr, "timing (ms) %s: render %.1f, read-back %.1f, encode-wait %.1f, finish %.1f\n", path.c_str(),
                 st.render_ms, st.readback_ms, st.sink_ms, ms(t1, Clock::now()));
  (void)t0;
}

void export_tif(Job& job, render::Renderer& r, const fs::path& path, std::optional<geo::Date> d) {
  render::FrameSnapshot frame = frame_at(job, d);
  const geo::Camera& cam = frame.camera;
  exporter::GeoTiffOptions o;
  o.epsg = geo::kMapEpsg;
  o.origin_x = cam.centre.x - cam.width_px / 2.0 * cam.m_per_px;
  o.origin_y = cam.centre.y + cam.height_px / 2.0 * cam.m_per_px;
  o.pixel_width = o.pixel_height = cam.m_per_px;
  o.opaque = true;
  o.description = frame.title;
  o.software = std::string("gatemap ") + GATEMAP_VERSION;
  o.metadata = metadata_for(job, frame);
  exporter::GeoTiffWriter tif;
  tif.open(path, job.opt.width, job.opt.height, o, job.opt.force);
  exporter::render_strips(r, frame,
                          [&](const uint8_t* rows, int n, size_t stride) { tif.write_rows_bottom_up(rows, n, stride); });
  tif.finish();
}

void export_video(Job& job, render::Renderer& r, const std::vector<geo::Date>& dates) {
  exporter::VideoOptions vo;
  vo.fps = job.opt.fps;
  vo.metadata = {{"title", job.opt.title.empty() ? "Lạng Sơn – Guangxi frontier and border gates" : job.opt.title},
                 {"comment", "gatemap " GATEMAP_VERSION ", " + data_version() + ", " + dates.front().iso() + " to " +
                                 dates.back().iso() + " by " + job.opt.step}};
  exporter::VideoWriter video;
  video.open(job.opt.out, job.opt.width, job.opt.height, vo, job.opt.force);
  for (size_t i = 0; i < dates.size(); ++i) {
    // Animated flows advance with the video's clock, so the particles move from frame to frame.
    job.view.time_s = static_cast<double>(i) / job.opt.fps;
    exporter::render_strips(r, frame_at(job, dates[i]),
                            [&](const uint8_t* rows, int n, size_t stride) { video.write_rows_bottom_up(rows, n, stride); });
  }
  video.finish();
}

void export_sequence(Job& job, render::Renderer& r, const std::vector<geo::Date>& dates) {
  std::vector<std::string> names;
  for (geo::Date d : dates) names.push_back(d.iso() + ".png");
  exporter::FrameDirectory dir(job.opt.out_dir, names, job.opt.force);
  for (size_t i = 0; i < dates.size(); ++i) {
    job.view.time_s = static_cast<double>(i) / job.opt.fps;
    export_png(job, r, dir.frame_path(names[i]), dates[i]);
    dir.frame_written(names[i]);
  }
  dir.commit();
}

}  // namespace

void export_view(const ExportOptions& opt, const AppData& data, render::Renderer& renderer, const ViewInputs& view,
                 const geo::BboxLL& bbox) {
  const std::string format = opt.out_dir.empty() ? format_of(opt) : "png";
  if (format.empty()) throw exporter::ExportError(exporter::ExportError::Kind::invalid, opt.out, "unknown format of " + opt.out);
  ViewInputs v = view;
  Job job{opt, data, bbox, v, format, false};
  std::optional<geo::Date> date;
  if (opt.date) date = geo::Date::parse(*opt.date);
  if (format == "tif") export_tif(job, renderer, opt.out, date);
  else if (format == "png") export_png(job, renderer, opt.out, date);
  else throw exporter::ExportError(exporter::ExportError::Kind::invalid, opt.out, "the window exports PNG and GeoTIFF; use `gatemap export` for videos");
}

int run_export(const ExportOptions& opt) {
  const auto t_start = Clock::now();
  const bool timing = std::getenv("GATEMAP_TIMING") != nullptr;
  auto usage = [](const std::string& msg) {
    std::cerr << "gatemap export: " << msg << "\n";
    return kExitUsage;
  };
  const bool sequence = !opt.out_dir.empty();
  const std::string format = sequence ? "png" : format_of(opt);
  if (format.empty())
    return usage("cannot tell the format of '" + opt.out + "' from its extension; use .png, .tif, .mp4 or .webm, or --format");
  const bool video = format == "mp4" || format == "webm";
  std::string err;
  std::optional<geo::Date> date, from, to;
  if (opt.date && !(date = parse_cli_date("--date", *opt.date, err))) return usage(err);
  if (opt.from && !(from = parse_cli_date("--from", *opt.from, err))) return usage(err);
  if (opt.to && !(to = parse_cli_date("--to", *opt.to, err))) return usage(err);
  if (date && (from || to)) return usage("give either --date or --from/--to, not both");
  if ((from || to) && !(from && to)) return usage("a time range needs both --from and --to");
  if (from && *to < *from) return usage("--to " + to->iso() + " is before --from " + from->iso());
  if ((video || sequence) && !from) return usage("a video or a frame sequence needs --from D --to D (and --step, --fps)");
  if (!video && !sequence && from) return usage("--from/--to make a video (.mp4, .webm) or a sequence (--out-dir); for one picture use --date");
  std::vector<geo::Date> dates;
  if (from) {
    dates = date_range(*from, *to, opt.step);
    if (dates.size() > 20000) return usage("the range gives " + std::to_string(dates.size()) + " frames; use a larger --step");
  }

  try {
    // Fail before rendering when the file exists or the folder is missing.
    if (!sequence) exporter::check_destination(opt.out, opt.force);
  } catch (const exporter::ExportError& e) {
    std::cerr << "gatemap export: " << e.what() << "\n";
    return kExitFailure;
  }

  AppData data;
  try {
    data = load_data(opt.data_dir);
  } catch (const geo::Error& e) {
    std::cerr << "gatemap export: " << e.what() << "\n";
    return kExitFailure;
  }
  for (const std::string& p : data.problems) std::cerr << "warning: " << p << "\n";
  const auto t_loaded = Clock::now();

  ViewInputs view;
  Job job{opt, data, opt.bbox ? *opt.bbox : default_bbox(data.scene), view, format, timing};
  job.view.camera = geo::fit_bbox(job.bbox, opt.width, opt.height);
  job.view.pixel_scale = export_pixel_scale(opt.width, opt.height, opt.dpi.value_or(0));
  job.view.layers = opt.layers;
  job.view.title = opt.title;
  job.view.timeline = &data.timeline;
  job.view.user_layers = &data.user_layers;
  if (date) {
    auto span = data.timeline.span();
    if (span && (*date < span->first || *date > span->last))
      std::cerr << "note: " << date->iso() << " lies outside the data (" << span->first.iso() << " … "
                << span->last.iso() << "): statuses are unknown before it and held \"as of\" after it\n";
  }

  try {
    render::HeadlessContext ctx;
    exporter::StripTargetGuard strip_guard;
    const auto t_ctx = Clock::now();
    render::Renderer renderer(data.scene);
    const auto t_renderer = Clock::now();
    if (sequence) export_sequence(job, renderer, dates);
    else if (video) export_video(job, renderer, dates);
    else if (format == "tif") export_tif(job, renderer, opt.out, date);
    else export_png(job, renderer, opt.out, date);
    if (timing)
      std::fprintf(stderr, "timing (ms): load %.1f, EGL %.1f, renderer %.1f, total %.1f [%s]\n", ms(t_start, t_loaded),
                   ms(t_loaded, t_ctx), ms(t_ctx, t_renderer), ms(t_start, Clock::now()), ctx.renderer().c_str());
  } catch (const exporter::ExportError& e) {
    std::cerr << "gatemap export: " << e.what() << "\n";
    return e.kind() == exporter::ExportError::Kind::invalid ? kExitUsage : kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << "gatemap export: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace gatemap
