// One schema: `gatemap check` and the loaders give the same verdict on every row of every CSV file
// the project has (tests/fixtures/..., data/, the reference files of ../shared/data in the same
// format): a row check rejects is skipped by the loader with check's message, a row check accepts is
// loaded. Then one test per bug this fixed (issue 13): a row with no source URL, a one-point
// frontier, duplicate ids, a planner's row reusing a built-in id.
#include <cpl_vsi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "geo/check.hpp"
#include "geo/csv.hpp"
#include "geo/error.hpp"
#include "geo/gates.hpp"
#include "geo/scene.hpp"
#include "geo/schema.hpp"
#include "geo/timeline.hpp"

namespace {

namespace fs = std::filesystem;

const std::string kData = GATEMAP_DATA_DIR;
const std::string kFixtures = std::string(GATEMAP_SOURCE_DIR) + "/tests/fixtures/";
const std::string kShared = GATEMAP_SHARED_DATA_DIR;

// Problems per line: "line N" -> the error messages of that row, in order.
using Verdicts = std::map<std::string, std::vector<std::string>>;

// How a file is judged: against the default data's ids (as a planner's file loaded on top of it,
// or as the default data itself), or with no ids at all (synthetic fixtures of the time model).
enum class Ids { none, default_data, default_data_itself };

geo::CheckContext check_context(Ids ids) {
  geo::CheckContext ctx;
  if (ids != Ids::none) ctx.default_data_dir = kData;  // messages name the files by their path, as the loader does
  return ctx;
}

// check's verdict: the errors of each row of `path` (file-level problems under "").
Verdicts check_verdicts(const std::string& path, Ids ids) {
  // The default data is checked as its folder (the built-in data itself); any other file alone.
  const geo::CheckReport r = ids == Ids::default_data_itself ? geo::check_path(kData, check_context(ids))
                                                             : geo::check_path(path, check_context(ids));
  Verdicts v;
  for (const geo::CheckProblem& p : r.problems)
    if (p.file == path && p.severity == geo::Severity::error)
      v[p.location.rfind("line ", 0) == 0 ? p.location : ""].push_back(p.message);
  return v;
}

const std::string kEmptyPairs = "/vsimem/schema_agreement/empty_pairs.csv";
const std::string kEmptyGates = "/vsimem/schema_agreement/empty_gates.csv";

void write_memory_file(const std::string& path, const std::string& text) {
  VSILFILE* fp = VSIFOpenL(path.c_str(), "wb");
  ASSERT_NE(fp, nullptr) << path;
  VSIFWriteL(text.data(), 1, text.size(), fp);
  VSIFCloseL(fp);
}

void write_empty_tables() {
  write_memory_file(kEmptyPairs, "pair_id,name_vi,name_zh,name_zh_status,name_en,kind,district,source\n");
  write_memory_file(kEmptyGates, "id,pair_id,name_vi,name_zh,name_zh_note,side,kind,lon,lat,confidence,source\n");
}

const geo::GateLoadResult& default_gates() {
  static const geo::GateLoadResult r = geo::load_gates(kData + "/gates.csv", kData + "/gate_pairs.csv");
  return r;
}

geo::KnownIds builtin_ids() {
  geo::KnownIds ids;
  for (const geo::GatePair& g : default_gates().pairs)
    for (const geo::GatePoint& p : g.rows) ids.builtin_gate_ids.insert(p.row_id);
  return ids;
}

// The loader's verdict: the problems of each skipped row of `path`, and how many rows it loaded.
struct LoadVerdict {
  Verdicts skipped;
  size_t loaded = 0, rows_skipped = 0;
  bool loads = true;  // false: the loader refused the whole file
};

LoadVerdict from_report(const geo::LoadReport& report, const std::string& path) {
  LoadVerdict v;
  for (const geo::CheckProblem& p : report.skipped)
    if (p.file == path) v.skipped[p.location].push_back(p.message);
  if (const geo::FileLoad* f = report.file(path)) v.loaded = f->rows_loaded, v.rows_skipped = f->rows_skipped;
  return v;
}

LoadVerdict load_verdict(const std::string& path, geo::Schema schema, Ids ids) {
  try {
    if (schema == geo::Schema::gates || schema == geo::Schema::gate_pairs) {
      const geo::KnownIds builtin = ids == Ids::default_data ? builtin_ids() : geo::KnownIds{};
      const geo::GateLoadResult r = schema == geo::Schema::gates ? geo::load_gates(path, kEmptyPairs, builtin)
                                                                 : geo::load_gates(kEmptyGates, path, builtin);
      return from_report(r.report, path);
    }
    geo::TimelineFiles files;
    geo::TimelineOptions opt;
    if (ids != Ids::none) {
      for (const geo::GatePair& g : default_gates().pairs) opt.gate_ids.push_back(g.id);
      opt.context_ids = {"cb_ta_lung"};
      opt.gate_files = {kData + "/gate_pairs.csv", kData + "/gates.csv"};
      if (schema != geo::Schema::groups) files.groups.push_back(kData + "/groups.csv");
    }
    switch (schema) {
      case geo::Schema::events: files.events.push_back(path); break;
      case geo::Schema::flows: files.flows.push_back(path); break;
      case geo::Schema::trade: files.trade.push_back(path); break;
      case geo::Schema::groups: files.groups.push_back(path); break;
      default: ADD_FAILURE() << "no loader for " << geo::to_string(schema); return {};
    }
    return from_report(geo::load_timeline(files, opt).load_report(), path);
  } catch (const geo::Error&) {
    LoadVerdict v;
    v.loads = false;
    return v;
  }
}

bool has_loader(geo::Schema s) {
  using geo::Schema;
  return s == Schema::gates || s == Schema::gate_pairs || s == Schema::events || s == Schema::flows ||
         s == Schema::trade || s == Schema::groups;
}

struct Case {
  std::string path;
  Ids ids;
};

std::vector<std::string> csv_files_under(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".csv") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  for (const std::string& f : csv_files_under(kFixtures))
    cases.push_back({f, f.find("/fixtures/timeline/") != std::string::npos ? Ids::none : Ids::default_data});
  for (const std::string& f : csv_files_under(kData)) cases.push_back({f, Ids::default_data_itself});
  for (const std::string& f : csv_files_under(kShared)) cases.push_back({f, Ids::default_data});
  return cases;
}

