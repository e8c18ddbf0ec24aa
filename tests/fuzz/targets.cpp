// The fuzz targets (targets.hpp): each feeds the bytes to the real parsers, exactly as a planner's
// file or a user's option reaches them, and then uses what was loaded the way the program does.
//
// Data files are handed to GDAL's file layer as /vsimem/ files (no disk I/O per input): `gatemap
// check` (geo::check_path) and the loader of that kind of file (geo::load_gates, geo::load_timeline,
// geo::read_checked_vector) both read them, against ids of the default data in data/, as for a
// planner's file loaded on top of it. The scenes file is read by load_playlist from a real file (it
// reads through std::ifstream).
#include "tests/fuzz/targets.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/cli/options.hpp"
#include "app/view/playlist.hpp"
#include "geo/check.hpp"
#include "geo/csv.hpp"
#include "geo/error.hpp"
#include "geo/gates.hpp"
#include "geo/timeline.hpp"
#include "geo/vector_io.hpp"
#include "geo/view.hpp"

namespace gatemap::fuzz {

namespace {

// A broken invariant of what a parser returned: a crash, so that libFuzzer keeps the input.
void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

// The default data's small files that ids are resolved against, copied into /vsimem/ once.
const char* const kDefaultDir = "/vsimem/gatemap-fuzz/default";

struct Defaults {
  geo::CheckContext ctx;
  geo::KnownIds ids;                  // as for a planner's file: ids to resolve and built-in gate ids
  geo::TimelineOptions timeline;      // the default data's gate ids (rebuild_timeline's options)
  std::string groups;                 // the default groups.csv in /vsimem/
  std::string empty_pairs;            // a gate_pairs file with its header only (a planner's gates)
  std::vector<std::string> contents;  // keeps the /vsimem/ files' bytes alive
};

const Defaults& defaults() {
  static const Defaults d = [] {
    Defaults out;
    geo::ensure_gdal();
    CPLSetErrorHandler(CPLQuietErrorHandler);  // GDAL's messages reach us through the exceptions
    out.contents.reserve(4);                   // no reallocation: /vsimem/ points into these strings
    for (const char* name : {"gate_pairs.csv", "gates.csv", "groups.csv"}) {
      out.contents.push_back(geo::read_text_file(std::string(GATEMAP_SOURCE_DIR) + "/data/" + name));
      const std::string& text = out.contents.back();
      geo::register_memory_file(std::string(kDefaultDir) + "/" + name,
                                std::as_bytes(std::span<const char>(text.data(), text.size())));
    }
    out.groups = std::string(kDefaultDir) + "/groups.csv";
    out.contents.push_back("pair_id,name_vi,name_zh,name_zh_status,name_en,kind,district,source\n");
    out.empty_pairs = "/vsimem/gatemap-fuzz/empty_pairs.csv";
    geo::register_memory_file(out.empty_pairs, std::as_bytes(std::span<const char>(out.contents.back())));
    out.ctx.default_data_dir = kDefaultDir;
    out.ctx.default_data_shown_as = "data";
    const geo::GateLoadResult gates =
        geo::load_gates(std::string(kDefaultDir) + "/gates.csv", std::string(kDefaultDir) + "/gate_pairs.csv");
    out.ids.checked = true;
    out.ids.context = {"cb_ta_lung"};
    for (const geo::GatePair& g : gates.pairs) {
      out.ids.pairs.insert(g.id);
      out.timeline.gate_ids.push_back(g.id);
      for (const geo::GatePoint& p : g.rows) out.ids.builtin_gate_ids.insert(p.row_id);
    }
    out.timeline.context_ids = {"cb_ta_lung"};
    out.timeline.gate_files = {"data/gate_pairs.csv", "data/gates.csv"};
    return out;
  }();
  return d;
}

// The input as a /vsimem/ file for the time of one run.
class MemoryFile {
 public:
  MemoryFile(const char* name, const std::uint8_t* data, std::size_t size)
      : path_(std::string("/vsimem/gatemap-fuzz/input/") + name) {
    VSILFILE* fp = VSIFileFromMemBuffer(path_.c_str(), const_cast<GByte*>(data), size, FALSE);
    if (fp) VSIFCloseL(fp);
  }
  ~MemoryFile() { VSIUnlink(path_.c_str()); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// `gatemap check FILE`: every problem formatted as the command prints it.
void check(const std::string& path) {
  const geo::CheckReport report = geo::check_path(path, defaults().ctx, "input");
  for (const geo::CheckProblem& p : report.problems) require(!geo::format_problem(p).empty(), "empty problem line");
  require(report.errors() + report.warnings() == static_cast<int>(report.problems.size()), "problem counts");
  (void)report.summary();
}

void report_lines(const geo::LoadReport& r) {
  for (const std::string& line : r.lines()) require(!line.empty(), "empty skipped-row line");
}

// ---- Data files as CSV -----------------------------------------------------------------------

void gates_csv(const std::uint8_t* data, std::size_t size) {
  const MemoryFile in("gates.csv", data, size);
  check(in.path());
  try {
    // A planner's gates: the pairs come from its rows, with an empty gate_pairs file, as
    // app/data/user_data.cpp loads them.
    const geo::GateLoadResult r = geo::load_gates(in.path(), defaults().empty_pairs, defaults().ids);
    report_lines(r.report);
    for (const geo::GatePair& g : r.pairs) {
      if (const auto a = g.anchor())
        require(a->lon >= geo::kMapLonMin && a->lon <= geo::kMapLonMax && a->lat >= geo::kMapLatMin &&
                    a->lat <= geo::kMapLatMax,
                "a loaded gate lies outside the map area");
    }
  } catch (const geo::Error&) {
  }
}

// What the program asks of a loaded time model: statuses and transitions over the data's span,
// the event ticks, every flow series and trade figure it holds.
void use_timeline(const geo::Timeline& t) {
  report_lines(t.load_report());
  std::vector<geo::Date> days = {geo::Date::from_ymd(2020, 1, 1)};
  if (const auto span = t.span()) days.insert(days.end(), {span->first, span->last, span->last.add_days(1)});
  std::vector<geo::GateStatus> statuses;
  for (const geo::Date d : days) {
    t.statuses_at(d, statuses);
    (void)t.transitions(d, 400);
    (void)t.next_event_date(d);
    (void)t.prev_event_date(d);
  }
  for (const std::string& g : t.gate_ids()) {
    for (const geo::Transition& tr : t.changes_of(g)) (void)tr.label();
    if (const auto span = t.span()) (void)t.annotations(g, span->first, span->last);
  }
  for (const geo::FlowRow& f : t.flows())
    for (const geo::Date d : {f.first(), f.end, f.end.add_days(10)}) {
      (void)t.flow_at(f.gate_id, f.metric, d);
      (void)t.latest_flow(f.gate_id, f.metric, d);
      (void)t.interpolated_flow(f.gate_id, f.metric, d);
    }
  for (const geo::TradeRow& r : t.trade())
    for (const auto kind : {geo::Period::Kind::month, geo::Period::Kind::quarter, geo::Period::Kind::year})
      (void)t.trade_for_period(r.scope, r.metric, geo::Period::containing(kind, r.start), r.basis);
}

// One events, flows or trade file loaded on top of the default groups, with the default gate ids.
template <std::vector<std::string> geo::TimelineFiles::*kind>
void timeline_csv(const char* name, const std::uint8_t* data, std::size_t size) {
  const MemoryFile in(name, data, size);
  check(in.path());
  try {
    geo::TimelineFiles files;
    files.groups = {defaults().groups};
    (files.*kind).push_back(in.path());
    use_timeline(geo::load_timeline(files, defaults().timeline));
  } catch (const geo::Error&) {
  }
}

void events_csv(const std::uint8_t* d, std::size_t n) { timeline_csv<&geo::TimelineFiles::events>("events.csv", d, n); }
void flows_csv(const std::uint8_t* d, std::size_t n) { timeline_csv<&geo::TimelineFiles::flows>("flows.csv", d, n); }
void trade_csv(const std::uint8_t* d, std::size_t n) { timeline_csv<&geo::TimelineFiles::trade>("trade.csv", d, n); }

// ---- Data files as GeoJSON -------------------------------------------------------------------

// A planner's GeoJSON (of any schema: the target names only which seeds it starts from): check,
// then the loader of the Your data panel, which reads it through OGR and drops what check rejects.
void geojson(const char* name, const std::uint8_t* data, std::size_t size) {
  const MemoryFile in(name, data, size);
  check(in.path());
  try {
    const geo::CheckedVector v = geo::read_checked_vector(in.path(), {}, defaults().ids);
    report_lines(v.report);
    for (const geo::Feature& f : v.layer.features)
      for (const geo::LonLat& p : f.points)
        require(std::isfinite(p.lon) && std::isfinite(p.lat), "a loaded point is not finite");
  } catch (const geo::Error&) {
  }
}

void gates_geojson(const std::uint8_t* d, std::size_t n) { geojson("gates.geojson", d, n); }
void events_geojson(const std::uint8_t* d, std::size_t n) { geojson("events.geojson", d, n); }
void flows_geojson(const std::uint8_t* d, std::size_t n) { geojson("flows.geojson", d, n); }
void trade_geojson(const std::uint8_t* d, std::size_t n) { geojson("trade.geojson", d, n); }

// ---- The scenes file (run --scenes) ----------------------------------------------------------

// A file of this process's own (load_playlist reads a path), removed at exit.
struct ScenesFile {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("gatemap-fuzz-scenes-" + std::to_string(::getpid()) + ".json");
  ~ScenesFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

void scenes(const std::uint8_t* data, std::size_t size) {
  static const ScenesFile file;
  std::FILE* f = std::fopen(file.path.c_str(), "wb");
  require(f != nullptr, "cannot write the scenes file");
  require(std::fwrite(data, 1, size, f) == size, "cannot write the scenes file");
  std::fclose(f);
  try {
    const std::vector<PlaylistScene> list = load_playlist(file.path.string());
    require(!list.empty(), "an empty playlist was accepted");
    for (const PlaylistScene& s : list) {
      require(s.seconds >= 1 && s.seconds <= 3600, "scene seconds out of range");
      if (s.from) require(s.to && !(*s.to < *s.from), "scene range");
      if (s.bbox) (void)geo::fit_bbox(*s.bbox, 1920, 1080);
    }
    for (const double t : {0.0, 1.5, 1e6, -3.0}) {
      const PlaylistPosition p = playlist_at(list, t);
      require(p.index < list.size() && p.fraction >= 0 && p.fraction <= 1, "playlist position");
    }
  } catch (const UsageError&) {
  } catch (const std::runtime_error&) {  // cannot read, not JSON (documented)
  }
}

// ---- Option values of the command line (and the Export dialog) -------------------------------

// The first byte picks the option, the rest is its text: --date (and --from/--to of a time-lapse
// window: two dates on two lines), --bbox (then the view of that box in a W×H image, W and H taken
// from the text's length), --layers, --step, --format and the format of an --out name.
void options(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (data[0] % 6) {
      case 0: {
        const geo::Date d = parse_date(text);
        require(geo::Date::parse(d.iso()) == d && d.iso() == text, "a date does not read back");
        break;
      }
      case 1: {  // --from FROM --to TO: each a date, FROM <= TO, as run_export requires
        const std::size_t nl = text.find('\n');
        const geo::Date from = parse_date(text.substr(0, nl));
        const geo::Date to = parse_date(nl == std::string::npos ? std::string() : text.substr(nl + 1));
        require(from.year() >= 1990 && to.year() <= 2100, "a date out of its documented range was accepted");
        break;
      }
      case 2: {
        const geo::BboxLL bb = geo::parse_bbox(text);
        require(bb.lon0 < bb.lon1 && bb.lat0 < bb.lat1 && bb.lon1 - bb.lon0 <= 20 && bb.lat1 - bb.lat0 <= 20,
                "a bbox out of its documented range was accepted");
        const int w = 1 + static_cast<int>(size * 37 % 65536), h = 1 + static_cast<int>(size * 101 % 65536);
        const geo::Camera cam = geo::fit_bbox(bb, w, h);
        require(std::isfinite(cam.m_per_px) && cam.m_per_px > 0, "the view of a bbox has no scale");
        break;
      }
      case 3: (void)parse_layers(text); break;
      case 4: (void)parse_step(text); break;
      default:
        (void)parse_format(text);
        (void)format_of_path(std::filesystem::path(text));
        break;
    }
  } catch (const geo::ValueError&) {
  }
}

constexpr std::array<Target, 10> kTargets = {{
    {"gates_csv", gates_csv},
    {"events_csv", events_csv},
    {"flows_csv", flows_csv},
    {"trade_csv", trade_csv},
    {"gates_geojson", gates_geojson},
    {"events_geojson", events_geojson},
    {"flows_geojson", flows_geojson},
    {"trade_geojson", trade_geojson},
    {"scenes", scenes},
    {"options", options},
}};

}  // namespace

std::span<const Target> targets() { return kTargets; }

const Target* find_target(std::string_view name) {
  for (const Target& t : kTargets)
    if (name == t.name) return &t;
  return nullptr;
}

void init() { (void)defaults(); }

}  // namespace gatemap::fuzz
