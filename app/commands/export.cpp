// `gatemap export`: the headless front end. Same scene, same renderer, same frame as the window.
// PNG and GeoTIFF stills, PNG sequences (--out-dir) and MP4/WebM videos over a date range.
#include "app/commands/export.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <filesystem>
#include <future>
#include <iostream>

#include "app/export/atomic_file.hpp"
#include "app/export/png_writer.hpp"
#include "app/export/state_writer.hpp"
#include "app/export/video_writer.hpp"
#include "app/render/decorations.hpp"
#include "app/render/gl.hpp"
#include "app/render/headless.hpp"
#include "app/render/renderer.hpp"
#include "app/view/strip_builder.hpp"
#include "geo/error.hpp"
#include "geo/projection.hpp"
#include "geo/view.hpp"

namespace gatemap {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
double ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

// What the export writes: a folder of PNGs, --format, or what the extension of --out says.
std::optional<ImageFormat> format_of(const ExportOptions& opt) {
  if (!opt.out_dir.empty()) return ImageFormat::png;
  if (opt.format) return opt.format;
  return format_of_path(opt.out);
}

std::string bbox_text(const geo::BboxLL& b) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%.6f,%.6f,%.6f,%.6f", b.lon0, b.lat0, b.lon1, b.lat1);
  return buf;
}

}  // namespace

std::vector<geo::Date> timelapse_dates(geo::Date from, geo::Date to, Step step) {
  std::vector<geo::Date> out;
  for (int i = 0;; ++i) {
    const geo::Date d = step == Step::day    ? from.add_days(i)
                        : step == Step::week ? from.add_weeks(i)
                                             : from.add_months(i);
    if (d > to) break;
    out.push_back(d);
  }
  if (out.empty() || out.back() != to) out.push_back(to);  // both ends included
  return out;
}