std::string describe(const Verdicts& v) {
  std::string s;
  for (const auto& [where, msgs] : v)
    for (const std::string& m : msgs) s += "\n    " + where + ": " + m;
  return s.empty() ? "\n    (none)" : s;
}

TEST(SchemaAgreement, EveryRowOfEveryCsvFileHasOneVerdict) {
  write_empty_tables();
  const std::vector<Case> cases = all_cases();
  size_t files = 0, rows = 0, rejected = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path);
    geo::CsvTable table;
    try {
      table = geo::read_csv(c.path);
    } catch (const geo::Error& e) {
      // Unreadable (a broken fixture): check says so for the whole file, and no loader reads it.
      const Verdicts v = check_verdicts(c.path, c.ids);
      EXPECT_TRUE(v.count("") || !v.empty()) << "check accepts a file the CSV reader refuses: " << e.what();
      continue;
    }
    const geo::Schema schema = geo::detect_csv_schema(table.header);
    Verdicts by_check = check_verdicts(c.path, c.ids);
    if (!has_loader(schema)) {
      if (schema == geo::Schema::unknown) {
        EXPECT_FALSE(by_check.empty()) << "check accepts a file of no schema";
      }
      continue;
    }
    ++files;
    rows += table.rows.size();
    const LoadVerdict by_loader = load_verdict(c.path, schema, c.ids);
    ASSERT_TRUE(by_loader.loads) << "the loader refuses a file of a known schema";
    EXPECT_EQ(by_check.count(""), 0u) << "check refuses the whole file:" << describe(by_check);
    EXPECT_EQ(by_loader.skipped, by_check) << "rows skipped by the loader:" << describe(by_loader.skipped)
                                           << "\n  rows check rejects:" << describe(by_check);
    EXPECT_EQ(by_loader.loaded + by_loader.rows_skipped, table.rows.size());
    EXPECT_EQ(by_loader.rows_skipped, by_check.size());
    rejected += by_check.size();
  }
  // The corpus really is the project's: the default data, the reference files and the fixtures, bad
  // rows included (a test that compares nothing proves nothing).
  EXPECT_GE(files, 25u);
  EXPECT_GE(rows, 400u);
  EXPECT_GE(rejected, 20u);
  RecordProperty("files", static_cast<int>(files));
  RecordProperty("rows", static_cast<int>(rows));
  RecordProperty("rejected", static_cast<int>(rejected));
}

