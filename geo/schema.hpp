#pragma once
// One definition of every data file kind of docs/data-format.md: columns, vocabularies, the number
// and date rules, and the rules of each row. `gatemap check` (geo/check.cpp) and the loaders (the
// time model, geo/timeline.cpp; the gates, geo/gates_read.cpp; the scene's side files,
// geo/scene_builder.cpp) all judge a row through check_record() below, so they agree by
// construction: a row that check rejects is skipped by the loaders (and reported, `file:line:
// problem`, with check's message), and a row that check accepts is loaded.
//
// Pure and GDAL-free (geo_core): it sees rows as text values, read by whoever has the file.
//
// Places: CSV rows by their 1-based *physical* line (the header is line 1), features by their
// 1-based position. Coordinates are WGS84 lon/lat in degrees, finite and inside the map area
// 105.5–108.2 E, 21.0–23.2 N. Dates are civil calendar days (no time zone).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "geo/csv.hpp"
#include "geo/dates.hpp"
#include "geo/types.hpp"

namespace geo {

// ---- Problems --------------------------------------------------------------------------------

enum class Severity : std::uint8_t { error, warning };

struct CheckProblem {
  std::string file;      // as shown to the user: the path given, or `data/NAME` for the embedded default
  std::string location;  // "line 12", "feature 3", "layer L, feature 3", or "" for the whole file
  std::string message;
  Severity severity = Severity::error;
};

// One line of output:
//   `file:12: message`          (CSV: the physical line number alone)
//   `file:feature 3: message`   (GeoJSON, GeoPackage)
//   `file: message`             (the whole file)
// A warning has `warning: ` after the location: `file:34: warning: unverified: seed article, no URL`.
std::string format_problem(const CheckProblem& p);

// ---- Schemas ---------------------------------------------------------------------------------

enum class Schema : std::uint8_t {
  unknown,
  // CSV (or GeoJSON/GeoPackage features carrying the same columns as properties)
  gates,
  gate_pairs,
  groups,
  events,
  flows,
  trade,
  district_stretches,
  attribution,
  fx_rates,
  // GeoJSON only
  frontier,  // LineString with `official_km`
  land,      // (Multi)Polygons with `A3`
  context,   // provinces, prefectures, rivers, roads, railway, towns: features with `name`
};
const char* to_string(Schema s);

using Words = std::vector<std::string_view>;

// The CSV schemas, in the order messages list them, and the columns each must have (order does
// not matter, extra columns are ignored).
struct SchemaColumns {
  Schema schema;
  Words columns;
};
const std::vector<SchemaColumns>& csv_schemas();
const Words& schema_columns(Schema s);  // empty for a GeoJSON-only schema

// The CSV schema whose columns the header holds (the one with most columns when several do), or
// Schema::unknown.
Schema detect_csv_schema(const std::vector<std::string>& header);

// The vocabularies of docs/data-format.md, each written once.
namespace vocab {
extern const Words confidence;       // high, medium, low
extern const Words gate_confidence;  // ... and not_found
extern const Words sides, pair_kinds, zh_status, precisions, initiated_by;
// Optional columns (absent or empty = the default): events `role` (status, planned, context;
// empty = status) and flows `counted_by` (vn, cn, both; empty = the source does not say).
extern const Words event_roles, counted_by;
extern const Words event_types;  // every event type; geo::event_effect gives what each does
extern const Words flow_metrics, qualifiers, trade_scopes, trade_metrics, units, bases;
extern const Words attribution_layers, land_a3;
}  // namespace vocab

bool contains(const Words& words, std::string_view w);

// Text for messages, shared by check and the loaders: "a, b, c"; "\"x\""; ASCII lower case; the
// shortest text of a number that reads back the same.
std::string join(const Words& words, std::string_view sep = ", ");
std::string join(const std::vector<std::string>& words, std::string_view sep = ", ");
// quoted() escapes control characters and keeps kQuotedChars characters (geo::printable).
inline constexpr size_t kQuotedChars = 80;
std::string quoted(std::string_view s);

// attribution.csv's optional `wall_credit` column: the short credits that a wall shows for a row,
// separated by ';' (each trimmed); empty or no column: the row's `text`; "-": none. At most
// kWallCreditMaxChars characters an item (gatemap check says so of a longer one).
inline constexpr size_t kWallCreditMaxChars = 60;
std::vector<std::string> wall_credit_items(std::string_view wall_credit, std::string_view text);
char ascii_lower(char c);
std::string number_text(double v);

// The map area every coordinate must lie in (degrees).
inline constexpr double kMapLonMin = 105.5, kMapLonMax = 108.2, kMapLatMin = 21.0, kMapLatMax = 23.2;

// What the frontier must be (the scene's loader and check say it alike).
inline constexpr const char* kFrontierTooShort = "the frontier must be a single LineString of at least 2 points";

// ---- Numbers and dates -----------------------------------------------------------------------

enum class NumberParse : std::uint8_t { ok, not_a_number, not_finite };
// The one number rule: the whole text is a plain decimal (or exponent) number, `.` as decimal
// point, no spaces, no thousands separators, no sign `+`. "nan", "inf", "infinity" (any case) and
// overflow are not finite; an empty text is not a number.
NumberParse parse_number(std::string_view s, double& v);
// The value when parse_number says ok.
std::optional<double> finite_number(std::string_view s);

enum class DateParse : std::uint8_t { ok, malformed, not_in_calendar };
// The one date rule: strict `YYYY-MM-DD` (a real calendar day), `YYYY-MM` (the month: `first`
// its 1st, `last` its last day, precision month) or `YYYY-Qn` (the quarter, n = 1..4, precision
// quarter). No spaces. Which forms a column takes is said per column (docs/data-format.md).
DateParse parse_date(std::string_view s, ParsedDate& out);

// ---- Rows ------------------------------------------------------------------------------------

// One row of a CSV file or one feature, as text values (the form every reader can give).
struct Record {
  std::string location;                                    // "line 12", "feature 3"
  std::map<std::string, std::string, std::less<>> values;  // column / property -> text ("" = empty or null)
  std::string shape_problem;                               // CSV: wrong number of fields (row not checked)
  bool has_geometry = false;                               // features only
  std::string geometry_type;                               // "Point", "LineString", … (features only)
  std::vector<LonLat> vertices;                            // every position, as written (may be NaN)
  std::string geometry_problem;                            // malformed coordinates