namespace {

struct Job {
  const ExportOptions& opt;
  const AppData& data;
  ViewInputs view;
  ImageFormat format;
  const ExportBackend& backend;
  bool timing = false;
  // The job's GL state (its strip target), freed with the job: its owners (run_export_with's
  // Prepared, TimelapseExport, export_view_with) destroy it while the GL context is current.
  exporter::StripRenderer strips{};
};

exporter::Metadata metadata_for(const Job& job, const render::FrameSnapshot& frame) {
  std::string sources;
  const geo::LayerSet& layers = frame.strip ? frame.layers : job.opt.layers;
  for (const auto& [layer, text] : job.data.scene.attributions)
    if (layers.has(layer) && sources.find(text) == std::string::npos) sources += (sources.empty() ? "" : "; ") + text;
  if (frame.strip)  // km along the line × date: no map extent, no map projection
    return {
        {"Title", frame.title},
        {"Software", std::string("gatemap ") + GATEMAP_VERSION},
        {"gatemap:view", "strip (km along the frontier from the Quảng Ninh tripoint × date)"},
        {"gatemap:date", frame.date_label},
        {"gatemap:date_note", frame.date_note},
        {"gatemap:frontier", "221.25 km on the generalised OSM line drawn; 231.74 km officially"},
        {"gatemap:data_version", data_version()},
        {"gatemap:version", GATEMAP_VERSION},
        {"Source", sources},
    };
  return {
      {"Title", frame.title},
      {"Software", std::string("gatemap ") + GATEMAP_VERSION},
      {"gatemap:date", frame.date_label.empty() ? "none (no time model)" : frame.date_label},
      {"gatemap:date_note", frame.date_note},
      // What the picture shows (the view's extent), not what was asked for: a window zoomed in,
      // or a --bbox of another shape than the picture, shows another box.
      {"gatemap:bbox", bbox_text(geo::unproject_rect(frame.camera.visible_rect()))},
      {"gatemap:crs", std::string(geo::kMapCrs) + " (WGS 84 / UTM zone 48N)"},
      {"gatemap:frontier", "221.25 km on the generalised OSM line drawn; 231.74 km officially"},
      {"gatemap:data_version", data_version()},
      {"gatemap:version", GATEMAP_VERSION},
      {"Source", sources},
  };
}

// The frontier strip of the job (--view strip): its time axis from --from/--to, else the data's span.
render::FrameSnapshot strip_frame(const Job& job) {
  StripInputs in;
  in.width = job.opt.width;
  in.height = job.opt.height;
  in.pixel_scale = job.view.pixel_scale;
  in.layers = job.opt.layers;
  in.title = job.opt.title;
  in.from = job.opt.from;
  in.to = job.opt.to;
  in.stretches = load_district_stretches(job.data.dir);
  in.hovered_gate = job.view.selected_gate;  // a strip scene's `select`: its gate's column
  return make_strip_frame(job.data.scene, job.data.timeline, in);
}

render::FrameSnapshot frame_at(Job& job, std::optional<geo::Date> d) {
  if (job.opt.view == ExportView::strip) return strip_frame(job);
  job.view.date = d;
  return make_frame(job.data.scene, job.view);
}

exporter::PngOptions png_options(const Job& job) {
  exporter::PngOptions po;
  po.opaque = true;
  if (job.opt.dpi) po.dpi = *job.opt.dpi;
  // The strips of every front end (map_export.hpp), read back straight into the encoder's buffers.
  po.strip_rows = exporter::strip_rows(job.opt.width, job.opt.height);
  // Two strip buffers: one being filled while the other is compressed. A third gained nothing
  // and cost 8 MiB at 7680 wide (the 8K export has to stay under 150 MiB).
  po.buffers = 2;
  return po;
}

// A PNG with its frame, opened (file created, header written, encoder threads started and their
// buffers being pre-faulted) before the GL context is needed, so that this can run on the loading
// thread while the context starts.
struct PreparedPng {
  render::FrameSnapshot frame;
  exporter::PngStreamWriter png;
  PreparedPng(Job& job, std::optional<geo::Date> d) : frame(frame_at(job, d)), png(png_options(job)) {}
  void open(const Job& job, const fs::path& path) {
    png.open(path, job.opt.width, job.opt.height, metadata_for(job, frame), job.opt.force);
  }
};

void render_png(Job& job, render::Renderer& r, PreparedPng& p, const fs::path& path) {
  exporter::PngStreamWriter& png = p.png;
  exporter::StripLender lender{[&](int rows) {
                                 exporter::RowBuffer b = png.begin_rows(rows);
                                 return std::pair{b.rgba, b.stride};
                               },
                               [&] { png.commit_rows(/*bottom_up=*/true); }, png.max_strip_rows()};
  exporter::StripTimings st = job.strips.render_strips(r, p.frame, lender);
  const auto t1 = Clock::now();
  png.finish();
  if (job.timing)
    std::fprintf(stderr,
                 "timing (ms) %s: render %.1f (labels and text %.1f), read-back %.1f, encode-wait %.1f, finish %.1f\n",
                 path.c_str(), st.render_ms, st.begin_ms, st.readback_ms, st.sink_ms, ms(t1, Clock::now()));
}

void export_png(Job& job, render::Renderer& r, const fs::path& path, std::optional<geo::Date> d) {
  PreparedPng p(job, d);
  p.open(job, path);
  render_png(job, r, p, path);
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
  job.backend.write_geotiff(path, job.opt.width, job.opt.height, o, job.opt.force,
                            [&](const exporter::RowSink& sink) { job.strips.render_strips(r, frame, sink); });
}

// export --compare D1,D2: the view at D1 on the left and at D2 on the right, each W/2 × H and
// drawn exactly as `export --date Di --width W/2 --height H` (same camera fit, text scale and
// strips), except that gates whose status differs between the dates are highlighted in both.
void export_compare(Job& job, render::Renderer& r, const fs::path& path) {
  const ExportOptions& opt = job.opt;
  const int half = opt.width / 2, h = opt.height;
  ViewInputs view = job.view;
  view.camera.width_px = half, view.camera.height_px = h;
  view.pixel_scale = export_pixel_scale(half, h, opt.dpi.value_or(0));
  // Fitted as the window's split view and a single export are: the legend in a band beside the
  // map when no place over it is free of gates (fit_view).
  const FittedView fitted = fit_compare_view(job.data.scene, view, opt.bbox ? *opt.bbox : default_bbox(job.data.scene),
                                             opt.compare->first, opt.compare->second);
  view.camera = fitted.camera;
  view.legend_band = fitted.legend_band;
  const size_t row_bytes = static_cast<size_t>(opt.width) * 4;
  std::vector<uint8_t> image(row_bytes * static_cast<size_t>(h));
  render::FrameSnapshot left;
  for (int side = 0; side < 2; ++side) {
    view.date = side == 0 ? opt.compare->first : opt.compare->second;
    view.compare_with = side == 0 ? opt.compare->second : opt.compare->first;
    const render::FrameSnapshot frame = make_frame(job.data.scene, view);
    if (side == 0) left = frame;
    int top = 0;  // strips come top first, each with its lowest row first
    job.strips.render_strips(r, frame, [&](const uint8_t* rows, int n, size_t stride) {
      for (int k = 0; k < n; ++k)
        std::memcpy(&image[static_cast<size_t>(top + n - 1 - k) * row_bytes + static_cast<size_t>(side * half) * 4],
                    rows + static_cast<size_t>(k) * stride, static_cast<size_t>(half) * 4);
      top += n;
    });
  }
  exporter::Metadata meta = metadata_for(job, left);
  for (auto& [key, value] : meta)
    if (key == "gatemap:date")
      value = opt.compare->first.iso() + " (left) | " + opt.compare->second.iso() +
              " (right); gates whose status differs are highlighted";
  exporter::PngOptions po = png_options(job);
  exporter::PngStreamWriter png(po);
  png.open(path, opt.width, h, meta, opt.force);
  png.write_rows(image.data(), h, row_bytes);
  png.finish();
}

}  // namespace

