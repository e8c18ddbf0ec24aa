#include "app/data/user_data.hpp"

#include "app/data/data_folders.hpp"

#include <cpl_vsi.h>

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "geo/check.hpp"
#include "geo/csv.hpp"
#include "geo/error.hpp"
#include "geo/gates.hpp"
#include "geo/limits.hpp"
#include "geo/projection.hpp"
#include "geo/vector_io.hpp"

namespace gatemap {

namespace fs = std::filesystem;

namespace {

bool has_ext(const std::string& path, std::initializer_list<const char*> exts) {
  std::string e = fs::path(path).extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::any_of(exts.begin(), exts.end(), [&](const char* x) { return e == x; });
}

// A planner's pair has no gate_pairs row: its names and kind come from its first rows that give them.
void name_from_rows(geo::GatePair& g) {
  for (const geo::GatePoint& p : g.rows) {
    if (g.name_vi.empty()) g.name_vi = p.name_vi;
    if (g.name_zh.empty()) g.name_zh = p.name_zh;
    if (g.kind.empty()) g.kind = p.kind_text;
  }
  if (g.name_vi.empty()) g.name_vi = g.id;
}

UserLayer load_csv(const std::string& path, const geo::KnownIds& builtin) {
  UserLayer l;
  l.path = path;
  l.name = fs::path(path).filename().string();
  geo::CsvTable t = geo::read_csv(path);
  switch (geo::detect_csv_schema(t.header)) {
    case geo::Schema::events: l.kind = UserLayer::Kind::events; break;
    case geo::Schema::flows: l.kind = UserLayer::Kind::flows; break;
    case geo::Schema::trade: l.kind = UserLayer::Kind::trade; break;
    case geo::Schema::groups: l.kind = UserLayer::Kind::groups; break;
    case geo::Schema::gates: {
      l.kind = UserLayer::Kind::gates;
      // The same loader as the default gates; no gate_pairs file: names come from the rows.
      const std::string pairs = "/vsimem/gatemap/user/empty_pairs.csv";
      static const char kHeader[] = "pair_id,name_vi,name_zh,name_zh_status,name_en,kind,district,source\n";
      VSILFILE* fp = VSIFileFromMemBuffer(pairs.c_str(), reinterpret_cast<GByte*>(const_cast<char*>(kHeader)),
                                          sizeof kHeader - 1, FALSE);
      if (fp) VSIFCloseL(fp);
      geo::GateLoadResult r = geo::load_gates(path, pairs, builtin);
      for (geo::GatePair& g : r.pairs) {
        name_from_rows(g);
        l.gates.push_back(g);
        l.pair_ids.push_back(g.id);
        for (const geo::GatePoint& p : g.rows)
          if (p.pos) l.points.push_back({*p.pos, g.id, p.name_vi, p.name_zh});
      }
      l.rows = t.rows.size();
      // Only the gates file's own rows: the empty pairs file is an implementation detail.
      for (const geo::FileLoad& f : r.report.files)
        if (f.file == t.file) l.report.files.push_back(f);
      l.report.skipped = std::move(r.report.skipped);
      return l;
    }
    default:
      throw geo::Error(path, "line 1",
                       "not a gates, events, flows, trade or groups file (see docs/data-format.md for the columns)");
  }
  l.rows = t.rows.size();
  return l;
}

UserLayer load_vector_file(const std::string& path, const std::string& layer_name, const geo::KnownIds& builtin) {
  UserLayer l;
  l.path = path;
  l.name = fs::path(path).filename().string() + (layer_name.empty() ? "" : " · " + layer_name);
  // The features `gatemap check` accepts (the others are listed in the layer's report).
  geo::CheckedVector checked = geo::read_checked_vector(path, layer_name, builtin);
  const geo::VectorLayer& v = checked.layer;
  l.report = std::move(checked.report);
  const bool gates =
      checked.schema == geo::Schema::gates || (!v.features.empty() && v.features.front().props.count("pair_id"));
  l.kind = gates ? UserLayer::Kind::gates : UserLayer::Kind::vector;
  // pair_id -> its index in l.gates (a linear search per row made 100,000 pairs quadratic)
  std::unordered_map<std::string, size_t> gate_at;
  for (const geo::Feature& f : v.features) {
    if (gates && !f.prop("pair_id").empty() && gate_at.emplace(f.prop("pair_id"), l.gates.size()).second) {
      l.pair_ids.push_back(f.prop("pair_id"));
      geo::GatePair g;
      g.id = f.prop("pair_id");
      g.name_vi = f.prop("name_vi");
      g.name_zh = f.prop("name_zh");
      g.kind = f.prop("kind");
      g.district = f.prop("district");
      l.gates.push_back(std::move(g));
    }
    if (gates && !f.prop("pair_id").empty()) {
      geo::GatePair& g = l.gates[gate_at.at(f.prop("pair_id"))];
      geo::GatePoint pt;
      pt.row_id = f.prop("id");
      pt.side = f.prop("side") == "VN" ? geo::Side::vn : f.prop("side") == "CN" ? geo::Side::cn : geo::Side::border;
      pt.name_vi = f.prop("name_vi");
      pt.name_zh = f.prop("name_zh");
      if (!f.points.empty()) pt.pos = f.points.front();
      pt.confidence = geo::parse_confidence(f.prop("confidence")).value_or(geo::Confidence::not_found);
      pt.source = f.prop("source");
      auto& slot = pt.side == geo::Side::vn ? g.vn : pt.side == geo::Side::cn ? g.cn : g.crossing;
      if (!slot) slot = pt;
      g.rows.push_back(std::move(pt));
      name_from_rows(g);
    }
    for (const geo::LonLat& p : f.points) {
      const std::string& n1 = !f.prop("name_vi").empty() ? f.prop("name_vi") : f.prop("name");
      l.points.push_back({p, f.prop("pair_id"), n1, f.prop("name_zh")});
    }
    for (const geo::Polyline& line : f.lines) l.lines.push_back(line);
    for (const geo::Polygon& poly : f.polygons)
      for (const geo::Ring& r : poly) l.lines.push_back(r);
  }
  l.rows = v.features.size();
  return l;
}

}  // namespace

geo::KnownIds builtin_ids(const geo::Scene& scene) {
  geo::KnownIds ids;
  for (const geo::GatePair& g : scene.gates)
    for (const geo::GatePoint& p : g.rows) ids.builtin_gate_ids.insert(p.row_id);
  return ids;
}

std::vector<UserLayer> load_user_files(const std::string& path, const geo::KnownIds& builtin) {
  // Every file system call takes an error_code: a symlink loop or an unreadable entry is a message
  // naming the path, never an exception from std::filesystem.
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    if (!ec || ec == std::errc::no_such_file_or_directory) throw geo::Error(path, "", "file not found");
    throw geo::Error(path, "", "cannot read: " + ec.message());
  }
  std::vector<UserLayer> out;
  if (fs::is_directory(st)) {
    auto bad_layer = [&](const std::string& f, const std::string& problem) {
      UserLayer bad;
      bad.path = f;
      bad.name = fs::path(f).filename().string();
      bad.visible = false;
      bad.problems.push_back(problem);
      out.push_back(std::move(bad));
    };
    std::vector<std::string> files;
    std::vector<std::pair<std::string, std::string>> unreadable;  // path, problem
    fs::directory_iterator it(path, ec), end;
    if (ec) throw geo::Error(path, "", "cannot read the folder: " + ec.message());
    for (; it != end; it.increment(ec)) {
      if (ec) throw geo::Error(path, "", "cannot read the folder: " + ec.message());
      const std::string f = it->path().string();
      if (!is_data_file_name(f)) continue;
      std::error_code fec;
      const bool regular = it->is_regular_file(fec);
      if (fec)
        unreadable.emplace_back(f, geo::Error(f, "", "cannot read: " + fec.message()).what());
      else if (regular)
        files.push_back(f);
    }
    if (ec) throw geo::Error(path, "", "cannot read the folder: " + ec.message());
    std::sort(files.begin(), files.end());
    // A folder is loaded whole, as one file is: its files together stay within the limits.
    geo::refuse_oversized_folder(path, files);
    size_t rows = 0;
    for (const std::string& f : files) {
      try {
        for (UserLayer& l : load_user_files(f, builtin)) {
          rows += l.rows;
          out.push_back(std::move(l));
        }
      } catch (const geo::Error& e) {
        bad_layer(f, e.what());
      }
      if (rows > geo::input_limits().rows)
        throw geo::Error(path, "",
                         "the folder's files hold too many rows and features together " +
                             geo::limit_text(geo::input_limits().rows, "rows"));
    }
    std::sort(unreadable.begin(), unreadable.end());
    for (const auto& [f, problem] : unreadable) bad_layer(f, problem);
    if (out.empty()) throw geo::Error(path, "", "the folder holds no .csv, .geojson or .gpkg file");
    return out;
  }
  if (has_ext(path, {".csv"})) {
    out.push_back(load_csv(path, builtin));
  } else if (has_ext(path, {".gpkg"})) {
    for (const std::string& name : geo::vector_layer_names(path)) out.push_back(load_vector_file(path, name, builtin));
  } else if (has_ext(path, {".geojson", ".json"})) {
    out.push_back(load_vector_file(path, {}, builtin));
  } else {
    throw geo::Error(path, "", "not a data file: expected .csv, .geojson, .json or .gpkg");
  }
  return out;
}

