#include "app/window/panels/export_dialog.hpp"

#include "app/render/gl.hpp"  // glad first

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app/cli/cli.hpp"
#include "app/cli/options.hpp"
#include "app/commands/export.hpp"
#include "app/export/atomic_file.hpp"
#include "app/export/video_writer.hpp"
#include "app/render/renderer.hpp"
#include "app/view/frame_builder.hpp"

namespace gatemap::panels {

namespace {

struct Preset {
  const char* name;
  int w, h;           // 0: the window's size (or a paper size); -1: custom
  double mm_w, mm_h;  // paper, millimetres
};
constexpr Preset kPresets[] = {{"Window size", 0, 0, 0, 0},
                               {"1080p (1920×1080)", 1920, 1080, 0, 0},
                               {"4K (3840×2160)", 3840, 2160, 0, 0},
                               {"8K (7680×4320)", 7680, 4320, 0, 0},
                               {"A4 landscape at DPI", 0, 0, 297, 210},
                               {"A3 landscape at DPI", 0, 0, 420, 297},
                               {"A2 landscape at DPI", 0, 0, 594, 420},
                               {"A1 landscape at DPI", 0, 0, 841, 594},
                               {"A0 landscape at DPI", 0, 0, 1189, 841},
                               {"Custom", -1, -1, 0, 0}};
constexpr int kPresetCount = static_cast<int>(sizeof kPresets / sizeof kPresets[0]);
constexpr Step kSteps[] = {Step::day, Step::week, Step::month};  // the Combo's items

const Preset& preset_at(int i) { return kPresets[std::clamp(i, 0, kPresetCount - 1)]; }
bool is_paper(int i) { return preset_at(i).mm_w > 0; }

std::string size_text(int w, int h) { return std::to_string(w) + "×" + std::to_string(h); }

const ImVec4 kError(0.75f, 0.1f, 0.1f, 1), kWarning(0.7f, 0.35f, 0, 1), kDone(0.1f, 0.45f, 0.15f, 1);

}  // namespace

std::string default_pictures_dir() {
  const char* env_home = std::getenv("HOME");
  const std::string home = env_home && *env_home ? env_home : ".";
  if (const char* d = std::getenv("XDG_PICTURES_DIR"); d && *d) return d;
  const char* cfg = std::getenv("XDG_CONFIG_HOME");
  const std::filesystem::path dirs = std::filesystem::path(cfg && *cfg ? cfg : home + "/.config") / "user-dirs.dirs";
  std::ifstream in(dirs);
  for (std::string line; std::getline(in, line);) {
    // XDG_PICTURES_DIR="$HOME/Pictures" (the format xdg-user-dirs-update writes)
    const std::string key = "XDG_PICTURES_DIR=\"";
    if (line.rfind(key, 0) != 0 || line.size() < key.size() + 1 || line.back() != '"') continue;
    std::string value = line.substr(key.size(), line.size() - key.size() - 1);
    if (value.rfind("$HOME", 0) == 0) value = home + value.substr(5);
    if (!value.empty() && value[0] == '/') return value;
  }
  return home + "/Pictures";
}

ExportDialog::ExportDialog() = default;

std::string ExportDialog::destination(const char* name) const {
  const std::filesystem::path n(name);
  if (n.is_absolute() || !*out_dir) return n.string();
  return (std::filesystem::path(out_dir) / n).string();
}
ExportDialog::~ExportDialog() = default;

void ExportDialog::output_size(int fb_width, int fb_height, int& w, int& h) const {
  const Preset& p = preset_at(preset);
  if (p.w < 0) {
    w = width, h = height;
  } else if (p.mm_w > 0) {
    w = static_cast<int>(std::lround(p.mm_w / 25.4 * dpi));
    h = static_cast<int>(std::lround(p.mm_h / 25.4 * dpi));
  } else if (p.w == 0) {
    w = fb_width, h = fb_height;
  } else {
    w = p.w, h = p.h;
  }
  // Larger than the GPU's viewport, pictures are drawn in tiles (map_export.hpp); a video says
  // what its encoder takes.
  w = std::clamp(w, 16, exporter::kMaxImageSide);
  h = std::clamp(h, 16, exporter::kMaxImageSide);
}

std::vector<geo::Date> ExportDialog::range_dates() const {
  if (!*from || !*to) throw UsageError("give the first and the last date of the time-lapse (YYYY-MM-DD)");
  auto parse = [](const char* name, const char* text) {
    try {
      return parse_date(text);
    } catch (const geo::ValueError& e) {
      throw UsageError(e.said_of(name));
    }
  };
  const geo::Date f = parse("From", from), t = parse("To", to);
  if (t < f) throw UsageError("To " + t.iso() + " is before From " + f.iso());
  const Step s = kSteps[std::clamp(step, 0, 2)];
  // As timelapse_dates() would count them, without making a huge list first.
  const long approx = s == Step::day ? t - f : s == Step::week ? (t - f) / 7 : (t - f) / 28;
  if (approx > static_cast<long>(kMaxTimelapseFrames))
    throw UsageError("the range gives more than " + std::to_string(kMaxTimelapseFrames) +
                     " frames; choose a larger step");
  std::vector<geo::Date> dates = timelapse_dates(f, t, s);
  if (dates.size() > kMaxTimelapseFrames)
    throw UsageError("the range gives " + std::to_string(dates.size()) + " frames; choose a larger step");
  return dates;
}

std::string ExportDialog::range_note(const AppData& data) const {
  const auto span = data.timeline.span();
  if (!span) return {};
  try {
    if (parse_date(from) >= span->first && parse_date(to) <= span->last) return {};
  } catch (const geo::ValueError&) {
    return {};  // range_dates() says what is wrong
  }
  return "The data's dates run from " + span->first.iso() + " to " + span->last.iso() +
         ": statuses are unknown before and held \"as of\" after them.";
}

void ExportDialog::fill_default_dates(const ExportContext& c) {
  if (*from || *to) return;
  std::optional<geo::Date> f, t;
  if (auto span = c.data.timeline.span())
    f = span->first, t = span->last;
  else if (c.view.time.date)
    f = c.view.time.date->add_months(-6), t = c.view.time.date->add_months(6);
  if (!f) return;
  std::snprintf(from, sizeof from, "%s", f->iso().c_str());
  std::snprintf(to, sizeof to, "%s", t->iso().c_str());
}

std::string ExportDialog::progress() const {
  if (!job_) return {};
  const size_t n = job_->frames_rendered();
  if (n == 0) return "frame 0 / " + std::to_string(job_->frame_count()) + ", starting";
  std::string s =
      "frame " + std::to_string(n) + " / " + std::to_string(job_->frame_count()) + ", " + job_->dates()[n - 1].iso();
  if (finishing_ && job_->is_video()) s += " (ffmpeg is finishing the video)";
  return s;
}

// The view of the window at the output's size: the same extent, layers and title, with the
// layout scaled to the output (the rule of `gatemap export` and of a still from the window).
static ViewInputs view_for_export(const ExportContext& c, const ExportDialog& d, int w, int h) {
  const ViewState& v = c.view;
  ViewInputs in;
  in.timeline = &c.data.timeline;
  in.user_layers = &c.data.user_layers;
  in.date = v.time.date;
  in.layers = v.layers;
  in.title = d.title;
  const double k =
      std::min(static_cast<double>(w) / std::max(1, c.fb_width), static_cast<double>(h) / std::max(1, c.fb_height));
  in.camera = v.camera;
  in.camera.width_px = w;
  in.camera.height_px = h;
  in.camera.m_per_px = v.camera.m_per_px / k;
  in.legend_band = v.legend_band;  // the window's legend beside the map, if it has one
  in.pixel_scale = is_paper(d.preset) ? static_cast<float>(d.dpi / 96.0) : static_cast<float>(c.ui_scale * k);
  return in;
}

// What a picture and a time-lapse share: size, DPI of the paper presets, layers, title, --force.
static ExportOptions common_options(const ExportContext& c, const ExportDialog& d, int w, int h, bool force) {
  ExportOptions eo;
  eo.width = w;
  eo.height = h;
  if (is_paper(d.preset)) eo.dpi = d.dpi;
  eo.layers = c.view.layers;
  eo.title = d.title;
  eo.force = force;
  return eo;
}

void ExportDialog::start(const ExportContext& c, bool force) {
  if (job_) return;
  confirm_path_.clear();
  result_.clear();
  result_ok_ = false;
  int w = 0, h = 0;
  output_size(c.fb_width, c.fb_height, w, h);
  if (kind != picture) {
    std::vector<geo::Date> dates;
    try {
      dates = range_dates();
    } catch (const UsageError&) {
      return;  // the fields say why (draw_time_range): not said a second time as a result
    }
    start_timelapse(c, force, dates);
    return;
  }
  result_kind_ = kind;
  const std::string path = destination(picture_path);
  std::error_code ec;
  if (!force && std::filesystem::exists(path, ec)) {
    confirm_path_ = path;
    return;
  }
  ExportOptions eo = common_options(c, *this, w, h, force);
  eo.out = path;
  eo.date = c.view.time.date;
  try {
    if (path != picture_path) std::filesystem::create_directories(out_dir);  // ~/Pictures may not exist yet
    export_view(eo, c.data, c.renderer, view_for_export(c, *this, w, h));
    result_ = "Wrote " + path + " (" + size_text(w, h) + ")";
    result_ok_ = true;
  } catch (const std::exception& e) {
    result_ = std::string("Export failed: ") + e.what();
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void ExportDialog::start_timelapse(const ExportContext& c, bool force, const std::vector<geo::Date>& dates) {
  int w = 0, h = 0;
  output_size(c.fb_width, c.fb_height, w, h);
  ExportOptions eo = common_options(c, *this, w, h, force);
  result_kind_ = kind;
  if (kind == video)
    eo.out = destination(video_path);
  else
    eo.out_dir = destination(folder_path);
  eo.from = dates.front();
  eo.to = dates.back();
  eo.step = kSteps[std::clamp(step, 0, 2)];
  eo.fps = std::clamp(fps, 1, 240);
  job_what_ = kind == video ? eo.out : eo.out_dir;
  try {
    if ((kind == video ? eo.out : eo.out_dir) != (kind == video ? video_path : folder_path))
      std::filesystem::create_directories(out_dir);
    job_ = std::make_unique<TimelapseExport>(eo, c.data, view_for_export(c, *this, w, h), dates);
    finishing_ = false;
  } catch (const exporter::ExportError& e) {
    if (e.kind() == exporter::ExportError::Kind::exists && !force)
      confirm_path_ = e.path().string();
    else
      result_ = std::string("Export failed: ") + e.what();
  } catch (const std::exception& e) {
    result_ = std::string("Export failed: ") + e.what();
  }
}

void ExportDialog::advance(const ExportContext& c) {
  if (!job_) return;
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  try {
    if (finishing_) {
      job_->finish();
      const std::vector<geo::Date>& d = job_->dates();
      const std::string range =
          d.front().iso() + " to " + d.back().iso() + " by " + to_string(kSteps[std::clamp(step, 0, 2)]);
      int w = 0, h = 0;
      output_size(c.fb_width, c.fb_height, w, h);
      result_ = job_->is_video()
                    ? "Wrote " + job_what_ + ": " + std::to_string(d.size()) + " frames, " + range + ", " +
                          std::to_string(std::clamp(fps, 1, 240)) + " fps, " + size_text(w, h)
                    : "Wrote " + std::to_string(d.size()) + " frames to " + job_what_ + " (" + d.front().iso() +
                          ".png … " + d.back().iso() + ".png, " + range + ", " + size_text(w, h) + ")";
      result_ok_ = true;
      job_.reset();
      return;
    }
    // At least one frame per window frame, more while they are quick (small sizes), so that the
    // window keeps drawing and reacting to Cancel between them.
    do {
      job_->render_next(c.renderer);
    } while (!job_->all_rendered() && Clock::now() - t0 < std::chrono::milliseconds(25));
    finishing_ = job_->all_rendered();
  } catch (const std::exception& e) {
    result_ =
        std::string("Export failed: ") + e.what() + (job_->is_video() ? "" : " (the frames written were removed)");
    result_ok_ = false;
    job_.reset();  // the writers remove the temporary video or the frames written
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void ExportDialog::cancel() {
  if (!job_) return;
  const size_t done = job_->frames_rendered(), n = job_->frame_count();
  const bool was_video = job_->is_video();
  job_.reset();  // as a failed export: no video, and the frames written are removed
  result_ = "Cancelled after " + std::to_string(done) + " of " + std::to_string(n) +
            " frames: " + (was_video ? "no video written" : "the frames written were removed");
  result_ok_ = true;  // not an error: shown in the colour of a finished export
  finishing_ = false;
}

bool ExportDialog::draw_time_range(const ExportContext& c) {
  const float field = ImGui::GetFontSize() * 6.5f;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("From");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field);
  ImGui::InputText("##from", from, sizeof from);
  ImGui::SameLine();
  ImGui::TextUnformatted("to");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field);
  ImGui::InputText("##to", to, sizeof to);
  ImGui::SameLine();
  if (ImGui::Button("Data's dates")) {
    *from = *to = '\0';
    fill_default_dates(c);
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("One frame a");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field);
  ImGui::Combo("##step", &step, "day\0week\0month\0");
  if (kind == video) {
    ImGui::SameLine();
    ImGui::TextUnformatted("played at");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(field);
    ImGui::InputInt("##fps", &fps);
    fps = std::clamp(fps, 1, 240);
    ImGui::SameLine();
    ImGui::TextUnformatted("frames per second");
  }
  std::vector<geo::Date> dates;
  try {
    dates = range_dates();
  } catch (const UsageError& e) {
    ImGui::PushStyleColor(ImGuiCol_Text, kError);
    ImGui::TextWrapped("%s", e.what());
    ImGui::PopStyleColor();
  }
  if (dates.empty()) {
    // said above
  } else if (kind == video) {
    ImGui::TextDisabled("%zu frames (both ends included), %.1f s at %d fps", dates.size(),
                        static_cast<double>(dates.size()) / fps, fps);
  } else {
    ImGui::TextDisabled("%zu files, %s.png … %s.png", dates.size(), dates.front().iso().c_str(),
                        dates.back().iso().c_str());
  }
  if (std::string note = range_note(c.data); !note.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarning);
    ImGui::TextWrapped("%s", note.c_str());
    ImGui::PopStyleColor();
  }
  return !dates.empty();
}

void ExportDialog::draw_running() {
  const float fraction = job_->frame_count()
                             ? static_cast<float>(job_->frames_rendered()) / static_cast<float>(job_->frame_count())
                             : 0.0f;
  const std::string text = progress();
  ImGui::TextWrapped("Writing %s", job_what_.c_str());
  ImGui::ProgressBar(fraction, ImVec2(-1, 0), text.c_str());
  if (ImGui::Button("Cancel")) cancel();
  ImGui::SameLine();
  ImGui::TextDisabled("the map stays live; cancelling leaves no file");
}

void ExportDialog::draw(const ExportContext& c) {
  ViewState& v = c.view;
  if (!v.show_export && !job_) return;
  fill_default_dates(c);
  if (!*out_dir) std::snprintf(out_dir, sizeof out_dir, "%s", default_pictures_dir().c_str());
  // A fixed width, and the height of what is shown (the fields change with the kind of export).
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 36, 0), ImGuiCond_Always);
  // While a time-lapse runs the window cannot be closed (its Cancel button stops it).
  if (!ImGui::Begin("Export", job_ ? nullptr : &v.show_export)) {
    ImGui::End();
    return;
  }
  const bool running = job_ != nullptr;
  ImGui::BeginDisabled(running);
  ImGui::RadioButton("Picture", &kind, picture);
  ImGui::SameLine();
  ImGui::RadioButton("Time-lapse video", &kind, video);
  ImGui::SameLine();
  ImGui::RadioButton("Time-lapse frames", &kind, frames);
  ImGui::InputText("In folder", out_dir, sizeof out_dir);
  if (kind == picture)
    ImGui::InputText("File (.png / .tif)", picture_path, sizeof picture_path);
  else if (kind == video)
    ImGui::InputText("File (.mp4 / .webm)", video_path, sizeof video_path);
  else
    ImGui::InputText("Frames folder", folder_path, sizeof folder_path);
  const std::string dest = destination(kind == picture ? picture_path : kind == video ? video_path : folder_path);
  ImGui::PushTextWrapPos(0);
  std::error_code abs_ec;
  const std::filesystem::path full = std::filesystem::absolute(dest, abs_ec).lexically_normal();
  ImGui::TextDisabled("Writes %s", (abs_ec ? std::filesystem::path(dest) : full).c_str());
  ImGui::PopTextWrapPos();
  ImGui::InputText("Title", title, sizeof title);
  std::string names;
  for (const Preset& p : kPresets) names += std::string(p.name) + '\0';
  ImGui::Combo("Size", &preset, names.c_str());
  const Preset& p = preset_at(preset);
  if (p.mm_w > 0) ImGui::SliderInt("DPI", &dpi, 72, 600);
  if (p.w < 0) {
    ImGui::InputInt("Width", &width);
    ImGui::InputInt("Height", &height);
  }
  int w = 0, h = 0;
  output_size(c.fb_width, c.fb_height, w, h);
  bool dates_ok = true;
  if (kind == picture) {
    ImGui::TextDisabled("%d × %d pixels · the current view, layers and date", w, h);
  } else {
    ImGui::TextDisabled("%d × %d pixels · the current view and layers, one frame per date", w, h);
    dates_ok = draw_time_range(c);
  }
  std::string ffmpeg_missing;
  if (kind == video && exporter::find_program("ffmpeg").empty()) ffmpeg_missing = exporter::program_missing_message();
  if (!ffmpeg_missing.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kError);
    ImGui::TextWrapped("%s. Videos cannot be made; time-lapse frames (PNG) can.", ffmpeg_missing.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::BeginDisabled(!ffmpeg_missing.empty() || confirming_overwrite() || !dates_ok);
  if (ImGui::Button("Export")) start(c, false);
  ImGui::EndDisabled();
  ImGui::EndDisabled();

  if (confirming_overwrite()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarning);
    ImGui::TextWrapped(kind == frames ? "%s already exists (and maybe more frames of this range). Overwrite them?"
                                      : "%s exists. Overwrite it?",
                       confirm_path_.c_str());
    ImGui::PopStyleColor();
    if (ImGui::Button("Overwrite")) start(c, true);
    ImGui::SameLine();
    if (ImGui::Button("Keep it")) confirm_path_.clear();
  }
  if (running) draw_running();
  if (!result_.empty() && !running && result_kind_ == kind) {  // a message stays on its own tab
    ImGui::PushStyleColor(ImGuiCol_Text, result_ok_ ? kDone : kError);
    ImGui::TextWrapped("%s", result_.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::End();
}

}  // namespace gatemap::panels