struct TimelapseExport::Impl {
  ExportOptions opt;
  ExportBackend backend;  // none: a time-lapse writes no GeoTIFF
  Job job;
  std::vector<geo::Date> dates;
  std::vector<std::string> names;  // a sequence's file names, YYYY-MM-DD.png
  std::optional<exporter::FrameDirectory> dir;
  std::optional<exporter::VideoWriter> video;
  size_t next = 0;

  Impl(const ExportOptions& o, const AppData& data, const ViewInputs& view, std::vector<geo::Date> d)
      : opt(o),
        job{opt,     data,
            view,    format_of(opt).value_or(ImageFormat::png),
            backend, std::getenv("GATEMAP_TIMING") != nullptr},
        dates(std::move(d)) {}
};

TimelapseExport::TimelapseExport(const ExportOptions& opt, const AppData& data, const ViewInputs& view,
                                 std::vector<geo::Date> dates)
    : impl_(std::make_unique<Impl>(opt, data, view, std::move(dates))) {
  Impl& s = *impl_;
  s.job.view.legend_for_range = true;  // one legend for the whole range: it never moves nor resizes
  const fs::path dest = s.opt.out_dir.empty() ? fs::path(s.opt.out) : fs::path(s.opt.out_dir);
  if (s.dates.empty())
    throw exporter::ExportError(exporter::ExportError::Kind::invalid, dest, "a time-lapse needs at least one date");
  if (!s.opt.out_dir.empty()) {
    for (geo::Date d : s.dates) s.names.push_back(d.iso() + ".png");
    s.dir.emplace(s.opt.out_dir, s.names, s.opt.force);
    return;
  }
  if (!format_of(s.opt) || !gatemap::is_video(s.job.format))
    throw exporter::ExportError(exporter::ExportError::Kind::invalid, dest,
                                "a time-lapse video is an .mp4 or .webm file, not '" + s.opt.out + "'");
  exporter::VideoOptions vo;
  vo.fps = s.opt.fps;
  vo.metadata = {{"title", s.opt.title.empty() ? "Lạng Sơn – Guangxi frontier and border gates" : s.opt.title},
                 {"comment", "gatemap " GATEMAP_VERSION ", " + data_version() + ", " + s.dates.front().iso() + " to " +
                                 s.dates.back().iso() + " by " + to_string(s.opt.step)}};
  s.video.emplace();
  s.video->open(s.opt.out, s.opt.width, s.opt.height, vo, s.opt.force);
}

