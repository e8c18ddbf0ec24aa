// `gatemap check` as a library: the default data passes, and each broken fixture of
// tests/fixtures/check/ gives exactly the expected messages at the expected physical lines.
#include "geo/check.hpp"

#include <cpl_vsi.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "geo/csv.hpp"

namespace {

using Lines = std::vector<std::string>;

const std::string kFixtures = std::string(GATEMAP_SOURCE_DIR) + "/tests/fixtures/check/";

geo::CheckContext default_context() {
  geo::CheckContext ctx;
  ctx.default_data_dir = GATEMAP_DATA_DIR;
  ctx.default_data_shown_as = "data";
  return ctx;
}

// Checks a fixture, named in messages by its path under tests/fixtures/check/.
geo::CheckReport check_fixture(const std::string& name) {
  return geo::check_path(kFixtures + name, default_context(), name);
}

Lines lines_of(const geo::CheckReport& r) {
  Lines out;
  for (const geo::CheckProblem& p : r.problems) out.push_back(geo::format_problem(p));
  return out;
}

Lines problems_of(const std::string& fixture) { return lines_of(check_fixture(fixture)); }

const char* kUnknownIdTail =
    ": not a gate pair or group of data/gate_pairs.csv, data/gates.csv, data/groups.csv, "
    "nor a context id (cb_ta_lung)";

// ---- the default data -------------------------------------------------------------------------

TEST(Check, DefaultDataHasNoErrorsAndNoWarnings) {
  const geo::CheckReport r = geo::check_path(GATEMAP_DATA_DIR, default_context(), "data");
  EXPECT_EQ(r.errors(), 0) << ::testing::PrintToString(lines_of(r));
  // The default data's SEED rows (figures of the seed articles) carry the URL of the stored copy of
  // their article since issue 18: no "unverified" warning is left.
  EXPECT_EQ(r.warnings(), 0) << ::testing::PrintToString(lines_of(r));
  EXPECT_EQ(r.summary(), "checked " + std::to_string(r.files.size()) + " files: 0 errors, 0 warnings");
}

TEST(Check, DefaultDataSchemasAreRecognisedByContent) {
  const geo::CheckReport r = geo::check_path(GATEMAP_DATA_DIR, default_context(), "data");
  std::map<std::string, std::string> schema;
  for (const geo::CheckedFile& f : r.files) {
    ASSERT_EQ(f.schemas.size(), 1u) << f.file;
    schema[f.file] = geo::to_string(f.schemas[0]);
  }
  const std::map<std::string, std::string> expected = {{"data/gates.csv", "gates"},
                                                       {"data/gate_pairs.csv", "gate_pairs"},
                                                       {"data/groups.csv", "groups"},
                                                       {"data/events.csv", "events"},
                                                       {"data/flows.csv", "flows"},
                                                       {"data/trade.csv", "trade"},
                                                       {"data/district_stretches.csv", "district_stretches"},
                                                       {"data/attribution.csv", "attribution"},
                                                       {"data/fx_rates.csv", "fx_rates"},
                                                       {"data/frontier.geojson", "frontier"},
                                                       {"data/land.geojson", "land"},
                                                       {"data/provinces.geojson", "context"},
                                                       {"data/rivers.geojson", "context"},
                                                       {"data/towns.geojson", "context"},
                                                       {"data/roads_rail.geojson", "context"},
                                                       {"data/guangxi.geojson", "context"},
                                                       {"data/prefectures.geojson", "context"}};
  for (const auto& [file, s] : expected) EXPECT_EQ(schema[file], s) << file;
  EXPECT_EQ(schema.count("data/SOURCES.md"), 0u) << "only *.csv, *.geojson, *.json, *.gpkg are checked";
}

// The same checks through GDAL's in-memory files (how the embedded default data is read), on a
// copy of the real events.csv with one date broken: the message names the physical line.
TEST(Check, BrokenCopyOfDefaultEventsInMemory) {
  std::string text = geo::read_text_file(std::string(GATEMAP_DATA_DIR) + "/events.csv");
  const geo::CsvTable table = geo::parse_csv(text, "events.csv");
  ASSERT_GE(table.rows.size(), 10u);
  const int line = table.rows[9].line;
  // Replace the date (first field) of that row, found by its physical line.
  size_t pos = 0;
  for (int l = 1; l < line; ++l) pos = text.find('\n', pos) + 1;
  const size_t comma = text.find(',', pos);
  text.replace(pos, comma - pos, "2023-02-30");
  const std::string dir = "/vsimem/check_test_copy";
  VSILFILE* fp = VSIFileFromMemBuffer((dir + "/events.csv").c_str(), reinterpret_cast<GByte*>(text.data()),
                                      static_cast<vsi_l_offset>(text.size()), FALSE);
  ASSERT_NE(fp, nullptr);
  VSIFCloseL(fp);
  const geo::CheckReport r = geo::check_path(dir, default_context(), "data");
  VSIUnlink((dir + "/events.csv").c_str());
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.errors(), 1);
  const Lines expected_error = {"data/events.csv:" + std::to_string(line) +
                                ": date \"2023-02-30\" is not a real calendar date"};
  Lines errors;
  for (const geo::CheckProblem& p : r.problems)
    if (p.severity == geo::Severity::error) errors.push_back(geo::format_problem(p));
  EXPECT_EQ(errors, expected_error);
}