// Vector files (a planner's GeoJSON gates or layers): the features the loader keeps are exactly those
// check accepts; a file the loader refuses whole (OGR cannot read it) check rejects too.
TEST(SchemaAgreement, EveryFeatureOfEveryGeoJsonFixtureHasOneVerdict) {
  std::vector<std::string> paths;
  std::error_code ec;
  for (const std::string& dir : {kFixtures, kData})
    for (const auto& e : fs::recursive_directory_iterator(dir, ec))
      if (e.is_regular_file() && e.path().extension() == ".geojson") paths.push_back(e.path().string());
  std::sort(paths.begin(), paths.end());
  const geo::KnownIds ids = builtin_ids();
  size_t files = 0, features = 0;
  for (const std::string& path : paths) {
    SCOPED_TRACE(path);
    const bool default_data = path.rfind(kData, 0) == 0;
    const geo::CheckReport r = geo::check_path(default_data ? kData : path, check_context(Ids::default_data));
    Verdicts by_check;
    for (const geo::CheckProblem& p : r.problems)
      if (p.file == path && p.severity == geo::Severity::error) by_check[p.location].push_back(p.message);
    geo::CheckedVector v;
    try {
      v = geo::read_checked_vector(path, {}, default_data ? geo::KnownIds{} : ids);
    } catch (const geo::Error& e) {
      EXPECT_FALSE(by_check.empty()) << "the loader refuses a file check accepts: " << e.what();
      continue;
    }
    if (v.schema == geo::Schema::unknown) {
      EXPECT_FALSE(by_check.empty()) << "check accepts a file of no schema";
      continue;
    }
    ++files;
    const LoadVerdict by_loader = from_report(v.report, path);
    features += by_loader.loaded + by_loader.rows_skipped;
    EXPECT_EQ(by_loader.skipped, by_check)
        << "skipped:" << describe(by_loader.skipped) << "\n  rejected:" << describe(by_check);
    EXPECT_EQ(v.layer.features.size(), by_loader.loaded);
  }
  EXPECT_GE(files, 15u);
  EXPECT_GE(features, 100u);
  RecordProperty("files", static_cast<int>(files));
  RecordProperty("features", static_cast<int>(features));
}

// ---- the bugs of issue 13 ---------------------------------------------------------------------

const std::string kSchemaFixtures = kFixtures + "schema/";

// A planner's folder with an events row that closes Chi Ma but cites no URL (and is no SEED row):
// check rejected it while the map loaded it, closed Chi Ma and `info` showed it as set_by.
TEST(SchemaBugs, RowWithoutSourceUrlIsSkippedByTheLoaderAsCheckRejectsIt) {
  const std::string path = kSchemaFixtures + "no_url/events.csv";
  const std::string expected = "empty url: only rows marked SEED (figures of the seed articles) may have no URL";
  const geo::CheckReport r = geo::check_path(path, check_context(Ids::default_data));
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(geo::format_problem(r.problems[0]), path + ":2: " + expected);

  geo::TimelineOptions opt;
  for (const geo::GatePair& g : default_gates().pairs) opt.gate_ids.push_back(g.id);
  opt.context_ids = {"cb_ta_lung"};
  geo::TimelineFiles files;
  files.events = {kData + "/events.csv", path};
  files.groups = {kData + "/groups.csv"};
  const geo::Timeline tl = geo::load_timeline(files, opt);
  EXPECT_EQ(tl.problems(), std::vector<std::string>{path + ":2: " + expected});
  const geo::FileLoad* f = tl.load_report().file(path);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->rows_loaded, 1u);
  EXPECT_EQ(f->rows_skipped, 1u);
  // The row would close Chi Ma on 2025-06-01; skipped, Chi Ma keeps the status the default data gives.
  const geo::GateStatus st = tl.status_at("chi_ma", geo::Date::from_ymd(2025, 6, 2));
  EXPECT_NE(st.overall, geo::Status::closed);
  ASSERT_NE(st.set_by, nullptr);
  EXPECT_NE(st.set_by->file, path);
  // The row of the same file with a URL is loaded.
  EXPECT_TRUE(std::any_of(tl.events().begin(), tl.events().end(),
                          [&](const geo::EventRow& e) { return e.file == path && e.line == 3; }));
}