TimelapseExport::~TimelapseExport() = default;  // VideoWriter and FrameDirectory clean up unless finished

bool TimelapseExport::is_video() const { return impl_->video.has_value(); }
size_t TimelapseExport::frame_count() const { return impl_->dates.size(); }
size_t TimelapseExport::frames_rendered() const { return impl_->next; }
const std::vector<geo::Date>& TimelapseExport::dates() const { return impl_->dates; }

void TimelapseExport::render_next(render::Renderer& r) {
  Impl& s = *impl_;
  if (s.next >= s.dates.size()) return;
  const size_t i = s.next;
  // Animated flows advance with the video's clock, so the particles move from frame to frame.
  s.job.view.time_s = static_cast<double>(i) / s.opt.fps;
  if (s.video) {
    s.job.strips.render_strips(r, frame_at(s.job, s.dates[i]), [&](const uint8_t* rows, int n, size_t stride) {
      s.video->write_rows_bottom_up(rows, n, stride);
    });
  } else {
    s.dir->frame_starting(s.names[i]);
    export_png(s.job, r, s.dir->frame_path(s.names[i]), s.dates[i]);
    s.dir->frame_written(s.names[i]);
  }
  s.next = i + 1;
}

void TimelapseExport::finish() {
  Impl& s = *impl_;
  if (s.video)
    s.video->finish();
  else
    s.dir->commit();
}

namespace {

void export_timelapse(Job& job, render::Renderer& r, const std::vector<geo::Date>& dates) {
  TimelapseExport t(job.opt, job.data, job.view, dates);
  while (!t.all_rendered()) t.render_next(r);
  t.finish();
}

}  // namespace

void export_view_with(const ExportOptions& opt, const AppData& data, render::Renderer& renderer, const ViewInputs& view,
                      const ExportBackend& backend) {
  const std::optional<ImageFormat> format = format_of(opt);
  if (!format)
    throw exporter::ExportError(exporter::ExportError::Kind::invalid, opt.out, "unknown format of " + opt.out);
  Job job{opt, data, view, *format, backend, false};
  if (*format == ImageFormat::tif)
    export_tif(job, renderer, opt.out, opt.date);
  else if (*format == ImageFormat::png)
    export_png(job, renderer, opt.out, opt.date);
  else
    throw exporter::ExportError(
        exporter::ExportError::Kind::invalid, opt.out,
        "unknown picture format of " + opt.out + ": use .png or .tif (videos: the time-lapse export)");
}

namespace {

// First-touching fresh memory is expensive on the export VMs (a page fault costs several
// microseconds: 3-6 ms per MiB), and an export's main thread allocates tens of MiB that it touches
// once: Mesa's shader compiler, llvmpipe's framebuffers and scene bins, the glyph atlas. Page
// faults were a third of a 4K export's time. So the heap grows in one step of 64 MiB that is
// advised for transparent huge pages (one fault maps 2 MiB), blocks up to 32 MiB come from it rather
// than from mappings of their own, and freed memory is kept. Only advice: without THP (or if the
// heap cannot grow in place) nothing changes but the allocator's thresholds. Measured here: 4K
// export -75 ms, 8K -100 ms, minor faults 11,700 -> 5,300, peak RSS +5 MiB.
void use_huge_pages_for_the_heap() {
  constexpr size_t kStep = size_t{64} << 20, kHuge = size_t{2} << 20;
  ::mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's maximum on 64-bit systems
  ::mallopt(M_TOP_PAD, static_cast<int>(kStep));
  ::mallopt(M_TRIM_THRESHOLD, static_cast<int>(4 * kStep));
  const auto brk0 = reinterpret_cast<uintptr_t>(::sbrk(0));
  void* grow = std::malloc(size_t{1} << 20);  // the heap grows by it and the top pad now
  const auto brk1 = reinterpret_cast<uintptr_t>(::sbrk(0));
  const auto at = reinterpret_cast<uintptr_t>(grow);  // (using the pointer keeps the call)
  std::free(grow);
  const uintptr_t lo = (brk0 + kHuge - 1) & ~(kHuge - 1), hi = brk1 & ~(kHuge - 1);
  const bool from_heap = at < brk1 && brk1 - at <= 2 * kStep;  // not a mapping of its own
  if (from_heap && hi > lo && hi - lo <= 2 * kStep) ::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);
}

}  // namespace