void project_user_layer(UserLayer& l, const geo::Scene& scene) {
  const geo::Projector& proj = geo::map_projector();
  l.point_xy.clear();
  l.segments.clear();
  for (const UserPoint& p : l.points) {
    geo::XY xy = proj.forward(p.pos);
    l.point_xy.push_back(static_cast<float>(xy.x - scene.origin.x));
    l.point_xy.push_back(static_cast<float>(xy.y - scene.origin.y));
  }
  for (const geo::Polyline& line : l.lines) {
    std::vector<geo::XY> xy(line.size());
    proj.forward(line, xy);
    for (size_t i = 1; i < xy.size(); ++i)
      l.segments.insert(
          l.segments.end(),
          {static_cast<float>(xy[i - 1].x - scene.origin.x), static_cast<float>(xy[i - 1].y - scene.origin.y),
           static_cast<float>(xy[i].x - scene.origin.x), static_cast<float>(xy[i].y - scene.origin.y)});
  }
}

std::string add_user_files(AppData& data, const std::string& path) {
  std::vector<UserLayer> layers;
  try {
    layers = load_user_files(path, builtin_ids(data.scene));
  } catch (const geo::Error& e) {
    return e.what();
  }
  size_t problems = 0;
  for (UserLayer& l : layers) {
    project_user_layer(l, data.scene);
    problems += l.problems.size();
  }
  std::vector<std::string> paths;
  for (const UserLayer& l : layers) paths.push_back(l.path);
  std::vector<UserLayer> before = data.user_layers;
  for (UserLayer& l : layers) data.user_layers.push_back(std::move(l));
  try {
    rebuild_timeline(data);
  } catch (const geo::Error& e) {
    data.user_layers = std::move(before);  // keep the last good data
    return "could not load " + path + ": " + e.what();
  }
  for (const geo::FileLoad& f : data.report.files)
    if (std::find(paths.begin(), paths.end(), f.file) != paths.end()) problems += f.rows_skipped;
  return "loaded " + path +
         (problems ? " (" + std::to_string(problems) + " bad rows skipped: see the Your data panel)" : "");
}