  const std::string& get(std::string_view key) const;
};

// The rows of a CSV table as records (`line N`, a wrong field count as shape_problem).
std::vector<Record> records_of(const CsvTable& table);

// Ids that rows may name, and ids they may not reuse.
struct KnownIds {
  bool checked = false;  // false: gate ids are not resolved (no data to resolve them against)
  std::set<std::string, std::less<>> pairs, groups, context;
  std::vector<std::string> pair_files, group_files;  // where they come from, for messages
  // The gate ids (`id` of gates files) of the built-in data, when the rows checked are a planner's
  // own files loaded on top of it: reusing one is an error. Empty for the built-in data itself and
  // for a complete dataset that replaces it.
  std::set<std::string, std::less<>> builtin_gate_ids;
};

// State carried from row to row within one file (or layer): unique ids, contiguous stretches.
struct RecordState {
  std::map<std::string, std::string, std::less<>> seen;  // unique id -> its location
  std::optional<double> previous_to_km;
};

// Judges one record of `schema` (a CSV row or a feature: `feature` = true) and appends its problems,
// errors and warnings, named `file`, to `out`. True when it has no error: the row is loaded.
bool check_record(Schema schema, const Record& record, const KnownIds& ids, RecordState& state, bool feature,
                  const std::string& file, std::vector<CheckProblem>& out);

// check_record over every row of a table. Returns one verdict per row of `table.rows` (true: load
// it); the problems go to `out`.
std::vector<bool> check_table(Schema schema, const CsvTable& table, const KnownIds& ids,
                              std::vector<CheckProblem>& out);

// The first column of the schema that the header lacks (empty when none is missing).
std::string missing_column(Schema schema, const CsvTable& table);

// ---- What a load kept and skipped ------------------------------------------------------------

struct FileLoad {
  std::string file;  // as the loader names it
  Schema schema = Schema::unknown;
  std::size_t rows_loaded = 0, rows_skipped = 0;
};

// What loading read: per file the rows loaded and skipped, and the problems of the skipped rows
// (`file:line: problem`, check's messages: a row may have several). Warnings (a SEED row) do not
// skip a row and are not listed here: `gatemap check` shows them.
struct LoadReport {
  std::vector<FileLoad> files;
  std::vector<CheckProblem> skipped;

  // Records a table's verdicts (from check_table) and the errors among `problems`.
  void add(const std::string& file, Schema schema, const std::vector<bool>& loaded,
           const std::vector<CheckProblem>& problems);
  void append(const LoadReport& other);
  std::size_t rows_loaded() const;
  std::size_t rows_skipped() const;
  const FileLoad* file(std::string_view name) const;  // null when the file was not loaded
  std::vector<std::string> lines() const;             // format_problem of each skipped problem
  std::vector<std::string> lines_of(std::string_view name) const;
};

}  // namespace geo