// A frontier of one point: check accepted it and `info` refused it. Now both refuse it, saying the same.
TEST(SchemaBugs, OnePointFrontierIsRefusedByCheckAndTheLoaderAlike) {
  const std::string dir = kSchemaFixtures + "one_point_frontier";
  const geo::CheckReport r = geo::check_path(dir + "/frontier.geojson", geo::CheckContext{});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(geo::format_problem(r.problems[0]), dir + "/frontier.geojson:feature 1: " + geo::kFrontierTooShort);
  try {
    geo::build_scene({dir});
    FAIL() << "build_scene loaded a one-point frontier";
  } catch (const geo::Error& e) {
    EXPECT_EQ(e.file(), dir + "/frontier.geojson");
    EXPECT_EQ(e.problem(), geo::kFrontierTooShort);
  }
}

// The scene's layer files are judged by check's rules too: a frontier vertex outside the map area
// refuses the dataset with check's message; a town outside it is skipped and listed, as check says.
TEST(SchemaBugs, SceneLayersFollowCheck) {
  const std::string dir = kSchemaFixtures + "frontier_outside";
  const std::string expected = "feature 1: vertex 2 (110, 22) is outside the map area (105.5–108.2 E, 21.0–23.2 N)";
  const geo::CheckReport r = geo::check_path(dir, geo::CheckContext{});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(geo::format_problem(r.problems[0]), dir + "/frontier.geojson:" + expected);
  try {
    geo::build_scene({dir});
    FAIL() << "build_scene loaded a frontier leaving the map area";
  } catch (const geo::Error& e) {
    EXPECT_EQ(e.what(), dir + "/frontier.geojson:" + expected);
  }

  // A complete dataset in memory: the default files with the towns of a check fixture.
  const std::string mem = "/vsimem/schema_scene";
  for (const char* name : {"frontier.geojson", "land.geojson", "gates.csv", "gate_pairs.csv"})
    write_memory_file(mem + "/" + name, geo::read_text_file(kData + "/" + name));
  write_memory_file(mem + "/towns.geojson", geo::read_text_file(kFixtures + "check/towns_vertex_out_of_range.geojson"));
  const std::string town = mem +
                           "/towns.geojson:feature 3: vertex 1 (108.366, 22.817) is outside the map area "
                           "(105.5–108.2 E, 21.0–23.2 N)";
  const geo::Scene s = geo::build_scene({mem});
  EXPECT_EQ(s.problems, std::vector<std::string>{town});
  const geo::CheckReport rt = geo::check_path(mem + "/towns.geojson", geo::CheckContext{});
  ASSERT_EQ(rt.problems.size(), 1u);
  EXPECT_EQ(geo::format_problem(rt.problems[0]), town);
  size_t towns = 0;
  for (const geo::LabelSpec& l : s.labels) towns += l.layer == geo::LayerId::towns;
  EXPECT_EQ(towns, s.towns.size());
  EXPECT_EQ(s.towns.size(), 2u);  // of the fixture's 3 towns
}