namespace {

// What an export needs before it can draw, made on a thread of its own while the GL context starts:
// the data, the job and, for a PNG still, its frame, its text (fonts, labels, glyphs) and the
// opened file. Errors other than the data's are kept for later, so that every message is printed
// in the order of a sequential start.
struct Prepared {
  std::unique_ptr<AppData> data;  // on the heap: the job and frame point into it while this moves
  std::unique_ptr<Job> job;
  std::unique_ptr<PreparedPng> png;
  std::unique_ptr<render::Decorations> text;  // the PNG's labels and glyphs (render::prepare_text)
  std::exception_ptr png_error;               // from preparing the text or opening the PNG
  Clock::time_point t_data, t_prepared;
};

// Throws geo::Error from loading the data, ExportElsewhere when the backend cannot load it.
Prepared prepare(const ExportOptions& opt, const ExportBackend& backend, ImageFormat format, bool still_png,
                 bool timing) {
  Prepared l;
  l.data = std::make_unique<AppData>(backend.load_data(opt.data_dir));
  l.t_data = l.t_prepared = Clock::now();
  AppData& data = *l.data;
  l.job = std::make_unique<Job>(Job{opt, data, ViewInputs{}, format, backend, timing});
  Job& job = *l.job;
  const geo::BboxLL box = opt.bbox ? *opt.bbox : default_bbox(data.scene);
  job.view.camera = geo::fit_bbox(box, opt.width, opt.height);
  job.view.pixel_scale = export_pixel_scale(opt.width, opt.height, opt.dpi.value_or(0));
  job.view.layers = opt.layers;
  job.view.title = opt.title;
  job.view.window = opt.window;
  job.view.timeline = &data.timeline;
  job.view.user_layers = &data.user_layers;
  if (!still_png) {
    if (opt.view != ExportView::strip && !opt.compare) {
      // The map frame less the legend's band, where it needs one (fit_view); a time-lapse's
      // legend is the range's.
      ViewInputs in = job.view;
      in.date = opt.date;
      in.legend_for_range = opt.from.has_value() || !opt.out_dir.empty();
      const FittedView fitted = fit_view(data.scene, in, box);
      job.view.camera = fitted.camera;
      job.view.legend_band = fitted.legend_band;
    }
    return l;
  }
  try {
    l.png = std::make_unique<PreparedPng>(job, opt.date);
    l.text = render::prepare_text(data.scene, l.png->frame);
    if (const render::LegendBands b = l.text->legend_bands();
        (b.right > 0 || b.bottom > 0) && opt.view != ExportView::strip) {
      // The legend goes in a band beside the map (fit_view's rule, with the text already laid out).
      const FittedView fitted = fit_beside_legend(job.view.camera, box, b);
      job.view.camera = fitted.camera;
      job.view.legend_band = fitted.legend_band;
      l.png->frame = frame_at(job, opt.date);
      l.text = render::prepare_text(data.scene, l.png->frame);
    }
    // Last: starting the encoder's threads waits while EGL is loading libraries (glibc's
    // pthread_create takes the dynamic loader's TLS lock that dlopen holds).
    l.png->open(job, opt.out);
  } catch (...) {
    l.png_error = std::current_exception();
  }
  l.t_prepared = Clock::now();
  return l;
}

// The format of the export, and the dates of a time-lapse (empty for a still). Throws UsageError
// for a combination of options that does not make an export (each value was checked as it was read).
ImageFormat check_usage(const ExportOptions& opt, std::vector<geo::Date>& dates) {
  const std::optional<ImageFormat> format = format_of(opt);
  if (!format)
    throw UsageError("cannot tell the format of '" + opt.out +
                     "' from its extension; use .png, .tif, .mp4, .webm, .geojson, .csv or .kml, or --format");
  const bool sequence = !opt.out_dir.empty(), video = is_video(*format);
  const std::optional<geo::Date>&from = opt.from, &to = opt.to;
  if (opt.view == ExportView::strip) {  // one picture; --from/--to set its time axis
    if (*format != ImageFormat::png || sequence)
      throw UsageError("--view strip writes one PNG picture (--out FILE.png)");
    if (opt.date) throw UsageError("--view strip shows a time span: give --from/--to, not --date");
    if (opt.bbox) throw UsageError("--view strip is drawn along the whole frontier: --bbox does not apply");
    if (from && to && *to < *from) throw UsageError("--to " + to->iso() + " is before --from " + from->iso());
    return *format;
  }
  if (opt.date && (from || to)) throw UsageError("give either --date or --from/--to, not both");
  if (opt.window && opt.date) throw UsageError("give either --date or --window, not both");
  if (opt.compare) {
    if (opt.date || opt.window || from || to)
      throw UsageError("--compare D1,D2 gives the dates; leave out --date, --window and --from/--to");
    if (*format != ImageFormat::png || sequence) throw UsageError("--compare writes one PNG picture (--out F.png)");
    if (opt.width < 2 || opt.width % 2 != 0)
      throw UsageError("--compare needs an even --width (two halves of W/2 pixels), not " + std::to_string(opt.width));
  }
  if (opt.window && (from || to || video || sequence))
    throw UsageError("--window is for one picture or a state file; a time-lapse takes --from/--to");
  if (is_state(*format) && (from || to))
    throw UsageError(
        "a state file (.geojson, .csv, .kml) is of one date (--date) or one window (--window), not --from/--to");
  if ((from || to) && !(from && to)) throw UsageError("a time range needs both --from and --to");
  if (from && *to < *from) throw UsageError("--to " + to->iso() + " is before --from " + from->iso());
  if ((video || sequence) && !from)
    throw UsageError("a video or a frame sequence needs --from D --to D (and --step, --fps)");
  if (!video && !sequence && from)
    throw UsageError("--from/--to make a video (.mp4, .webm) or a sequence (--out-dir); for one picture use --date");
  if (from) {
    dates = timelapse_dates(*from, *to, opt.step);
    if (dates.size() > kMaxTimelapseFrames)
      throw UsageError("the range gives " + std::to_string(dates.size()) + " frames; use a larger --step");
  }
  return *format;
}

// `date`: the date the picture shows (--date, a window's end, a comparison's second date).
void print_notes(const AppData& data, const ExportOptions& opt, const std::optional<geo::Date>& date) {
  for (const std::string& p : data.problems) std::cerr << "warning: " << p << "\n";
  if (opt.bbox)
    if (std::string note = no_map_data_note(data.scene, *opt.bbox); !note.empty())
      std::cerr << "warning: " << note << " (the picture is drawn all the same)\n";
  if (!date) return;
  auto span = data.timeline.span();
  if (span && (*date < span->first || *date > span->last))
    std::cerr << "note: " << date->iso() << " lies outside the data (" << span->first.iso() << " … " << span->last.iso()
              << "): statuses are unknown before it and held \"as of\" after it\n";
}

// The state at a date as data: checks both destinations before loading, then the backend writes.
int export_state(const ExportOptions& opt, const ExportBackend& backend, ImageFormat format) {
  if (!backend.write_state) throw ExportElsewhere();
  exporter::install_signal_cleanup();
  try {
    exporter::check_destination(opt.out, opt.force);
    if (auto second = exporter::figures_path(opt.out, state_format(format)))
      exporter::check_destination(*second, opt.force);
    const AppData data = backend.load_data(opt.data_dir);
    print_notes(data, opt, opt.window ? std::optional(opt.window->to) : opt.date);
    backend.write_state(opt, data, format);
  } catch (...) {  // ExportError, geo::Error from loading, GDAL
    return report_export_failure();
  }
  return kExitOk;
}

}  // namespace