void rebuild_timeline(AppData& data) {
  const std::string root = data.dir.empty() ? embedded_data_dir() : data.dir;
  auto file = [&](const char* name) {
    const std::string p = root + "/" + name;
    VSIStatBufL st;
    return VSIStatL(p.c_str(), &st) == 0 ? p : std::string();
  };
  geo::TimelineFiles files;
  auto add = [](std::vector<std::string>& v, const std::string& p) {
    if (!p.empty()) v.push_back(p);
  };
  add(files.events, file("events.csv"));
  add(files.flows, file("flows.csv"));
  add(files.trade, file("trade.csv"));
  add(files.groups, file("groups.csv"));
  for (const UserLayer& l : data.user_layers) {
    if (!l.visible) continue;
    if (l.kind == UserLayer::Kind::events) files.events.push_back(l.path);
    if (l.kind == UserLayer::Kind::flows) files.flows.push_back(l.path);
    if (l.kind == UserLayer::Kind::trade) files.trade.push_back(l.path);
    if (l.kind == UserLayer::Kind::groups) files.groups.push_back(l.path);
  }
  geo::TimelineOptions opt;
  for (const geo::GatePair& g : data.scene.gates) opt.gate_ids.push_back(g.id);
  std::unordered_set<std::string> known(opt.gate_ids.begin(), opt.gate_ids.end());
  opt.gate_files = {root + "/gate_pairs.csv", root + "/gates.csv"};
  for (const UserLayer& l : data.user_layers) {
    if (!l.visible) continue;
    // Every pair of the user's gates, located or not (as `gatemap check` resolves a folder's ids).
    for (const std::string& id : l.pair_ids)
      if (known.insert(id).second) opt.gate_ids.push_back(id);
    if (l.kind == UserLayer::Kind::gates) opt.gate_files.push_back(l.path);
  }
  opt.context_ids = {"cb_ta_lung"};
  data.timeline = geo::load_timeline(files, opt);  // throws before anything is replaced
  data.report = data.timeline.load_report();
  for (const UserLayer& l : data.user_layers)
    if (l.visible) data.report.append(l.report);
  data.problems = data.scene.problems;
  for (const std::string& p : data.report.lines()) data.problems.push_back(p);
  // A file that could not be read at all (a hidden layer holding only its problem) is listed too.
  for (const UserLayer& l : data.user_layers)
    data.problems.insert(data.problems.end(), l.problems.begin(), l.problems.end());
}

bool is_complete_dataset(const std::string& dir) {
  std::error_code ec;
  return fs::exists(fs::path(dir) / "frontier.geojson", ec);
}

}  // namespace gatemap