// ---- good files: one per schema ---------------------------------------------------------------

TEST(Check, GoodFixturesPassAndAreRecognised) {
  const std::map<std::string, geo::Schema> good = {
      {"good_gates.csv", geo::Schema::gates},
      {"good_gate_pairs.csv", geo::Schema::gate_pairs},
      {"good_groups.csv", geo::Schema::groups},
      {"good_events.csv", geo::Schema::events},
      {"good_flows.csv", geo::Schema::flows},
      {"good_trade.csv", geo::Schema::trade},
      {"good_district_stretches.csv", geo::Schema::district_stretches},
      {"good_attribution.csv", geo::Schema::attribution},
      {"good_fx_rates.csv", geo::Schema::fx_rates},
      {"good_frontier.geojson", geo::Schema::frontier},
      {"good_land.geojson", geo::Schema::land},
      {"good_gates.geojson", geo::Schema::gates},
      {"good_events.geojson", geo::Schema::events},
      {"good_towns.geojson", geo::Schema::context},
  };
  for (const auto& [name, schema] : good) {
    const geo::CheckReport r = check_fixture(name);
    EXPECT_EQ(lines_of(r), Lines{}) << name;
    ASSERT_EQ(r.files.size(), 1u) << name;
    EXPECT_EQ(r.files[0].schemas, std::vector<geo::Schema>{schema}) << name;
  }
}

TEST(Check, SchemaIsRecognisedByHeaderNotByName) {
  // whatever.csv is good_events.csv under another name.
  const geo::CheckReport r = check_fixture("whatever.csv");
  EXPECT_EQ(lines_of(r), Lines{});
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.files[0].schemas, std::vector<geo::Schema>{geo::Schema::events});
}

TEST(Check, DetectCsvSchemaIgnoresOrderAndExtraColumns) {
  EXPECT_EQ(geo::detect_csv_schema({"licence", "text", "layer"}), geo::Schema::attribution);
  EXPECT_EQ(geo::detect_csv_schema({"rate", "period", "source", "currency", "to", "comment"}), geo::Schema::fx_rates);
  EXPECT_EQ(geo::detect_csv_schema({"layer", "text"}), geo::Schema::unknown);
  EXPECT_EQ(geo::detect_csv_schema({}), geo::Schema::unknown);
}

// ---- broken files: exactly the expected messages ----------------------------------------------

TEST(Check, BadCalendarDate) {
  EXPECT_EQ(problems_of("events_bad_date.csv"),
            Lines{"events_bad_date.csv:3: date \"2023-02-30\" is not a real calendar date"});
}

TEST(Check, MonthDateNeedsPrecisionMonth) {
  EXPECT_EQ(problems_of("events_month_without_precision.csv"),
            Lines{"events_month_without_precision.csv:3: date \"2023-05\" is a month: allowed only with "
                  "date_precision month (this row has \"day\")"});
}

// Issue 18: the optional `role` column, quarter dates (only with date_precision quarter, and in
// end_date), the goods-only event types and `pilot`.
TEST(Check, RolesQuartersAndGoodsOnlyTypes) {
  EXPECT_EQ(problems_of("events_roles_and_quarters.csv"),
            (Lines{"events_roles_and_quarters.csv:3: date \"2026-Q3\" is a quarter: allowed only with "
                   "date_precision quarter (this row has \"day\")",
                   "events_roles_and_quarters.csv:5: unknown role \"maybe\"; expected one of status, planned, "
                   "context",
                   "events_roles_and_quarters.csv:6: date \"2026-Q5\" is not a real calendar date"}));
}

// Issue 18: the optional `counted_by` column of flows, month starts and ends; no quarters there.
TEST(Check, CountedByAndMonthEndsOfFlows) {
  EXPECT_EQ(problems_of("flows_counted_by.csv"),
            (Lines{"flows_counted_by.csv:4: unknown counted_by \"china\"; expected one of vn, cn, both",
                   "flows_counted_by.csv:5: start \"2025-Q1\" is a quarter: a quarter YYYY-Qn is allowed only in "
                   "events' date (with date_precision quarter) and end_date"}));
}

