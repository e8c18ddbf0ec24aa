#include "geo/schema.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

#include "geo/error.hpp"

namespace geo {

// ---- Vocabulary of docs/data-format.md --------------------------------------------------------

namespace vocab {
const Words confidence = {"high", "medium", "low"};
const Words gate_confidence = {"high", "medium", "low", "not_found"};
const Words sides = {"VN", "CN", "border"};
const Words pair_kinds = {"international", "main", "auxiliary", "border_market", "crossing_point", "rail"};
const Words zh_status = {"confirmed", "unconfirmed", "unknown"};
const Words precisions = {"day", "week", "month", "quarter", "approx"};
const Words event_roles = {"status", "planned", "context"};
const Words counted_by = {"vn", "cn", "both"};
const Words initiated_by = {"cn", "vn", "both", "unknown"};
const Words event_types = {"closed",
                           "status_closed",
                           "reopened",
                           "status_open",
                           "opened_new",
                           "resumed_cargo",
                           "resumed_passengers",
                           "resumed_tourism",
                           "suspended_passengers",
                           "suspended_cargo",
                           "restricted",
                           "restricted_cargo",
                           "pilot",
                           "reopening_delayed",
                           "reopening_authorised_vn",
                           "status_report",
                           "hours_set",
                           "hours_extended",
                           "upgrade_planned",
                           "upgrade_proposed",
                           "upgrade_accepted_cn",
                           "upgraded",
                           "policy_change",
                           "planning"};
const Words flow_metrics = {"cargo_vehicles_per_day",
                            "export_vehicles_per_day",
                            "import_vehicles_per_day",
                            "vehicles_per_day",
                            "trucks_arriving_per_day",
                            "passengers_per_day",
                            "rail_wagons_per_day",
                            "rail_wagons_export_per_day",
                            "rail_wagons_import_per_day",
                            "cargo_vehicles_total",
                            "export_vehicles_total",
                            "cn_vehicle_inspections_total",
                            "trucks_waiting",
                            "passengers_total",
                            "rail_passengers_total",
                            "rail_wagons_total",
                            "rail_trains_total",
                            "rail_teu_total",
                            "rail_freight_tonnes_total",
                            "experts_entered_total"};
const Words qualifiers = {"approx", ">", "up_to", "range", "> (peak)"};
const Words trade_scopes = {"lang_son",         "lang_son_guangxi", "guangxi_vietnam", "four_provinces_guangxi",
                            "cao_bang_guangxi", "cao_bang",         "huu_nghi",        "pingxiang_ports_cn",
                            "pingxiang_city_cn"};
const Words trade_metrics = {
    "import_export",        "export", "import", "local_export", "import_export_asean", "agri_import_export",
    "import_export_yoy_pct"};
const Words units = {"USD_million", "CNY_million", "percent"};
const Words bases = {"through_province",
                     "declared_at_lang_son_customs",
                     "via_gates_basis_unstated",
                     "ambiguous",
                     "unstated",
                     "local_goods",
                     "cn_port_statistics",
                     "cn_city_statistics",
                     "guangxi_customs",
                     "guangxi_agri_dept"};
const Words attribution_layers = {"land",  "frontier", "gates", "provinces", "prefectures", "rivers",
                                  "roads", "railways", "towns", "status",    "flows",       "trade"};
const Words land_a3 = {"VNM", "CHN"};
}  // namespace vocab

// Every column a file of the schema must have (docs/data-format.md); order does not matter.
const std::vector<SchemaColumns>& csv_schemas() {
  static const std::vector<SchemaColumns> kSchemas = {
      {Schema::gates,
       {"id", "pair_id", "name_vi", "name_zh", "name_zh_note", "side", "kind", "lon", "lat", "confidence", "source"}},
      {Schema::gate_pairs,
       {"pair_id", "name_vi", "name_zh", "name_zh_status", "name_en", "kind", "district", "source"}},
      {Schema::groups, {"group_id", "gate_id", "from", "to", "source", "confidence"}},
      {Schema::events,
       {"date", "date_precision", "end_date", "gate_id", "event", "initiated_by", "note", "publisher", "source_date",
        "url", "confidence"}},
      {Schema::flows,
       {"start", "end", "gate_id", "metric", "value", "value_high", "qualifier", "note", "publisher", "source_date",
        "url", "confidence"}},
      {Schema::trade,
       {"start", "end", "scope", "metric", "value", "unit", "usd_million_as_reported", "yoy_pct", "basis", "note",
        "publisher", "source_date", "url", "confidence"}},
      {Schema::district_stretches, {"district", "from_km", "to_km", "source"}},
      {Schema::attribution, {"layer", "text", "licence"}},
      {Schema::fx_rates, {"currency", "to", "rate", "period", "source"}},
  };
  return kSchemas;
}

const Words& schema_columns(Schema s) {
  static const Words kNone;
  for (const SchemaColumns& c : csv_schemas())
    if (c.schema == s) return c.columns;
  return kNone;
}

bool contains(const Words& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

std::string join(const Words& words, std::string_view sep) {
  std::string s;
  for (std::string_view w : words) {
    if (!s.empty()) s += sep;
    s += w;
  }
  return s;
}

std::string join(const std::vector<std::string>& words, std::string_view sep) {
  return join(Words(words.begin(), words.end()), sep);
}

std::string quoted(std::string_view s) { return "\"" + printable(s, kQuotedChars) + "\""; }

std::vector<std::string> wall_credit_items(std::string_view wall_credit, std::string_view text) {
  auto trimmed = [](std::string_view s) {
    const size_t a = s.find_first_not_of(" \t\r\n");
    if (a == std::string_view::npos) return std::string();
    return std::string(s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1));
  };
  if (trimmed(wall_credit).empty()) return text.empty() ? std::vector<std::string>{} : std::vector{trimmed(text)};
  if (trimmed(wall_credit) == "-") return {};
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t end = 0; end != std::string_view::npos; start = end + 1) {
    end = wall_credit.find(';', start);
    std::string item = trimmed(wall_credit.substr(start, end == std::string_view::npos ? end : end - start));
    if (!item.empty()) out.push_back(std::move(item));
  }
  return out;
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string number_text(double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

namespace {

// ---- Text helpers -----------------------------------------------------------------------------

// "a, b, c" or "a, b, c and 4 more files": a folder may hold many files of one schema.
std::string file_list(const std::vector<std::string>& files) {
  constexpr size_t kShown = 3;
  if (files.size() <= kShown) return join(files);
  return join(std::vector<std::string>(files.begin(), files.begin() + kShown)) + " and " +
         std::to_string(files.size() - kShown) + " more files";
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

bool ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Ids are lower-case ASCII letters, digits and `_`, starting with a letter.
bool valid_id(std::string_view id) {
  if (id.empty() || !(id[0] >= 'a' && id[0] <= 'z')) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// The word "seed" in any case, not part of a longer word ("SEED:", "seed article"; not "seedless").
bool marked_seed(std::string_view text) {
  for (size_t i = 0; i + 4 <= text.size(); ++i) {
    bool match = true;
    for (size_t k = 0; k < 4 && match; ++k) match = ascii_lower(text[i + k]) == "seed"[k];
    if (!match) continue;
    bool left_ok = i == 0 || !ascii_alpha(text[i - 1]);
    bool right_ok = i + 4 == text.size() || !ascii_alpha(text[i + 4]);
    if (left_ok && right_ok) return true;
  }
  return false;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

// ---- Numbers and dates ------------------------------------------------------------------------

NumberParse parse_number(std::string_view s, double& v) {
  if (s.empty()) return NumberParse::not_a_number;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (end != s.data() + s.size()) return NumberParse::not_a_number;
  if (ec == std::errc::result_out_of_range) return NumberParse::not_finite;
  if (ec != std::errc()) return NumberParse::not_a_number;
  return std::isfinite(v) ? NumberParse::ok : NumberParse::not_finite;
}

std::optional<double> finite_number(std::string_view s) {
  double v = 0;
  if (parse_number(s, v) != NumberParse::ok) return std::nullopt;
  return v;
}

DateParse parse_date(std::string_view s, ParsedDate& out) {
  const bool day_form = s.size() == 10 && s[7] == '-' && all_digits(s.substr(8, 2)) && all_digits(s.substr(5, 2));
  const bool month_form = s.size() == 7 && all_digits(s.substr(5, 2));
  const bool quarter_form = s.size() == 7 && s[5] == 'Q' && all_digits(s.substr(6, 1));
  if (!(day_form || month_form || quarter_form) || s[4] != '-' || !all_digits(s.substr(0, 4)))
    return DateParse::malformed;
  std::optional<ParsedDate> d = parse_iso_date(s);
  if (!d) return DateParse::not_in_calendar;
  out = *d;
  return DateParse::ok;
}

// ---- Records ----------------------------------------------------------------------------------

const std::string& Record::get(std::string_view key) const {
  static const std::string kEmpty;
  auto it = values.find(key);
  return it == values.end() ? kEmpty : it->second;
}

std::vector<Record> records_of(const CsvTable& table) {
  std::vector<Record> out;
  out.reserve(table.rows.size());
  for (const CsvRow& row : table.rows) {
    Record item;
    item.location = "line " + std::to_string(row.line);
    if (row.cells.size() != table.header.size())
      item.shape_problem = "wrong number of fields: " + std::to_string(row.cells.size()) + " (the header has " +
                           std::to_string(table.header.size()) + ")";
    for (size_t i = 0; i < table.header.size() && i < row.cells.size(); ++i)
      item.values.emplace(table.header[i], row.cells[i]);
    out.push_back(std::move(item));
  }
  return out;
}

namespace {

// ---- Row checks -------------------------------------------------------------------------------

constexpr unsigned kDay = 1, kMonth = 2, kUndated = 4, kQuarter = 8;

constexpr const char* kMapArea = "105.5–108.2 E, 21.0–23.2 N";

class RowCheck {
 public:
  RowCheck(const Record& item, const KnownIds& ids, std::vector<CheckProblem>& out, const std::string& file)
      : item_(item), ids_(ids), out_(out), file_(file) {}

  const Record& item() const { return item_; }
  const std::string& get(std::string_view col) const { return item_.get(col); }
  void error(std::string msg) {
    failed_ = true;
    out_.push_back({file_, item_.location, std::move(msg), Severity::error});
  }
  bool failed() const { return failed_; }
  const KnownIds& ids() const { return ids_; }
  void warning(std::string msg) { out_.push_back({file_, item_.location, std::move(msg), Severity::warning}); }

  // False (and a problem) when the column is empty.
  bool required(std::string_view col, std::string_view why = {}) {
    if (!blank(get(col))) return true;
    error("empty " + std::string(col) + (why.empty() ? std::string() : ": " + std::string(why)));
    return false;
  }

  // The value when it is one of `allowed` (or empty and optional).
  bool one_of(std::string_view col, const Words& allowed, bool is_required, std::string_view what = {}) {
    const std::string& v = get(col);
    const std::string name = what.empty() ? std::string(col) : std::string(what);
    if (v.empty() && !is_required) return true;
    if (contains(allowed, v)) return true;
    error((v.empty() ? "empty " + name : "unknown " + name + " " + quoted(v)) + "; expected one of " + join(allowed));
    return false;
  }

  std::optional<ParsedDate> date(std::string_view col, unsigned forms, bool is_required,
                                 std::string_view month_rule = {}, std::string_view quarter_rule = {});
  std::optional<double> number(std::string_view col, bool is_required);
  std::optional<double> coordinate(std::string_view col, double lo, double hi, const char* area);
  void not_before(const std::optional<ParsedDate>& start, std::string_view start_col,
                  const std::optional<ParsedDate>& end, std::string_view end_col);
  void id_syntax(std::string_view col);
  void unique(std::string_view col, RecordState& state);
  void gate_id(std::string_view col);
  void gate_pair(std::string_view col);
  void citation();
  void vertices();

 private:
  const Record& item_;
  const KnownIds& ids_;
  std::vector<CheckProblem>& out_;
  const std::string& file_;
  bool failed_ = false;
};

std::string expected_date_forms(unsigned forms) {
  if (forms & kUndated) return "YYYY-MM-DD, YYYY-MM or undated";
  if (forms & kQuarter) return (forms & kMonth) ? "YYYY-MM-DD, YYYY-MM or YYYY-Qn" : "YYYY-MM-DD or YYYY-Qn";
  return (forms & kMonth) ? "YYYY-MM-DD or YYYY-MM" : "YYYY-MM-DD";
}

std::optional<ParsedDate> RowCheck::date(std::string_view col, unsigned forms, bool is_required,
                                         std::string_view month_rule, std::string_view quarter_rule) {
  const std::string& v = get(col);
  const std::string name(col);
  if (v.empty()) {
    if (is_required) error("empty " + name + ": a date " + expected_date_forms(forms) + " is required");
    return std::nullopt;
  }
  if (v == "undated") {
    if (!(forms & kUndated)) error(name + " \"undated\": undated is allowed only in source_date");
    return std::nullopt;
  }
  ParsedDate span;
  switch (parse_date(v, span)) {
    case DateParse::malformed:
      error(name + " " + quoted(v) + " is not a date (expected " + expected_date_forms(forms) + ")");
      return std::nullopt;
    case DateParse::not_in_calendar:
      error(name + " " + quoted(v) + " is not a real calendar date");
      return std::nullopt;
    case DateParse::ok: break;
  }
  if ((span.precision == DatePrecision::month) && !(forms & kMonth)) {
    error(name + " " + quoted(v) + " is a month: " +
          (month_rule.empty() ? std::string("a full date YYYY-MM-DD is needed here") : std::string(month_rule)));
    return std::nullopt;
  }
  if ((span.precision == DatePrecision::quarter) && !(forms & kQuarter)) {
    error(name + " " + quoted(v) + " is a quarter: " +
          (quarter_rule.empty() ? std::string("a quarter YYYY-Qn is allowed only in events' date (with "
                                              "date_precision quarter) and end_date")
                                : std::string(quarter_rule)));
    return std::nullopt;
  }
  return span;
}

std::optional<double> RowCheck::number(std::string_view col, bool is_required) {
  const std::string& v = get(col);
  if (v.empty()) {
    if (is_required) error("empty " + std::string(col) + ": a number is required (empty means unknown)");
    return std::nullopt;
  }
  double x = 0;
  switch (parse_number(v, x)) {
    case NumberParse::ok: return x;
    case NumberParse::not_finite:
      error(std::string(col) + " " + quoted(v) + " is not a finite number");
      return std::nullopt;
    case NumberParse::not_a_number: break;
  }
  error(std::string(col) + " " + quoted(v) + " is not a number (plain decimal with a . as decimal point)");
  return std::nullopt;
}

std::optional<double> RowCheck::coordinate(std::string_view col, double lo, double hi, const char* area) {
  std::optional<double> x = number(col, true);
  if (x && (*x < lo || *x > hi)) {
    error(std::string(col) + " " + get(col) + " is outside the map area (" + area + ")");
    return std::nullopt;
  }
  return x;
}

void RowCheck::not_before(const std::optional<ParsedDate>& start, std::string_view start_col,
                          const std::optional<ParsedDate>& end, std::string_view end_col) {
  if (start && end && end->last < start->first)
    error(std::string(end_col) + " " + get(end_col) + " is before " + std::string(start_col) + " " + get(start_col));
}

void RowCheck::id_syntax(std::string_view col) {
  const std::string& v = get(col);
  if (!v.empty() && !valid_id(v))
    error(std::string(col) + " " + quoted(v) + " is not an id: lower-case ASCII letters, digits and _ (e.g. huu_nghi)");
}

void RowCheck::unique(std::string_view col, RecordState& state) {
  const std::string& v = get(col);
  if (v.empty()) return;
  auto [it, inserted] = state.seen.emplace(v, item_.location);
  if (!inserted) error("duplicate " + std::string(col) + " " + quoted(v) + " (first on " + it->second + ")");
}

void RowCheck::gate_id(std::string_view col) {
  const std::string& v = get(col);
  if (!required(col, "a gate pair, a group or a context id is required") || !ids_.checked) return;
  if (ids_.pairs.count(v) || ids_.groups.count(v) || ids_.context.count(v)) return;
  std::vector<std::string> where = ids_.pair_files;
  where.insert(where.end(), ids_.group_files.begin(), ids_.group_files.end());
  std::vector<std::string> context(ids_.context.begin(), ids_.context.end());
  error("unknown gate id " + quoted(v) + ": not a gate pair or group of " +
        (where.empty() ? std::string("the data") : file_list(where)) +
        (context.empty() ? std::string() : ", nor a context id (" + join(context) + ")"));
}

void RowCheck::gate_pair(std::string_view col) {
  const std::string& v = get(col);
  if (!required(col, "a gate pair is required") || !ids_.checked || ids_.pairs.count(v)) return;
  error("unknown gate pair " + quoted(v) + ": not a gate pair of " +
        (ids_.pair_files.empty() ? std::string("the data") : file_list(ids_.pair_files)));
}

// publisher, source_date, url, confidence: every figure has a source.
void RowCheck::citation() {
  required("publisher", "every figure needs a source");
  date("source_date", kDay | kMonth | kUndated, true);
  const std::string& url = get("url");
  if (blank(url)) {
    if (marked_seed(get("publisher")) || marked_seed(get("note")))
      warning("unverified: seed article, no URL");
    else
      error("empty url: only rows marked SEED (figures of the seed articles) may have no URL");
  } else if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    error("url " + quoted(url) + " does not start with http:// or https://");
  }
  one_of("confidence", vocab::confidence, true);
}

// Every position finite and inside the map area; one problem per feature (the first bad vertex).
void RowCheck::vertices() {
  if (!item_.geometry_problem.empty()) error(item_.geometry_problem);
  std::string first;
  size_t bad = 0;
  for (size_t k = 0; k < item_.vertices.size(); ++k) {
    const LonLat& p = item_.vertices[k];
    const std::string where =
        "vertex " + std::to_string(k + 1) + " (" + number_text(p.lon) + ", " + number_text(p.lat) + ")";
    std::string problem;
    if (!std::isfinite(p.lon) || !std::isfinite(p.lat))
      problem = where + " is not finite (NaN and infinity are errors)";
    else if (p.lon < kMapLonMin || p.lon > kMapLonMax || p.lat < kMapLatMin || p.lat > kMapLatMax)
      problem = where + " is outside the map area (" + kMapArea + ")";
    if (problem.empty()) continue;
    if (bad++ == 0) first = problem;
  }
  if (bad > 1) first += " (and " + std::to_string(bad - 1) + " more)";
  if (bad > 0) error(first);
}

// ---- Per-schema rules -------------------------------------------------------------------------

void gate_position_csv(RowCheck& c, bool& located) {
  const bool has_lon = !c.get("lon").empty(), has_lat = !c.get("lat").empty();
  located = has_lon || has_lat;
  if (has_lon != has_lat) {
    c.error("lon and lat must be both given or both empty");
    return;
  }
  if (!located) return;
  c.coordinate("lon", kMapLonMin, kMapLonMax, "105.5–108.2 E");
  c.coordinate("lat", kMapLatMin, kMapLatMax, "21.0–23.2 N");
}

void gate_position_feature(RowCheck& c, bool& located) {
  located = c.item().has_geometry;
  if (!located) return;
  if (c.item().geometry_type != "Point")
    c.error("a gate's geometry must be a Point or null (found " + c.item().geometry_type + ")");
  c.vertices();
}

void check_gate(RowCheck& c, RecordState& state, bool features) {
  if (c.required("id")) c.id_syntax("id");
  c.unique("id", state);
  // A planner's gate is a new point: an id of the built-in data would make two gates of one id.
  if (c.ids().builtin_gate_ids.count(c.get("id")))
    c.error("id " + c.get("id") + " is already used by the built-in data");
  if (c.required("pair_id")) c.id_syntax("pair_id");
  c.required("name_vi");
  c.one_of("side", vocab::sides, true);
  bool located = false;
  if (features)
    gate_position_feature(c, located);
  else
    gate_position_csv(c, located);
  if (c.one_of("confidence", vocab::gate_confidence, true)) {
    const bool not_found = c.get("confidence") == "not_found";
    if (not_found && located)
      c.error("confidence not_found but a position is given (a located gate is high, medium or low)");
    if (!not_found && !located)
      c.error("no position but confidence " + quoted(c.get("confidence")) + ": a gate no source locates is not_found");
  }
  c.required("source", "say where the coordinate comes from");
}

void check_gate_pair(RowCheck& c, RecordState& state) {
  if (c.required("pair_id")) c.id_syntax("pair_id");
  c.unique("pair_id", state);
  c.required("name_vi");
  c.one_of("name_zh_status", vocab::zh_status, true);
  c.one_of("kind", vocab::pair_kinds, true);
  c.required("district");
  c.required("source");
}

void check_group(RowCheck& c) {
  if (c.required("group_id")) c.id_syntax("group_id");
  if (c.ids().checked && c.ids().pairs.count(c.get("group_id")))
    c.error("group_id " + quoted(c.get("group_id")) + " is a gate pair: a group needs an id of its own");
  c.gate_pair("gate_id");
  auto from = c.date("from", kDay, false);
  auto to = c.date("to", kDay, false);
  c.not_before(from, "from", to, "to");
  c.required("source");
  c.one_of("confidence", vocab::confidence, true);
}

void check_event(RowCheck& c) {
  const std::string& precision = c.get("date_precision");
  const std::string month_rule = "allowed only with date_precision month (this row has " + quoted(precision) + ")";
  const std::string quarter_rule = "allowed only with date_precision quarter (this row has " + quoted(precision) + ")";
  const unsigned forms = precision == "month" ? kDay | kMonth : precision == "quarter" ? kDay | kQuarter : kDay;
  auto start = c.date("date", forms, true, month_rule, quarter_rule);
  c.one_of("date_precision", vocab::precisions, true);
  auto end = c.date("end_date", kDay | kMonth | kQuarter, false);
  c.not_before(start, "date", end, "end_date");
  c.gate_id("gate_id");
  c.one_of("event", vocab::event_types, true, "event type");
  c.one_of("initiated_by", vocab::initiated_by, false);
  // Optional column (files written before it load unchanged): empty = status.
  c.one_of("role", vocab::event_roles, false);
  c.citation();
}

void check_flow(RowCheck& c) {
  // A month start applies from its 1st; a month end means "some day of that month" (docs/data-format.md).
  auto start = c.date("start", kDay | kMonth, false);
  auto end = c.date("end", kDay | kMonth, true);
  c.not_before(start, "start", end, "end");
  c.gate_id("gate_id");
  c.one_of("metric", vocab::flow_metrics, true);
  auto value = c.number("value", true);
  auto high = c.number("value_high", false);
  // Every flow metric is a count (vehicles, passengers, wagons, tonnes): never below zero.
  if (value && *value < 0) c.error("value " + quoted(c.get("value")) + " is negative (a count is 0 or more)");
  if (high && *high < 0) c.error("value_high " + quoted(c.get("value_high")) + " is negative (a count is 0 or more)");
  if (value && high && *high < *value)
    c.error("value_high " + c.get("value_high") + " is below value " + c.get("value"));
  if (c.one_of("qualifier", vocab::qualifiers, false)) {
    const bool range = c.get("qualifier") == "range";
    if (range && c.get("value_high").empty()) c.error("qualifier range needs value_high (the high end)");
    if (!range && !c.get("value_high").empty())
      c.error("value_high given but qualifier is " + quoted(c.get("qualifier")) + " (a range has qualifier range)");
  }
  // Optional column: who counted (empty = the source does not say).
  c.one_of("counted_by", vocab::counted_by, false);
  c.citation();
}

void check_trade(RowCheck& c) {
  auto start = c.date("start", kDay, true);
  auto end = c.date("end", kDay, true);
  c.not_before(start, "start", end, "end");
  c.one_of("scope", vocab::trade_scopes, true);
  c.one_of("metric", vocab::trade_metrics, true);
  auto value = c.number("value", true);
  c.one_of("unit", vocab::units, true);
  // A trade value is an amount of money (a year-on-year change, unit percent, may be negative).
  if (value && *value < 0 && c.get("unit") != "percent")
    c.error("value " + quoted(c.get("value")) + " is negative (an amount of trade is 0 or more)");
  if (auto usd = c.number("usd_million_as_reported", false); usd && *usd < 0)
    c.error("usd_million_as_reported " + quoted(c.get("usd_million_as_reported")) + " is negative");
  c.number("yoy_pct", false);
  c.one_of("basis", vocab::bases, true);
  c.citation();
}

void check_district_stretch(RowCheck& c, RecordState& state) {
  c.required("district");
  auto from = c.number("from_km", true);
  auto to = c.number("to_km", true);
  if (from && *from < 0) c.error("from_km " + c.get("from_km") + " is negative");
  if (from && to && !(*from < *to)) c.error("from_km " + c.get("from_km") + " is not below to_km " + c.get("to_km"));
  if (from && state.previous_to_km && std::abs(*from - *state.previous_to_km) > 1e-9)
    c.error("from_km " + c.get("from_km") + " does not continue the previous row's to_km " +
            number_text(*state.previous_to_km) + " (rows are in order and contiguous)");
  state.previous_to_km = to;
  c.required("source");
}

void check_attribution(RowCheck& c) {
  c.one_of("layer", vocab::attribution_layers, true);
  c.required("text");
  c.required("licence");
  const std::string& credit = c.get("wall_credit");
  if (blank(credit) || credit == "-") return;
  if (credit.find_first_of("\r\n") != std::string::npos) {
    c.error("wall_credit " + quoted(credit) + " spans lines; give items on one line, separated by ';'");
    return;
  }
  size_t start = 0;
  for (size_t end = 0; end != std::string::npos; start = end + 1) {
    end = credit.find(';', start);
    const std::string_view item = std::string_view(credit).substr(start, end == std::string::npos ? end : end - start);
    const size_t chars = static_cast<size_t>(std::count_if(
        item.begin(), item.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xc0) != 0x80; }));
    if (blank(item))
      c.error("wall_credit " + quoted(credit) + " has an empty item (items are separated by ';'; \"-\" for none)");
    else if (chars > kWallCreditMaxChars)
      c.error("wall_credit item " + quoted(item) + " is " + std::to_string(chars) +
              " characters long; a wall's credit is at most " + std::to_string(kWallCreditMaxChars) +
              " (the long form goes in text)");
  }
}

void currency_code(RowCheck& c, std::string_view col) {
  const std::string& v = c.get(col);
  const bool ok = v.size() == 3 && std::all_of(v.begin(), v.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
  if (!ok) c.error(std::string(col) + " " + quoted(v) + " is not an ISO 4217 currency code (e.g. CNY, USD)");
}

void check_fx_rate(RowCheck& c) {
  currency_code(c, "currency");
  currency_code(c, "to");
  auto rate = c.number("rate", true);
  if (rate && *rate <= 0) c.error("rate " + c.get("rate") + " is not positive");
  const std::string& period = c.get("period");
  const size_t slash = period.find('/');
  ParsedDate a, b;
  const bool ok = slash != std::string::npos && parse_date(period.substr(0, slash), a) == DateParse::ok &&
                  a.precision == DatePrecision::day && parse_date(period.substr(slash + 1), b) == DateParse::ok &&
                  b.precision == DatePrecision::day;
  if (!ok)
    c.error("period " + quoted(period) + " is not YYYY-MM-DD/YYYY-MM-DD of real calendar dates");
  else if (b.last < a.first)
    c.error("period " + quoted(period) + " ends before it starts");
  c.required("source");
}

void check_geometry_feature(RowCheck& c, Schema schema) {
  const std::string& type = c.item().geometry_type;
  if (!c.item().has_geometry) {
    c.error("no geometry");
    return;
  }
  if (schema == Schema::frontier) {
    if (type != "LineString")
      c.error("the frontier's geometry must be a LineString (found " + type + ")");
    else if (c.item().vertices.size() < 2)
      c.error(kFrontierTooShort);
    if (auto km = c.number("official_km", true); km && *km <= 0) c.error("official_km must be positive");
  } else if (schema == Schema::land) {
    if (type != "Polygon" && type != "MultiPolygon")
      c.error("land must be a Polygon or MultiPolygon (found " + type + ")");
    c.one_of("A3", vocab::land_a3, true);
  }
  c.vertices();
}

void check_item(RowCheck& c, Schema schema, RecordState& state, bool features) {
  switch (schema) {
    case Schema::gates: return check_gate(c, state, features);
    case Schema::gate_pairs: return check_gate_pair(c, state);
    case Schema::groups: return check_group(c);
    case Schema::events: return check_event(c);
    case Schema::flows: return check_flow(c);
    case Schema::trade: return check_trade(c);
    case Schema::district_stretches: return check_district_stretch(c, state);
    case Schema::attribution: return check_attribution(c);
    case Schema::fx_rates: return check_fx_rate(c);
    case Schema::frontier:
    case Schema::land:
    case Schema::context: return check_geometry_feature(c, schema);
    case Schema::unknown: return;
  }
}

}  // namespace

// ---- Public API -------------------------------------------------------------------------------

const char* to_string(Schema s) {
  switch (s) {
    case Schema::gates: return "gates";
    case Schema::gate_pairs: return "gate_pairs";
    case Schema::groups: return "groups";
    case Schema::events: return "events";
    case Schema::flows: return "flows";
    case Schema::trade: return "trade";
    case Schema::district_stretches: return "district_stretches";
    case Schema::attribution: return "attribution";
    case Schema::fx_rates: return "fx_rates";
    case Schema::frontier: return "frontier";
    case Schema::land: return "land";
    case Schema::context: return "context";
    case Schema::unknown: break;
  }
  return "unknown";
}

Schema detect_csv_schema(const std::vector<std::string>& header) {
  Schema best = Schema::unknown;
  size_t best_n = 0;
  for (const SchemaColumns& s : csv_schemas()) {
    const bool all = std::all_of(s.columns.begin(), s.columns.end(), [&](std::string_view c) {
      return std::find(header.begin(), header.end(), c) != header.end();
    });
    if (all && s.columns.size() > best_n) best = s.schema, best_n = s.columns.size();
  }
  return best;
}

std::string format_problem(const CheckProblem& p) {
  std::string s = p.file;
  if (!p.location.empty()) s += ":" + (p.location.rfind("line ", 0) == 0 ? p.location.substr(5) : p.location);
  s += ": ";
  if (p.severity == Severity::warning) s += "warning: ";
  return printable(s + p.message);
}

namespace {

// Where `s` stops being valid UTF-8 (the first byte of the bad sequence), or npos.
std::size_t invalid_utf8_at(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80                          ? 1
                      : (c & 0xE0) == 0xC0 && c >= 0xC2 ? 2
                      : (c & 0xF0) == 0xE0              ? 3
                      : (c & 0xF8) == 0xF0 && c <= 0xF4 ? 4
                                                        : 0;
    if (len == 0) return i;
    char32_t cp = len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (std::size_t k = 1; k < len; ++k) {
      const auto d = i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
      if ((d & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (d & 0x3Fu);
    }
    if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp < 0xE000))) return i;  // overlong, surrogate
    if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

// The format is UTF-8 text: a Latin-1 or Windows-1258 byte, or a NUL, is an error of the row (its
// first such cell), before any other rule (whose messages would quote the bad bytes).
std::string encoding_problem(const Record& record) {
  static const char kHex[] = "0123456789ABCDEF";
  for (const auto& [key, value] : record.values) {
    if (const std::size_t at = value.find('\0'); at != std::string::npos)
      return printable(key, 40) + " holds a NUL byte (byte " + std::to_string(at + 1) + " of the field)";
    if (const std::size_t at = invalid_utf8_at(value); at != std::string_view::npos) {
      const auto b = static_cast<unsigned char>(value[at]);
      return printable(key, 40) + " is not UTF-8 (byte 0x" + kHex[b >> 4] + kHex[b & 15] + " at byte " +
             std::to_string(at + 1) + " of the field; Latin-1 or Windows-1258? save the file as UTF-8)";
    }
  }
  return {};
}

}  // namespace

bool check_record(Schema schema, const Record& record, const KnownIds& ids, RecordState& state, bool feature,
                  const std::string& file, std::vector<CheckProblem>& out) {
  RowCheck c(record, ids, out, file);
  if (!record.shape_problem.empty())
    c.error(record.shape_problem);
  else if (std::string bad = encoding_problem(record); !bad.empty())
    c.error(std::move(bad));
  else
    check_item(c, schema, state, feature);
  return !c.failed();
}

std::vector<bool> check_table(Schema schema, const CsvTable& table, const KnownIds& ids,
                              std::vector<CheckProblem>& out) {
  std::vector<bool> verdicts;
  verdicts.reserve(table.rows.size());
  RecordState state;
  for (const Record& r : records_of(table))
    verdicts.push_back(check_record(schema, r, ids, state, false, table.file, out));
  return verdicts;
}

std::string missing_column(Schema schema, const CsvTable& table) {
  for (std::string_view c : schema_columns(schema))
    if (table.column(c) < 0) return std::string(c);
  return {};
}

// ---- LoadReport -------------------------------------------------------------------------------

void LoadReport::add(const std::string& file, Schema schema, const std::vector<bool>& loaded,
                     const std::vector<CheckProblem>& problems) {
  FileLoad f{file, schema, 0, 0};
  for (bool ok : loaded) ++(ok ? f.rows_loaded : f.rows_skipped);
  files.push_back(std::move(f));
  for (const CheckProblem& p : problems)
    if (p.severity == Severity::error) skipped.push_back(p);
}

void LoadReport::append(const LoadReport& other) {
  files.insert(files.end(), other.files.begin(), other.files.end());
  skipped.insert(skipped.end(), other.skipped.begin(), other.skipped.end());
}

std::size_t LoadReport::rows_loaded() const {
  std::size_t n = 0;
  for (const FileLoad& f : files) n += f.rows_loaded;
  return n;
}

std::size_t LoadReport::rows_skipped() const {
  std::size_t n = 0;
  for (const FileLoad& f : files) n += f.rows_skipped;
  return n;
}

const FileLoad* LoadReport::file(std::string_view name) const {
  for (const FileLoad& f : files)
    if (f.file == name) return &f;
  return nullptr;
}

std::vector<std::string> LoadReport::lines() const {
  std::vector<std::string> out;
  for (const CheckProblem& p : skipped) out.push_back(format_problem(p));
  return out;
}

std::vector<std::string> LoadReport::lines_of(std::string_view name) const {
  std::vector<std::string> out;
  for (const CheckProblem& p : skipped)
    if (p.file == name) out.push_back(format_problem(p));
  return out;
}

}  // namespace geo
