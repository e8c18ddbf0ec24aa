// `gatemap export --scenes FILE.json`: a scenes file (docs/scenes.md) as files, in one process —
// a PNG per scene in a folder (--out-dir, NN-slug.png; the folder appears whole or not at all,
// through exporter::FrameDirectory), or the whole presentation as a video with its transitions
// (--out F.mp4|.webm), played by the wall's own player (app/window/player.hpp), so the video shows
// what the wall shows. The ordinary export layout (text grows with the picture).
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "app/cli/cli.hpp"
#include "app/commands/export.hpp"
#include "app/export/atomic_file.hpp"
#include "app/export/video_writer.hpp"
#include "app/render/headless.hpp"
#include "app/render/renderer.hpp"
#include "app/view/playlist.hpp"
#include "app/view/strip_builder.hpp"
#include "app/window/player.hpp"
#include "geo/view.hpp"

namespace gatemap {

ExportBackend full_export_backend();  // export_full.cpp

namespace {

// The base letter of a Vietnamese letter with diacritics (UTF-8), or 0.
char vietnamese_base(const std::string& cp) {
  static const struct {
    const char* letters;
    char base;
  } table[] = {{"àáạảãâầấậẩẫăằắặẳẵÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴ", 'a'},
               {"èéẹẻẽêềếệểễÈÉẸẺẼÊỀẾỆỂỄ", 'e'},
               {"ìíịỉĩÌÍỊỈĨ", 'i'},
               {"òóọỏõôồốộổỗơờớợởỡÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠ", 'o'},
               {"ùúụủũưừứựửữÙÚỤỦŨƯỪỨỰỬỮ", 'u'},
               {"ỳýỵỷỹỲÝỴỶỸ", 'y'},
               {"đĐ", 'd'}};
  for (const auto& t : table)
    if (std::string(t.letters).find(cp) != std::string::npos) return t.base;
  return 0;
}

}  // namespace

std::string scene_file_name(size_t index, const std::string& title) {
  std::string slug;
  for (size_t i = 0; i < title.size();) {
    const unsigned char c = static_cast<unsigned char>(title[i]);
    const size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    const std::string cp = title.substr(i, len);
    i += len;
    char out = 0;
    if (len == 1 && std::isalnum(c)) out = static_cast<char>(std::tolower(c));
    if (len > 1) out = vietnamese_base(cp);
    if (out) {
      slug += out;
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (slug.size() > 48) {
    slug.resize(48);
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
  }
  char n[16];
  std::snprintf(n, sizeof n, "%02zu-", index + 1);
  return n + (slug.empty() ? std::string("scene") : slug) + ".png";
}

namespace {

using Clock = std::chrono::steady_clock;

ViewInputs base_view(const ExportOptions& opt, const AppData& data) {
  ViewInputs in;
  in.pixel_scale = export_pixel_scale(opt.width, opt.height, opt.dpi.value_or(0));
  in.timeline = &data.timeline;
  in.user_layers = &data.user_layers;
  return in;
}

int gate_index(const AppData& data, const std::string& id) {
  for (size_t i = 0; i < data.scene.gates.size(); ++i)
    if (!id.empty() && data.scene.gates[i].id == id) return static_cast<int>(i);
  return -1;
}

// One PNG per scene: its view, layers (a scene without them keeps the previous scene's, as on the
// wall), title, selected gate and date (a range at its last date; none: the data's as-of date).
void export_pictures(const ExportOptions& opt, const AppData& data, const std::vector<PlaylistScene>& scenes) {
  std::vector<std::string> names;
  for (size_t i = 0; i < scenes.size(); ++i) names.push_back(scene_file_name(i, scenes[i].title));
  exporter::FrameDirectory dir(opt.out_dir, names, opt.force);
  render::HeadlessContext ctx;
  render::Renderer renderer(data.scene);
  const ExportBackend backend = full_export_backend();
  geo::LayerSet layers = geo::LayerSet::all();
  const auto t0 = Clock::now();
  for (size_t i = 0; i < scenes.size(); ++i) {
    const PlaylistScene& sc = scenes[i];
    if (sc.layers) layers = *sc.layers;
    ViewInputs view = base_view(opt, data);
    view.camera = geo::fit_bbox(sc.bbox ? *sc.bbox : default_bbox(data.scene), opt.width, opt.height);
    view.layers = layers;
    view.title = sc.title;
    view.selected_gate = gate_index(data, sc.select);
    view.card_gate = view.selected_gate;  // the gate's card, large, as on the wall
    ExportOptions one = opt;
    one.out = dir.frame_path(names[i]).string();
    one.out_dir.clear();
    one.date = sc.to ? sc.to : sc.date ? sc.date : default_date(data.timeline);
    if (sc.strip()) {  // the frontier strip, as `export --view strip --from --to` draws it
      one.view = ExportView::strip;
      one.date.reset();
      one.from = sc.from, one.to = sc.to;
    }
    one.layers = layers;
    one.title = sc.title;
    one.force = true;  // the folder's names were checked (FrameDirectory) before anything was written
    dir.frame_starting(names[i]);
    export_view_with(one, data, renderer, view, backend);
    dir.frame_written(names[i]);
  }
  dir.commit();
  if (std::getenv("GATEMAP_TIMING"))
    std::fprintf(stderr, "timing (ms): %zu pictures %.1f, %.1f a picture\n", scenes.size(),
                 std::chrono::duration<double, std::milli>(Clock::now() - t0).count(),
                 std::chrono::duration<double, std::milli>(Clock::now() - t0).count() / scenes.size());
}

// A strip scene's frame in the video: the strip over the scene's from/to (default: the data's
// span), its gate's column highlighted, as the wall draws it.
render::FrameSnapshot scene_strip_frame(const AppData& data, const ExportOptions& opt, const ViewInputs& in,
                                        const PlaylistScene& sc, const std::vector<geo::DistrictStretch>& stretches) {
  StripInputs s;
  s.width = opt.width, s.height = opt.height;
  s.pixel_scale = in.pixel_scale;
  s.layers = in.layers;
  s.title = in.title;
  s.from = sc.from, s.to = sc.to;
  s.stretches = stretches;
  s.hovered_gate = in.selected_gate;
  return make_strip_frame(data.scene, data.timeline, s);
}

// The presentation as the wall plays it, at opt.fps: each scene for its seconds, the camera
// flying and the date animating over its transition.
void export_video(const ExportOptions& opt, const AppData& data, std::vector<PlaylistScene> scenes) {
  double total_s = 0;
  for (const PlaylistScene& s : scenes) total_s += s.seconds;
  const long frames = std::lround(std::ceil(total_s * opt.fps));
  exporter::VideoOptions vo;
  vo.fps = opt.fps;
  vo.metadata = {{"title", scenes.front().title.empty() ? "gatemap scenes" : scenes.front().title},
                 {"comment", "gatemap " GATEMAP_VERSION ", " + data_version() + ", " + std::to_string(scenes.size()) +
                                 " scenes of " + opt.scenes}};
  exporter::VideoWriter video;
  video.open(opt.out, opt.width, opt.height, vo, opt.force);
  render::HeadlessContext ctx;
  render::Renderer renderer(data.scene);
  exporter::StripRenderer strips;
  WallPlayer player(std::move(scenes), default_bbox(data.scene), default_date(data.timeline));
  const std::vector<geo::DistrictStretch> stretches = load_district_stretches(data.dir);
  ViewState v;
  v.camera = geo::fit_bbox(default_bbox(data.scene), opt.width, opt.height);
  v.time.date = default_date(data.timeline);
  for (long k = 0; k < frames; ++k) {
    const double t = static_cast<double>(k) / opt.fps;
    const PlayerStep step = player.step(t);
    apply_player_step(step, v, t);
    if (step.entered) v.selected_gate = gate_index(data, step.scene->select);
    update_fly(v, t);
    ViewInputs in = base_view(opt, data);
    in.camera = v.camera;
    in.layers = v.layers;
    in.date = v.time.date;
    in.title = *step.title;
    in.selected_gate = v.selected_gate;
    in.card_gate = v.selected_gate;
    in.time_s = t;
    const render::FrameSnapshot frame =
        step.scene->strip() ? scene_strip_frame(data, opt, in, *step.scene, stretches) : make_frame(data.scene, in);
    strips.render_strips(renderer, frame, [&](const uint8_t* rows, int n, size_t stride) {
      video.write_rows_bottom_up(rows, n, stride);
    });
  }
  video.finish();
}

}  // namespace

int run_scenes_export(const ExportOptions& opt) {
  const std::optional<ImageFormat> format = opt.out.empty() ? std::optional(ImageFormat::png) : format_of_path(opt.out);
  if (!opt.out.empty() && !(format && is_video(*format))) {
    std::cerr << "gatemap export: --scenes writes a picture per scene into --out-dir DIR, or the whole presentation "
                 "as a video (--out FILE.mp4 or .webm), not '"
              << opt.out << "'\n";
    return kExitUsage;
  }
  if (opt.date || opt.from || opt.to || opt.bbox) {
    std::cerr << "gatemap export: --scenes: each scene gives its own view and dates; leave out --date, --from, --to "
                 "and --bbox\n";
    return kExitUsage;
  }
  std::vector<PlaylistScene> scenes;
  AppData data;
  try {
    scenes = load_playlist(opt.scenes);
    data = load_data(opt.data_dir);
    std::vector<std::string> ids;
    for (const auto& g : data.scene.gates) ids.push_back(g.id);
    check_playlist_gates(scenes, opt.scenes, ids);
  } catch (const geo::Error& e) {
    std::cerr << "gatemap export: " << e.what() << "\n";
    return kExitFailure;
  } catch (const std::exception& e) {  // the scenes file
    std::cerr << "gatemap export: " << e.what() << "\n";
    return kExitUsage;
  }
  for (const std::string& p : data.problems) std::cerr << "warning: " << p << "\n";
  exporter::install_signal_cleanup();
  try {
    if (opt.out_dir.empty())
      export_video(opt, data, std::move(scenes));
    else
      export_pictures(opt, data, scenes);
  } catch (...) {
    return report_export_failure();
  }
  return kExitOk;
}

}  // namespace gatemap