TEST(Check, UndatedOnlyInSourceDate) {
  EXPECT_EQ(problems_of("events_undated_date.csv"),
            Lines{"events_undated_date.csv:3: date \"undated\": undated is allowed only in source_date"});
}

TEST(Check, EndBeforeStart) {
  EXPECT_EQ(problems_of("events_end_before_start.csv"),
            Lines{"events_end_before_start.csv:3: end_date 2023-01-05 is before date 2023-02-01"});
}

TEST(Check, UnknownUnit) {
  EXPECT_EQ(problems_of("trade_unknown_unit.csv"),
            Lines{"trade_unknown_unit.csv:3: unknown unit \"EUR_million\"; expected one of USD_million, "
                  "CNY_million, percent"});
}

TEST(Check, UnknownMetric) {
  const Lines got = problems_of("flows_unknown_metric.csv");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].rfind("flows_unknown_metric.csv:3: unknown metric \"trucks_per_hour\"; expected one of "
                         "cargo_vehicles_per_day, ",
                         0),
            0u)
      << got[0];
}

TEST(Check, UnknownEventTypeAndConfidence) {
  const Lines events = problems_of("events_unknown_event_type.csv");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(
      events[0].rfind("events_unknown_event_type.csv:3: unknown event type \"reopend\"; expected one of closed, ", 0),
      0u)
      << events[0];
  EXPECT_EQ(problems_of("events_bad_confidence.csv"),
            Lines{"events_bad_confidence.csv:3: unknown confidence \"sure\"; expected one of high, medium, low"});
}

TEST(Check, NumbersMustParse) {
  EXPECT_EQ(problems_of("flows_value_not_a_number.csv"),
            Lines{"flows_value_not_a_number.csv:3: value \"1,300\" is not a number (plain decimal with a . as "
                  "decimal point)"});
}

TEST(Check, NanLongitude) {
  EXPECT_EQ(problems_of("gates_nan_lon.csv"), Lines{"gates_nan_lon.csv:3: lon \"NaN\" is not a finite number"});
}

TEST(Check, LongitudeOutsideTheMapArea) {
  EXPECT_EQ(problems_of("gates_lon_outside_box.csv"),
            Lines{"gates_lon_outside_box.csv:3: lon 110.5 is outside the map area (105.5–108.2 E)"});
}

TEST(Check, NotFoundGateWithAPosition) {
  EXPECT_EQ(problems_of("gates_not_found_with_position.csv"),
            Lines{"gates_not_found_with_position.csv:3: confidence not_found but a position is given (a located "
                  "gate is high, medium or low)"});
}

TEST(Check, UnknownGateIdAgainstTheDefaultData) {
  EXPECT_EQ(problems_of("events_unknown_gate_id.csv"),
            Lines{std::string("events_unknown_gate_id.csv:3: unknown gate id \"huu_nghi_x\"") + kUnknownIdTail});
}

TEST(Check, EmptyPublisher) {
  EXPECT_EQ(problems_of("flows_empty_publisher.csv"),
            Lines{"flows_empty_publisher.csv:3: empty publisher: every figure needs a source"});
}

TEST(Check, MissingUrlWithoutSeedIsAnError) {
  EXPECT_EQ(problems_of("events_missing_url.csv"),
            Lines{"events_missing_url.csv:3: empty url: only rows marked SEED (figures of the seed articles) may "
                  "have no URL"});
}

TEST(Check, SeedRowIsOnlyAWarning) {
  const geo::CheckReport r = check_fixture("flows_seed_row.csv");
  EXPECT_EQ(lines_of(r), Lines{"flows_seed_row.csv:3: warning: unverified: seed article, no URL"});
  EXPECT_EQ(r.errors(), 0);
  EXPECT_EQ(r.warnings(), 1);
  EXPECT_EQ(r.summary(), "checked 1 file: 0 errors, 1 warning");
}

TEST(Check, WrongFieldCount) {
  EXPECT_EQ(problems_of("events_wrong_field_count.csv"),
            Lines{"events_wrong_field_count.csv:3: wrong number of fields: 10 (the header has 11)"});
}

TEST(Check, LineNumbersArePhysical) {
  // The 2nd record spans lines 2-3 (a quoted note with a line break); the bad record starts on line 4.
  EXPECT_EQ(problems_of("events_multiline_note_before_bad_row.csv"),
            Lines{"events_multiline_note_before_bad_row.csv:4: date \"2023-02-30\" is not a real calendar date"});
}

TEST(Check, GeoJsonFeatureOutOfTheMapArea) {
  EXPECT_EQ(problems_of("towns_vertex_out_of_range.geojson"),
            Lines{"towns_vertex_out_of_range.geojson:feature 3: vertex 1 (108.366, 22.817) is outside the map area "
                  "(105.5–108.2 E, 21.0–23.2 N)"});
}