int report_export_failure() {
  try {
    throw;
  } catch (const exporter::ExportError& e) {
    std::cerr << "gatemap export: " << e.what() << "\n";
    return e.kind() == exporter::ExportError::Kind::invalid ? kExitUsage : kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << "gatemap export: " << e.what() << "\n";
    return kExitFailure;
  }
}

int run_export_with(const ExportOptions& opt, const ExportBackend& backend) {
  const auto t_start = Clock::now();
  use_huge_pages_for_the_heap();
  const bool timing = std::getenv("GATEMAP_TIMING") != nullptr;
  const bool sequence = !opt.out_dir.empty();
  std::vector<geo::Date> dates;
  ImageFormat format;
  try {
    format = check_usage(opt, dates);
  } catch (const UsageError& e) {
    std::cerr << "gatemap export: " << e.what() << "\n";
    return kExitUsage;
  }
  if (format == ImageFormat::tif && !backend.write_geotiff) throw ExportElsewhere();
  if (is_state(format)) return export_state(opt, backend, format);
  // SIGINT/SIGTERM remove the temporary files (and a sequence's frames) before the process ends.
  exporter::install_signal_cleanup();
  try {
    // Fail before rendering when the file exists or the folder is missing.
    if (!sequence) exporter::check_destination(opt.out, opt.force);
  } catch (const exporter::ExportError& e) {
    std::cerr << "gatemap export: " << e.what() << "\n";
    return kExitFailure;
  }

  // Start-up in parallel: prepare() on a second thread while this one starts EGL and llvmpipe
  // (~90 ms, mostly loading the driver).
  const bool still_png = format == ImageFormat::png && !sequence && !opt.compare;
  std::future<Prepared> preparing =
      std::async(std::launch::async, [&] { return prepare(opt, backend, format, still_png, timing); });
  std::optional<render::HeadlessContext> ctx;
  std::exception_ptr ctx_error;
  try {
    ctx.emplace();
  } catch (...) {
    ctx_error = std::current_exception();
  }
  const auto t_ctx = Clock::now();
  Prepared prepared;
  try {
    prepared = preparing.get();
  } catch (const std::exception& e) {  // geo::Error, or a file system failure
    std::cerr << "gatemap export: " << e.what() << "\n";
    return kExitFailure;
  }
  const AppData& data = *prepared.data;
  print_notes(data, opt,
              opt.window    ? std::optional(opt.window->to)
              : opt.compare ? std::optional(opt.compare->second)
                            : opt.date);
  Job& job = *prepared.job;

  try {
    if (ctx_error) std::rethrow_exception(ctx_error);
    if (prepared.png_error) std::rethrow_exception(prepared.png_error);
    const auto t_renderer0 = Clock::now();
    render::Renderer renderer(data.scene, std::move(prepared.text));
    const auto t_renderer = Clock::now();
    if (sequence || is_video(format))
      export_timelapse(job, renderer, dates);
    else if (opt.compare)
      export_compare(job, renderer, opt.out);
    else if (format == ImageFormat::tif)
      export_tif(job, renderer, opt.out, opt.date);
    else
      render_png(job, renderer, *prepared.png, opt.out);
    if (timing)
      std::fprintf(stderr,
                   "timing (ms): data %.1f + frame and file %.1f on a thread while EGL %.1f; renderer %.1f, total %.1f "
                   "since main [%s]\n",
                   ms(t_start, prepared.t_data), ms(prepared.t_data, prepared.t_prepared), ms(t_start, t_ctx),
                   ms(t_renderer0, t_renderer), ms(t_start, Clock::now()), ctx->renderer().c_str());
    if (backend.exit_when_done) {
      std::cout.flush();
      std::fflush(nullptr);
      ::_exit(kExitOk);
    }
  } catch (...) {
    return report_export_failure();
  }
  return kExitOk;
}

}  // namespace gatemap