// Duplicate ids: check flagged them, the loaders kept both rows. Now the second row is skipped, with
// check's message.
TEST(SchemaBugs, DuplicateIdsAreRejectedByCheckAndSkippedByTheLoader) {
  write_empty_tables();
  const std::string gates = kSchemaFixtures + "duplicate_ids/gates.csv";
  const std::string pairs = kSchemaFixtures + "duplicate_ids/gate_pairs.csv";
  const std::vector<std::string> expected = {
      pairs + ":3: duplicate pair_id \"my_pair\" (first on line 2)",
      gates + ":3: duplicate id \"my_gate_vn\" (first on line 2)",
  };
  const geo::CheckReport r = geo::check_path(kSchemaFixtures + "duplicate_ids", geo::CheckContext{});
  std::vector<std::string> by_check;
  for (const geo::CheckProblem& p : r.problems) by_check.push_back(geo::format_problem(p));
  std::sort(by_check.begin(), by_check.end());
  std::vector<std::string> sorted = expected;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(by_check, sorted);

  const geo::GateLoadResult loaded = geo::load_gates(gates, pairs);
  EXPECT_EQ(loaded.problems, expected);
  ASSERT_EQ(loaded.pairs.size(), 1u);
  EXPECT_EQ(loaded.pairs[0].name_vi, "Lối mở thử nghiệm");  // the first row of the pair, not the duplicate
  ASSERT_EQ(loaded.pairs[0].rows.size(), 1u);
  EXPECT_EQ(loaded.pairs[0].rows[0].line, 2);
}

// A planner's gate that reuses a gate id of the built-in data is an error in check and in loading.
TEST(SchemaBugs, PlannerRowReusingABuiltInIdIsAnErrorInBoth) {
  write_empty_tables();
  const std::string path = kSchemaFixtures + "builtin_id/gates.csv";
  const std::string expected = path + ":2: id huu_nghi_vn is already used by the built-in data";
  const geo::CheckReport r = geo::check_path(path, check_context(Ids::default_data));
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(geo::format_problem(r.problems[0]), expected);
  const geo::GateLoadResult loaded = geo::load_gates(path, kEmptyPairs, builtin_ids());
  EXPECT_EQ(loaded.problems, std::vector<std::string>{expected});
  ASSERT_EQ(loaded.pairs.size(), 1u);
  EXPECT_EQ(loaded.pairs[0].rows.size(), 1u);  // the other row, a new id, loads
  // The built-in data itself, checked as its folder, reuses nothing.
  EXPECT_EQ(geo::check_path(kData, check_context(Ids::default_data)).errors(), 0);
}

// ---- the one number rule ----------------------------------------------------------------------

TEST(SchemaNumbers, OneRuleForNanInfinityAndSpaces) {
  using geo::NumberParse;
  double v = 0;
  EXPECT_EQ(geo::parse_number("727.931", v), NumberParse::ok);
  EXPECT_EQ(v, 727.931);
  EXPECT_EQ(geo::parse_number("-39.4", v), NumberParse::ok);
  EXPECT_EQ(geo::parse_number("1e3", v), NumberParse::ok);
  for (const char* s : {"nan", "NaN", "inf", "-inf", "Infinity", "1e999"})
    EXPECT_EQ(geo::parse_number(s, v), NumberParse::not_finite) << s;
  for (const char* s : {"", " 1", "1 ", "1,300", "+1", "12 km", "0x10", "."})
    EXPECT_EQ(geo::parse_number(s, v), NumberParse::not_a_number) << '"' << s << '"';
}

TEST(SchemaDates, OneRule) {
  geo::ParsedDate d;
  EXPECT_EQ(geo::parse_date("2024-02-29", d), geo::DateParse::ok);
  EXPECT_EQ(geo::parse_date("2023-02-29", d), geo::DateParse::not_in_calendar);
  EXPECT_EQ(geo::parse_date("2023-13", d), geo::DateParse::not_in_calendar);
  EXPECT_EQ(geo::parse_date("2023-05", d), geo::DateParse::ok);
  EXPECT_EQ(d.last.iso(), "2023-05-31");
  for (const char* s : {"", " 2023-05-01", "2023-5-1", "2023/05/01", "undated", "2023-05-01T00:00"})
    EXPECT_EQ(geo::parse_date(s, d), geo::DateParse::malformed) << '"' << s << '"';
}

}  // namespace