TEST(Check, GeoJsonNanVertex) {
  // OGR would read this position as an empty point; the checker reads the JSON itself.
  EXPECT_EQ(problems_of("frontier_nan_vertex.geojson"),
            Lines{"frontier_nan_vertex.geojson:feature 1: vertex 2 (nan, 21.59968) is not finite (NaN and infinity "
                  "are errors)"});
}

TEST(Check, UnreadableGeoJsonIsOneErrorNamingTheFile) {
  const geo::CheckReport r = check_fixture("unreadable_truncated.geojson");
  EXPECT_EQ(lines_of(r), Lines{"unreadable_truncated.geojson: cannot be read as GeoJSON: JSON syntax error: the "
                               "text ends too early (truncated file?)"});
  EXPECT_EQ(r.files.size(), 1u);
}

TEST(Check, UnknownCsvHeader) {
  EXPECT_EQ(problems_of("unknown_header.csv"),
            Lines{"unknown_header.csv:1: unknown schema: header \"when,where,what\"; expected one of gates, "
                  "gate_pairs, groups, events, flows, trade, district_stretches, attribution, fx_rates (see "
                  "docs/data-format.md)"});
}

TEST(Check, UnknownGeoJsonProperties) {
  const Lines got = problems_of("unknown_properties.geojson");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].rfind("unknown_properties.geojson: unknown schema: properties \"colour\"; expected ", 0), 0u)
      << got[0];
}

TEST(Check, MissingPath) {
  const geo::CheckReport r = geo::check_path(kFixtures + "no_such_file.csv", default_context(), "no_such_file.csv");
  EXPECT_EQ(lines_of(r), Lines{"no_such_file.csv: not found"});
  EXPECT_EQ(r.errors(), 1);
  EXPECT_TRUE(r.files.empty());
}

// ---- folders ----------------------------------------------------------------------------------

TEST(Check, PlannerFolderResolvesItsOwnGatesAndTheDefaultOnes) {
  const geo::CheckReport r = check_fixture("planner");
  EXPECT_EQ(lines_of(r), Lines{});
  EXPECT_EQ(r.files.size(), 3u) << "README.txt is not a data file and is not counted";
  // Alone, the events file does not know the planner's gate.
  EXPECT_EQ(problems_of("planner/events.csv"),
            Lines{std::string("planner/events.csv:2: unknown gate id \"my_gate\"") + kUnknownIdTail});
}

TEST(Check, FolderWithItsOwnGatePairsAndGroupsUsesThose) {
  EXPECT_EQ(problems_of("own_pairs"),
            Lines{"own_pairs/events.csv:4: unknown gate id \"huu_nghi\": not a gate pair or group of "
                  "own_pairs/pairs.csv, own_pairs/memberships.csv, nor a context id (cb_ta_lung)"});
}

// ---- output format ----------------------------------------------------------------------------

TEST(Check, FormatProblem) {
  using geo::Severity;
  EXPECT_EQ(geo::format_problem({"a.csv", "line 12", "bad", Severity::error}), "a.csv:12: bad");
  EXPECT_EQ(geo::format_problem({"a.csv", "line 12", "hm", Severity::warning}), "a.csv:12: warning: hm");
  EXPECT_EQ(geo::format_problem({"b.geojson", "feature 3", "bad", Severity::error}), "b.geojson:feature 3: bad");
  EXPECT_EQ(geo::format_problem({"c.csv", "", "not found", Severity::error}), "c.csv: not found");
}

}  // namespace

// attribution.csv's optional wall_credit column (issue 14: the wall's credits come from the data):
// an empty item, an item over 60 characters and a value over two lines are said with file:line;
// "-" (no credit on the wall) and an empty value (the row's text) are accepted.
TEST(Check, WallCreditsOfAttribution) {
  EXPECT_EQ(
      problems_of("attribution_bad_wall_credit.csv"),
      (Lines{"attribution_bad_wall_credit.csv:4: wall_credit \"LegoCity, CTU-SematX (CC BY-SA 4.0);;Natural "
             "Earth\" has an empty item (items are separated by ';'; \"-\" for none)",
             "attribution_bad_wall_credit.csv:5: wall_credit item \"GSHHG/WDBII shoreline and river database © "
             "Wessel & Smith 1996–2017 (LGPL-3+)\" is 77 characters long; a wall's credit is at most 60 (the "
             "long form goes in text)",
             "attribution_bad_wall_credit.csv:6: wall_credit \"Natural Earth\\x0a(public domain)\" spans lines; give "
             "items on one line, separated by ';'"}));
  EXPECT_EQ(geo::wall_credit_items(" a ; b;c ", "long text"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(geo::wall_credit_items("", "long text"), (std::vector<std::string>{"long text"}));
  EXPECT_EQ(geo::wall_credit_items(" - ", "long text"), (std::vector<std::string>{}));
}
