#include "geo/check.hpp"

#include <cpl_error.h>
#include <cpl_json.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

#include "geo/csv.hpp"
#include "geo/error.hpp"
#include "geo/types.hpp"
#include "geo/vector_io.hpp"

namespace geo {

namespace {

using Words = std::vector<std::string_view>;

// ---- Vocabulary of docs/data-format.md --------------------------------------------------------

constexpr double kLonMin = 105.5, kLonMax = 108.2, kLatMin = 21.0, kLatMax = 23.2;
constexpr const char* kMapArea = "105.5–108.2 E, 21.0–23.2 N";

const Words kConfidence = {"high", "medium", "low"};
const Words kGateConfidence = {"high", "medium", "low", "not_found"};
const Words kSides = {"VN", "CN", "border"};
const Words kPairKinds = {"international", "main", "auxiliary", "border_market", "crossing_point", "rail"};
const Words kZhStatus = {"confirmed", "unconfirmed", "unknown"};
const Words kPrecisions = {"day", "week", "month", "approx"};
const Words kInitiatedBy = {"cn", "vn", "both", "unknown"};
const Words kEventTypes = {"closed", "status_closed", "reopened", "status_open", "opened_new", "resumed_cargo",
                           "resumed_passengers", "resumed_tourism", "suspended_passengers", "restricted",
                           "reopening_delayed", "reopening_authorised_vn", "status_report", "hours_set",
                           "hours_extended", "upgrade_planned", "upgrade_proposed", "upgrade_accepted_cn",
                           "upgraded", "policy_change", "planning"};
const Words kFlowMetrics = {"cargo_vehicles_per_day", "export_vehicles_per_day", "import_vehicles_per_day",
                            "vehicles_per_day", "trucks_arriving_per_day", "passengers_per_day",
                            "rail_wagons_per_day", "rail_wagons_export_per_day", "rail_wagons_import_per_day",
                            "cargo_vehicles_total", "export_vehicles_total", "cn_vehicle_inspections_total",
                            "trucks_waiting", "passengers_total", "rail_passengers_total", "rail_wagons_total",
                            "rail_trains_total", "rail_teu_total", "rail_freight_tonnes_total"};
const Words kQualifiers = {"approx", ">", "up_to", "range", "> (peak)"};
const Words kTradeScopes = {"lang_son", "lang_son_guangxi", "guangxi_vietnam", "four_provinces_guangxi",
                            "cao_bang_guangxi", "cao_bang", "huu_nghi", "pingxiang_ports_cn", "pingxiang_city_cn"};
const Words kTradeMetrics = {"import_export", "export", "import", "local_export", "import_export_asean",
                             "agri_import_export", "import_export_yoy_pct"};
const Words kUnits = {"USD_million", "CNY_million", "percent"};
const Words kBases = {"through_province", "declared_at_lang_son_customs", "via_gates_basis_unstated", "ambiguous",
                      "unstated", "local_goods", "cn_port_statistics", "cn_city_statistics", "guangxi_customs",
                      "guangxi_agri_dept"};
const Words kAttributionLayers = {"land", "frontier", "gates", "provinces", "prefectures", "rivers", "roads",
                                  "railways", "towns", "status", "flows", "trade"};
const Words kLandA3 = {"VNM", "CHN"};

struct SchemaColumns {
  Schema schema;
  Words columns;
};

// Every column a file of the schema must have (docs/data-format.md); order does not matter.
const std::vector<SchemaColumns>& csv_schemas() {
  static const std::vector<SchemaColumns> kSchemas = {
      {Schema::gates, {"id", "pair_id", "name_vi", "name_zh", "name_zh_note", "side", "kind", "lon", "lat",
                       "confidence", "source"}},
      {Schema::gate_pairs, {"pair_id", "name_vi", "name_zh", "name_zh_status", "name_en", "kind", "district", "source"}},
      {Schema::groups, {"group_id", "gate_id", "from", "to", "source", "confidence"}},
      {Schema::events, {"date", "date_precision", "end_date", "gate_id", "event", "initiated_by", "note", "publisher",
                        "source_date", "url", "confidence"}},
      {Schema::flows, {"start", "end", "gate_id", "metric", "value", "value_high", "qualifier", "note", "publisher",
                       "source_date", "url", "confidence"}},
      {Schema::trade, {"start", "end", "scope", "metric", "value", "unit", "usd_million_as_reported", "yoy_pct",
                       "basis", "note", "publisher", "source_date", "url", "confidence"}},
      {Schema::district_stretches, {"district", "from_km", "to_km", "source"}},
      {Schema::attribution, {"layer", "text", "licence"}},
      {Schema::fx_rates, {"currency", "to", "rate", "period", "source"}},
  };
  return kSchemas;
}

// ---- Text helpers -----------------------------------------------------------------------------

std::string join(const Words& words, std::string_view sep = ", ") {
  std::string s;
  for (std::string_view w : words) {
    if (!s.empty()) s += sep;
    s += w;
  }
  return s;
}

std::string join(const std::vector<std::string>& words, std::string_view sep = ", ") {
  return join(Words(words.begin(), words.end()), sep);
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// "a, b, c" or "a, b, c and 4 more files": a folder may hold many files of one schema.
std::string file_list(const std::vector<std::string>& files) {
  constexpr size_t kShown = 3;
  if (files.size() <= kShown) return join(files);
  return join(std::vector<std::string>(files.begin(), files.begin() + kShown)) + " and " +
         std::to_string(files.size() - kShown) + " more files";
}

bool contains(const Words& words, std::string_view w) { return std::find(words.begin(), words.end(), w) != words.end(); }

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

bool ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Ids are lower-case ASCII letters, digits and `_`, starting with a letter.
bool valid_id(std::string_view id) {
  if (id.empty() || !(id[0] >= 'a' && id[0] <= 'z')) return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
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

std::string lower_extension(std::string_view name) {
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string ext(name.substr(dot + 1));
  for (char& c : ext) c = ascii_lower(c);
  return ext;
}

bool checkable_extension(std::string_view name) {
  std::string ext = lower_extension(name);
  return ext == "csv" || ext == "geojson" || ext == "json" || ext == "gpkg";
}

std::string number_text(double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

// ---- Dates and numbers ------------------------------------------------------------------------

enum class Parsed { ok, malformed, not_in_calendar };

struct DaySpan {
  std::chrono::sys_days first, last;  // inclusive; equal for a day, the month's ends for `YYYY-MM`
  bool month = false;
};

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// Strict `YYYY-MM-DD` or `YYYY-MM`; the day must exist in the proleptic Gregorian calendar.
Parsed parse_date(std::string_view s, DaySpan& out) {
  using namespace std::chrono;
  const bool day_form = s.size() == 10 && s[7] == '-' && all_digits(s.substr(8, 2));
  const bool month_form = s.size() == 7;
  if (!(day_form || month_form) || s[4] != '-' || !all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)))
    return Parsed::malformed;
  const year y{to_int(s.substr(0, 4))};
  const month m{static_cast<unsigned>(to_int(s.substr(5, 2)))};
  if (month_form) {
    if (!m.ok()) return Parsed::not_in_calendar;
    out = {sys_days{y / m / 1}, sys_days{y / m / last}, true};
    return Parsed::ok;
  }
  const year_month_day ymd{y, m, day{static_cast<unsigned>(to_int(s.substr(8, 2)))}};
  if (!ymd.ok()) return Parsed::not_in_calendar;
  out = {sys_days{ymd}, sys_days{ymd}, false};
  return Parsed::ok;
}

enum class Number { ok, not_a_number, not_finite };

// Plain decimal (or exponent) notation, the whole text; "nan", "inf" and overflow are not finite.
Number parse_number(std::string_view s, double& v) {
  if (s.empty()) return Number::not_a_number;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (end != s.data() + s.size()) return Number::not_a_number;
  if (ec == std::errc::result_out_of_range) return Number::not_finite;
  if (ec != std::errc()) return Number::not_a_number;
  return std::isfinite(v) ? Number::ok : Number::not_finite;
}

// ---- What was read: layers of items (CSV rows or features) -------------------------------------

struct Item {
  std::string location;                                 // "line 12", "feature 3"
  std::map<std::string, std::string, std::less<>> values;  // column / property -> text ("" = empty or null)
  std::string shape_problem;                            // CSV: wrong number of fields (row not checked)
  bool has_geometry = false;                            // features only
  std::string geometry_type;                            // "Point", "LineString", … (features only)
  std::vector<LonLat> vertices;                         // every position, as written (may be NaN)
  std::string geometry_problem;                         // malformed coordinates

  const std::string& get(std::string_view key) const {
    static const std::string kEmpty;
    auto it = values.find(key);
    return it == values.end() ? kEmpty : it->second;
  }
};

struct Layer {
  Schema schema = Schema::unknown;
  bool features = false;  // GeoJSON / GeoPackage (geometry present) rather than CSV rows
  std::vector<Item> items;
};

struct LoadedFile {
  std::string path, shown;
  std::vector<Layer> layers;
  std::vector<CheckProblem> problems;  // the whole file or a layer could not be read / recognised
  bool counted = true;                 // counts as a checked file
};

void add_problem(LoadedFile& f, std::string location, std::string message) {
  f.problems.push_back({f.shown, std::move(location), std::move(message), Severity::error});
}

// ---- Schema recognition -----------------------------------------------------------------------

size_t columns_present(const SchemaColumns& s, const std::set<std::string, std::less<>>& keys, bool skip_lonlat) {
  size_t n = 0;
  for (std::string_view c : s.columns)
    if (keys.count(c) || (skip_lonlat && (c == "lon" || c == "lat"))) ++n;
  return n;
}

Schema best_tabular_schema(const std::set<std::string, std::less<>>& keys, bool features) {
  Schema best = Schema::unknown;
  size_t best_n = 0;
  for (const SchemaColumns& s : csv_schemas()) {
    // Gates as features carry their position in the geometry, not in lon/lat properties.
    const bool skip = features && s.schema == Schema::gates;
    if (columns_present(s, keys, skip) == s.columns.size() && s.columns.size() > best_n) {
      best = s.schema;
      best_n = s.columns.size();
    }
  }
  return best;
}

// "…; closest: events, which also needs url" when some schema has at least half its columns.
std::string closest_schema_hint(const std::set<std::string, std::less<>>& keys) {
  const SchemaColumns* best = nullptr;
  double best_share = 0.5;
  for (const SchemaColumns& s : csv_schemas()) {
    double share = static_cast<double>(columns_present(s, keys, false)) / static_cast<double>(s.columns.size());
    if (share >= best_share) best = &s, best_share = share;
  }
  if (!best) return {};
  Words missing;
  for (std::string_view c : best->columns)
    if (!keys.count(c)) missing.push_back(c);
  return std::string("; closest: ") + to_string(best->schema) + ", which also needs " + join(missing);
}

std::string csv_schema_names() {
  Words names;
  for (const SchemaColumns& s : csv_schemas()) names.push_back(to_string(s.schema));
  return join(names);
}

Schema detect_feature_schema(const std::set<std::string, std::less<>>& keys) {
  Schema s = best_tabular_schema(keys, true);
  if (s != Schema::unknown) return s;
  if (keys.count("official_km")) return Schema::frontier;
  if (keys.count("A3")) return Schema::land;
  if (keys.count("name")) return Schema::context;
  return Schema::unknown;
}

std::string unknown_feature_schema_message(const std::set<std::string, std::less<>>& keys) {
  std::vector<std::string> names(keys.begin(), keys.end());
  return "unknown schema: properties " + quoted(join(names)) + "; expected the columns of one of " + csv_schema_names() +
         " (gates with a Point geometry instead of lon/lat), or `official_km` (frontier), `A3` (land) or `name` "
         "(context layers), see docs/data-format.md" + closest_schema_hint(keys);
}

// ---- Loading: CSV -----------------------------------------------------------------------------

void load_csv(LoadedFile& f) {
  CsvTable table;
  try {
    table = parse_csv(read_text_file(f.path), f.shown);
  } catch (const Error& e) {
    add_problem(f, e.where(), e.problem());
    return;
  }
  Layer layer;
  layer.schema = detect_csv_schema(table.header);
  if (layer.schema == Schema::unknown) {
    std::set<std::string, std::less<>> keys(table.header.begin(), table.header.end());
    add_problem(f, "line 1", "unknown schema: header " + quoted(join(table.header, ",")) + "; expected one of " +
                                 csv_schema_names() + " (see docs/data-format.md)" + closest_schema_hint(keys));
    return;
  }
  for (const CsvRow& row : table.rows) {
    Item item;
    item.location = "line " + std::to_string(row.line);
    if (row.cells.size() != table.header.size())
      item.shape_problem = "wrong number of fields: " + std::to_string(row.cells.size()) + " (the header has " +
                           std::to_string(table.header.size()) + ")";
    for (size_t i = 0; i < table.header.size() && i < row.cells.size(); ++i)
      item.values.emplace(table.header[i], row.cells[i]);
    layer.items.push_back(std::move(item));
  }
  f.layers.push_back(std::move(layer));
}

// ---- Loading: GeoJSON (read here rather than through OGR, which silently turns a NaN position
// into an empty point) ---------------------------------------------------------------------------

struct QuietGdal {
  QuietGdal() {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
  }
  ~QuietGdal() { CPLPopErrorHandler(); }
};

bool json_number(const CPLJSONObject& o) {
  auto t = o.GetType();
  return t == CPLJSONObject::Type::Integer || t == CPLJSONObject::Type::Long || t == CPLJSONObject::Type::Double;
}

std::string json_scalar_text(const CPLJSONObject& o) {
  switch (o.GetType()) {
    case CPLJSONObject::Type::Null:
    case CPLJSONObject::Type::Unknown:
      return {};
    case CPLJSONObject::Type::Object:
    case CPLJSONObject::Type::Array:
      return o.Format(CPLJSONObject::PrettyFormat::Plain);
    case CPLJSONObject::Type::Boolean:
      return o.ToBool() ? "true" : "false";
    case CPLJSONObject::Type::Double:
      return number_text(o.ToDouble());
    default:
      return o.ToString();
  }
}

// Collects the positions of a coordinates array of any depth.
void collect_positions(const CPLJSONObject& c, Item& item) {
  if (c.GetType() != CPLJSONObject::Type::Array) {
    item.geometry_problem = "coordinates must be arrays of numbers";
    return;
  }
  const CPLJSONArray a = c.ToArray();
  if (a.Size() > 0 && json_number(a[0])) {
    if (a.Size() < 2 || !json_number(a[1])) {
      item.geometry_problem = "a position needs two numbers: [lon, lat]";
      return;
    }
    item.vertices.push_back({a[0].ToDouble(), a[1].ToDouble()});
    return;
  }
  for (int i = 0; i < a.Size() && item.geometry_problem.empty(); ++i) collect_positions(a[i], item);
}

void read_json_geometry(const CPLJSONObject& g, Item& item) {
  if (!g.IsValid() || g.GetType() == CPLJSONObject::Type::Null) return;
  item.has_geometry = true;
  if (g.GetType() != CPLJSONObject::Type::Object) {
    item.geometry_problem = "geometry must be an object or null";
    return;
  }
  const std::string type = g.GetString("type");
  if (item.geometry_type.empty()) item.geometry_type = type;
  static const Words kTypes = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"};
  if (type == "GeometryCollection") {
    const CPLJSONArray parts = g.GetArray("geometries");
    for (int i = 0; i < parts.Size(); ++i) read_json_geometry(parts[i], item);
  } else if (contains(kTypes, type)) {
    collect_positions(g.GetObj("coordinates"), item);
  } else {
    item.geometry_problem = "unknown geometry type " + quoted(type);
  }
}

// json-c says "JSON parsing error: <state> (at offset N)"; a line number is what a user can act on.
std::string json_error_place(const std::string& gdal_message, const std::string& text) {
  const std::string marker = "(at offset ";
  const size_t at = gdal_message.find(marker);
  if (at == std::string::npos) return gdal_message;
  size_t offset = 0;
  const char* digits = gdal_message.c_str() + at + marker.size();
  std::from_chars(digits, gdal_message.c_str() + gdal_message.size(), offset);
  offset = std::min(offset, text.size());
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
  return offset >= text.size() ? "JSON syntax error: the text ends too early (truncated file?)"
                               : "JSON syntax error on line " + std::to_string(line) + " (byte " + std::to_string(offset) + ")";
}

// GeoJSON is WGS84 lon/lat (RFC 7946); an old-style `crs` member may only say so.
std::string crs_problem(const CPLJSONObject& root) {
  const CPLJSONObject crs = root.GetObj("crs");
  if (!crs.IsValid() || crs.GetType() == CPLJSONObject::Type::Null) return {};
  const std::string name = crs.GetObj("properties").GetString("name");
  const bool wgs84 = name.find("CRS84") != std::string::npos || name == "EPSG:4326" ||
                     name == "urn:ogc:def:crs:EPSG::4326";
  if (wgs84) return {};
  return "crs " + quoted(name) + " is not WGS84 lon/lat: GeoJSON coordinates must be in CRS84 (RFC 7946)";
}

void load_geojson(LoadedFile& f) {
  std::string text;
  try {
    text = read_text_file(f.path);
  } catch (const Error& e) {
    add_problem(f, "", e.problem());
    return;
  }
  CPLJSONDocument doc;
  {
    QuietGdal quiet;
    if (!doc.LoadMemory(text)) {
      add_problem(f, "", "cannot be read as GeoJSON: " + json_error_place(CPLGetLastErrorMsg(), text));
      return;
    }
  }
  const CPLJSONObject root = doc.GetRoot();
  const CPLJSONArray features = root.GetArray("features");
  if (root.GetString("type") != "FeatureCollection" || !features.IsValid()) {
    add_problem(f, "", "not a GeoJSON FeatureCollection (expected {\"type\": \"FeatureCollection\", \"features\": [...]})");
    return;
  }
  if (std::string p = crs_problem(root); !p.empty()) add_problem(f, "", p);
  Layer layer;
  layer.features = true;
  std::set<std::string, std::less<>> keys;
  for (int i = 0; i < features.Size(); ++i) {
    Item item;
    item.location = "feature " + std::to_string(i + 1);
    const CPLJSONObject props = features[i].GetObj("properties");
    if (props.IsValid() && props.GetType() == CPLJSONObject::Type::Object)
      for (const CPLJSONObject& p : props.GetChildren()) {
        keys.insert(p.GetName());
        item.values[p.GetName()] = json_scalar_text(p);
      }
    read_json_geometry(features[i].GetObj("geometry"), item);
    layer.items.push_back(std::move(item));
  }
  layer.schema = detect_feature_schema(keys);
  if (features.Size() == 0) add_problem(f, "", "the FeatureCollection has no features");
  else if (layer.schema == Schema::unknown) add_problem(f, "", unknown_feature_schema_message(keys));
  else f.layers.push_back(std::move(layer));
}

// ---- Loading: GeoPackage (through OGR, which also transforms other CRSs to lon/lat) ------------

Item item_from_feature(const Feature& ft, const std::string& prefix) {
  Item item;
  item.location = prefix + "feature " + std::to_string(ft.index);
  item.values.insert(ft.props.begin(), ft.props.end());
  for (const LonLat& p : ft.points) item.vertices.push_back(p);
  for (const Polyline& l : ft.lines) item.vertices.insert(item.vertices.end(), l.begin(), l.end());
  for (const Polygon& poly : ft.polygons)
    for (const Ring& r : poly) item.vertices.insert(item.vertices.end(), r.begin(), r.end());
  item.has_geometry = !item.vertices.empty();
  if (!ft.points.empty()) item.geometry_type = ft.points.size() == 1 ? "Point" : "MultiPoint";
  else if (!ft.lines.empty()) item.geometry_type = ft.lines.size() == 1 ? "LineString" : "MultiLineString";
  else if (!ft.polygons.empty()) item.geometry_type = ft.polygons.size() == 1 ? "Polygon" : "MultiPolygon";
  return item;
}

void load_gpkg_layer(LoadedFile& f, const std::string& name, const std::string& prefix) {
  VectorLayer vl;
  try {
    vl = read_vector(f.path, name);
  } catch (const Error& e) {
    add_problem(f, prefix + e.where(), e.problem());
    return;
  }
  Layer layer;
  layer.features = true;
  std::set<std::string, std::less<>> keys;
  for (const Feature& ft : vl.features) {
    for (const auto& kv : ft.props) keys.insert(kv.first);
    layer.items.push_back(item_from_feature(ft, prefix));
  }
  layer.schema = detect_feature_schema(keys);
  if (layer.schema == Schema::unknown) {
    std::string where = prefix.empty() ? std::string() : prefix.substr(0, prefix.size() - 2);
    add_problem(f, where, vl.features.empty() ? "the layer has no features" : unknown_feature_schema_message(keys));
    return;
  }
  f.layers.push_back(std::move(layer));
}

void load_gpkg(LoadedFile& f) {
  std::vector<std::string> names;
  try {
    names = vector_layer_names(f.path);
  } catch (const Error& e) {
    add_problem(f, "", e.problem());
    return;
  }
  if (names.empty()) add_problem(f, "", "the GeoPackage holds no layer");
  for (const std::string& name : names) load_gpkg_layer(f, name, names.size() > 1 ? "layer " + name + ", " : "");
}

LoadedFile load_file(const std::string& path, const std::string& shown) {
  LoadedFile f;
  f.path = path;
  f.shown = shown;
  const std::string ext = lower_extension(path);
  if (ext == "csv") load_csv(f);
  else if (ext == "geojson" || ext == "json") load_geojson(f);
  else if (ext == "gpkg") load_gpkg(f);
  else {
    f.counted = false;
    add_problem(f, "", "not a data file: expected .csv, .geojson, .json or .gpkg");
  }
  return f;
}

// ---- Ids that events, flows and groups may name -----------------------------------------------

struct KnownIds {
  bool checked = false;  // false: no default data was given, ids are not resolved
  std::set<std::string, std::less<>> pairs, groups, context;
  std::vector<std::string> pair_files, group_files;  // where they come from, for messages
};

struct DefinedIds {
  std::set<std::string, std::less<>> pairs_listed, pairs_of_gates, groups;
  std::vector<std::string> pair_list_files, gate_files, group_files;
};

DefinedIds collect_ids(const std::vector<LoadedFile>& files) {
  DefinedIds d;
  for (const LoadedFile& f : files)
    for (const Layer& layer : f.layers) {
      const char* key = layer.schema == Schema::gate_pairs ? "pair_id"
                        : layer.schema == Schema::gates    ? "pair_id"
                        : layer.schema == Schema::groups   ? "group_id"
                                                           : nullptr;
      if (!key) continue;
      auto& set = layer.schema == Schema::gate_pairs ? d.pairs_listed
                  : layer.schema == Schema::gates    ? d.pairs_of_gates
                                                     : d.groups;
      auto& from = layer.schema == Schema::gate_pairs ? d.pair_list_files
                   : layer.schema == Schema::gates    ? d.gate_files
                                                      : d.group_files;
      for (const Item& item : layer.items)
        if (item.shape_problem.empty() && !item.get(key).empty()) set.insert(item.get(key));
      if (from.empty() || from.back() != f.shown) from.push_back(f.shown);
    }
  return d;
}

// The files of a folder that can be checked, sorted by name; nullopt when `dir` is no folder.
std::optional<std::vector<std::string>> list_folder(const std::string& dir) {
  std::unique_ptr<char*, void (*)(char**)> list(VSIReadDir(dir.c_str()), CSLDestroy);
  VSIStatBufL st;
  const bool is_dir = VSIStatL(dir.c_str(), &st) == 0 ? VSI_ISDIR(st.st_mode) : list != nullptr;
  if (!is_dir) return std::nullopt;
  std::vector<std::string> names;
  for (char** p = list.get(); p && *p; ++p)
    if (checkable_extension(*p)) names.emplace_back(*p);
  std::sort(names.begin(), names.end());
  return names;
}

std::string child(const std::string& dir, const std::string& name) {
  return (!dir.empty() && dir.back() == '/') ? dir + name : dir + "/" + name;
}

// The gate pairs and groups of the default data (its CSV files; GeoJSON layers define none there).
KnownIds default_ids(const CheckContext& ctx) {
  KnownIds ids;
  ids.context.insert(ctx.context_ids.begin(), ctx.context_ids.end());
  if (ctx.default_data_dir.empty()) return ids;
  auto names = list_folder(ctx.default_data_dir);
  if (!names) return ids;
  ids.checked = true;
  const std::string& shown_dir = ctx.default_data_shown_as.empty() ? ctx.default_data_dir : ctx.default_data_shown_as;
  std::vector<LoadedFile> files;
  for (const std::string& name : *names)
    if (lower_extension(name) == "csv") files.push_back(load_file(child(ctx.default_data_dir, name), child(shown_dir, name)));
  DefinedIds d = collect_ids(files);
  ids.pairs = d.pairs_listed;
  ids.pairs.insert(d.pairs_of_gates.begin(), d.pairs_of_gates.end());
  ids.groups = d.groups;
  ids.pair_files = d.pair_list_files;
  ids.pair_files.insert(ids.pair_files.end(), d.gate_files.begin(), d.gate_files.end());
  ids.group_files = d.group_files;
  return ids;
}

// A folder is one load: its own gate pairs / groups replace the default ones, and the pair_ids of
// its gates files are gates too.
KnownIds folder_ids(const std::vector<LoadedFile>& files, const KnownIds& defaults) {
  DefinedIds d = collect_ids(files);
  KnownIds ids = defaults;
  if (!d.pair_list_files.empty()) {
    ids.checked = true;
    ids.pairs = d.pairs_listed;
    ids.pair_files = d.pair_list_files;
  }
  ids.pairs.insert(d.pairs_of_gates.begin(), d.pairs_of_gates.end());
  for (const std::string& g : d.gate_files)
    if (std::find(ids.pair_files.begin(), ids.pair_files.end(), g) == ids.pair_files.end()) ids.pair_files.push_back(g);
  if (!d.group_files.empty()) {
    ids.groups = d.groups;
    ids.group_files = d.group_files;
  }
  return ids;
}

// ---- Row checks -------------------------------------------------------------------------------

constexpr unsigned kDay = 1, kMonth = 2, kUndated = 4;

// State carried from row to row within one layer.
struct LayerState {
  std::map<std::string, std::string, std::less<>> seen;  // unique id -> its location
  std::optional<double> previous_to_km;
};

class RowCheck {
 public:
  RowCheck(const Item& item, const KnownIds& ids, std::vector<CheckProblem>& out, const std::string& file)
      : item_(item), ids_(ids), out_(out), file_(file) {}

  const Item& item() const { return item_; }
  const std::string& get(std::string_view col) const { return item_.get(col); }
  void error(std::string msg) { out_.push_back({file_, item_.location, std::move(msg), Severity::error}); }
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

  std::optional<DaySpan> date(std::string_view col, unsigned forms, bool is_required, std::string_view month_rule = {});
  std::optional<double> number(std::string_view col, bool is_required);
  std::optional<double> coordinate(std::string_view col, double lo, double hi, const char* area);
  void not_before(const std::optional<DaySpan>& start, std::string_view start_col, const std::optional<DaySpan>& end,
                  std::string_view end_col);
  void id_syntax(std::string_view col);
  void unique(std::string_view col, LayerState& state);
  void gate_id(std::string_view col);
  void gate_pair(std::string_view col);
  void citation();
  void vertices();

 private:
  const Item& item_;
  const KnownIds& ids_;
  std::vector<CheckProblem>& out_;
  const std::string& file_;
};

std::string expected_date_forms(unsigned forms) {
  if (forms & kUndated) return "YYYY-MM-DD, YYYY-MM or undated";
  return (forms & kMonth) ? "YYYY-MM-DD or YYYY-MM" : "YYYY-MM-DD";
}

std::optional<DaySpan> RowCheck::date(std::string_view col, unsigned forms, bool is_required,
                                      std::string_view month_rule) {
  const std::string& v = get(col);
  const std::string name(col);
  if (v.empty()) {
    if (is_required)
      error("empty " + name + ": a date " + expected_date_forms(forms) + " is required");
    return std::nullopt;
  }
  if (v == "undated") {
    if (!(forms & kUndated)) error(name + " \"undated\": undated is allowed only in source_date");
    return std::nullopt;
  }
  DaySpan span;
  switch (parse_date(v, span)) {
    case Parsed::malformed:
      error(name + " " + quoted(v) + " is not a date (expected " + expected_date_forms(forms) + ")");
      return std::nullopt;
    case Parsed::not_in_calendar:
      error(name + " " + quoted(v) + " is not a real calendar date");
      return std::nullopt;
    case Parsed::ok:
      break;
  }
  if (span.month && !(forms & kMonth)) {
    error(name + " " + quoted(v) + " is a month: " +
          (month_rule.empty() ? std::string("a full date YYYY-MM-DD is needed here") : std::string(month_rule)));
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
    case Number::ok:
      return x;
    case Number::not_finite:
      error(std::string(col) + " " + quoted(v) + " is not a finite number");
      return std::nullopt;
    case Number::not_a_number:
      break;
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

void RowCheck::not_before(const std::optional<DaySpan>& start, std::string_view start_col,
                          const std::optional<DaySpan>& end, std::string_view end_col) {
  if (start && end && end->last < start->first)
    error(std::string(end_col) + " " + get(end_col) + " is before " + std::string(start_col) + " " + get(start_col));
}

void RowCheck::id_syntax(std::string_view col) {
  const std::string& v = get(col);
  if (!v.empty() && !valid_id(v))
    error(std::string(col) + " " + quoted(v) + " is not an id: lower-case ASCII letters, digits and _ (e.g. huu_nghi)");
}

void RowCheck::unique(std::string_view col, LayerState& state) {
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
  one_of("confidence", kConfidence, true);
}

// Every position finite and inside the map area; one problem per feature (the first bad vertex).
void RowCheck::vertices() {
  if (!item_.geometry_problem.empty()) error(item_.geometry_problem);
  std::string first;
  size_t bad = 0;
  for (size_t k = 0; k < item_.vertices.size(); ++k) {
    const LonLat& p = item_.vertices[k];
    const std::string where = "vertex " + std::to_string(k + 1) + " (" + number_text(p.lon) + ", " + number_text(p.lat) + ")";
    std::string problem;
    if (!std::isfinite(p.lon) || !std::isfinite(p.lat)) problem = where + " is not finite (NaN and infinity are errors)";
    else if (p.lon < kLonMin || p.lon > kLonMax || p.lat < kLatMin || p.lat > kLatMax)
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
  c.coordinate("lon", kLonMin, kLonMax, "105.5–108.2 E");
  c.coordinate("lat", kLatMin, kLatMax, "21.0–23.2 N");
}

void gate_position_feature(RowCheck& c, bool& located) {
  located = c.item().has_geometry;
  if (!located) return;
  if (c.item().geometry_type != "Point")
    c.error("a gate's geometry must be a Point or null (found " + c.item().geometry_type + ")");
  c.vertices();
}

void check_gate(RowCheck& c, LayerState& state, bool features) {
  if (c.required("id")) c.id_syntax("id");
  c.unique("id", state);
  if (c.required("pair_id")) c.id_syntax("pair_id");
  c.required("name_vi");
  c.one_of("side", kSides, true);
  bool located = false;
  if (features) gate_position_feature(c, located);
  else gate_position_csv(c, located);
  if (c.one_of("confidence", kGateConfidence, true)) {
    const bool not_found = c.get("confidence") == "not_found";
    if (not_found && located)
      c.error("confidence not_found but a position is given (a located gate is high, medium or low)");
    if (!not_found && !located)
      c.error("no position but confidence " + quoted(c.get("confidence")) + ": a gate no source locates is not_found");
  }
  c.required("source", "say where the coordinate comes from");
}

void check_gate_pair(RowCheck& c, LayerState& state) {
  if (c.required("pair_id")) c.id_syntax("pair_id");
  c.unique("pair_id", state);
  c.required("name_vi");
  c.one_of("name_zh_status", kZhStatus, true);
  c.one_of("kind", kPairKinds, true);
  c.required("district");
  c.required("source");
}

void check_group(RowCheck& c) {
  if (c.required("group_id")) c.id_syntax("group_id");
  c.gate_pair("gate_id");
  auto from = c.date("from", kDay, false);
  auto to = c.date("to", kDay, false);
  c.not_before(from, "from", to, "to");
  c.required("source");
  c.one_of("confidence", kConfidence, true);
}

void check_event(RowCheck& c) {
  const std::string& precision = c.get("date_precision");
  const std::string month_rule =
      "allowed only with date_precision month (this row has " + quoted(precision) + ")";
  auto start = c.date("date", precision == "month" ? kDay | kMonth : kDay, true, month_rule);
  c.one_of("date_precision", kPrecisions, true);
  auto end = c.date("end_date", kDay | kMonth, false);
  c.not_before(start, "date", end, "end_date");
  c.gate_id("gate_id");
  c.one_of("event", kEventTypes, true, "event type");
  c.one_of("initiated_by", kInitiatedBy, false);
  c.citation();
}

void check_flow(RowCheck& c) {
  auto start = c.date("start", kDay, false);
  auto end = c.date("end", kDay, true);
  c.not_before(start, "start", end, "end");
  c.gate_id("gate_id");
  c.one_of("metric", kFlowMetrics, true);
  auto value = c.number("value", true);
  auto high = c.number("value_high", false);
  if (value && high && *high < *value)
    c.error("value_high " + c.get("value_high") + " is below value " + c.get("value"));
  if (c.one_of("qualifier", kQualifiers, false)) {
    const bool range = c.get("qualifier") == "range";
    if (range && c.get("value_high").empty()) c.error("qualifier range needs value_high (the high end)");
    if (!range && !c.get("value_high").empty())
      c.error("value_high given but qualifier is " + quoted(c.get("qualifier")) + " (a range has qualifier range)");
  }
  c.citation();
}

void check_trade(RowCheck& c) {
  auto start = c.date("start", kDay, true);
  auto end = c.date("end", kDay, true);
  c.not_before(start, "start", end, "end");
  c.one_of("scope", kTradeScopes, true);
  c.one_of("metric", kTradeMetrics, true);
  c.number("value", true);
  c.one_of("unit", kUnits, true);
  c.number("usd_million_as_reported", false);
  c.number("yoy_pct", false);
  c.one_of("basis", kBases, true);
  c.citation();
}

void check_district_stretch(RowCheck& c, LayerState& state) {
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
  c.one_of("layer", kAttributionLayers, true);
  c.required("text");
  c.required("licence");
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
  DaySpan a, b;
  const bool ok = slash != std::string::npos && parse_date(period.substr(0, slash), a) == Parsed::ok && !a.month &&
                  parse_date(period.substr(slash + 1), b) == Parsed::ok && !b.month;
  if (!ok) c.error("period " + quoted(period) + " is not YYYY-MM-DD/YYYY-MM-DD of real calendar dates");
  else if (b.last < a.first) c.error("period " + quoted(period) + " ends before it starts");
  c.required("source");
}

void check_geometry_feature(RowCheck& c, Schema schema) {
  const std::string& type = c.item().geometry_type;
  if (!c.item().has_geometry) {
    c.error("no geometry");
    return;
  }
  if (schema == Schema::frontier) {
    if (type != "LineString") c.error("the frontier's geometry must be a LineString (found " + type + ")");
    if (auto km = c.number("official_km", true); km && *km <= 0) c.error("official_km must be positive");
  } else if (schema == Schema::land) {
    if (type != "Polygon" && type != "MultiPolygon") c.error("land must be a Polygon or MultiPolygon (found " + type + ")");
    c.one_of("A3", kLandA3, true);
  }
  c.vertices();
}

void check_item(RowCheck& c, Schema schema, LayerState& state, bool features) {
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

void check_loaded(const LoadedFile& f, const KnownIds& ids, CheckReport& report) {
  CheckedFile checked{f.shown, {}};
  for (const CheckProblem& p : f.problems) report.problems.push_back(p);
  for (const Layer& layer : f.layers) {
    checked.schemas.push_back(layer.schema);
    LayerState state;
    for (const Item& item : layer.items) {
      RowCheck c(item, ids, report.problems, f.shown);
      if (!item.shape_problem.empty()) c.error(item.shape_problem);
      else check_item(c, layer.schema, state, layer.features);
    }
  }
  if (f.counted) report.files.push_back(std::move(checked));
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
  return best_tabular_schema(std::set<std::string, std::less<>>(header.begin(), header.end()), false);
}

std::string format_problem(const CheckProblem& p) {
  std::string s = p.file;
  if (!p.location.empty()) s += ":" + (p.location.rfind("line ", 0) == 0 ? p.location.substr(5) : p.location);
  s += ": ";
  if (p.severity == Severity::warning) s += "warning: ";
  return s + p.message;
}

int CheckReport::errors() const {
  return static_cast<int>(std::count_if(problems.begin(), problems.end(),
                                        [](const CheckProblem& p) { return p.severity == Severity::error; }));
}

int CheckReport::warnings() const { return static_cast<int>(problems.size()) - errors(); }

void CheckReport::append(CheckReport&& other) {
  for (CheckedFile& f : other.files) files.push_back(std::move(f));
  for (CheckProblem& p : other.problems) problems.push_back(std::move(p));
}

std::string CheckReport::summary() const {
  auto count = [](size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  return "checked " + count(files.size(), "file") + ": " + count(static_cast<size_t>(errors()), "error") + ", " +
         count(static_cast<size_t>(warnings()), "warning");
}

CheckReport check_path(const std::string& path, const CheckContext& ctx, const std::string& shown_as) {
  CheckReport report;
  const std::string shown = shown_as.empty() ? path : shown_as;
  VSIStatBufL st;
  const auto folder = list_folder(path);
  if (!folder && VSIStatL(path.c_str(), &st) != 0) {
    report.problems.push_back({shown, "", "not found", Severity::error});
    return report;
  }
  const KnownIds defaults = default_ids(ctx);
  if (!folder) {
    check_loaded(load_file(path, shown), defaults, report);
    return report;
  }
  std::vector<LoadedFile> files;
  for (const std::string& name : *folder) files.push_back(load_file(child(path, name), child(shown, name)));
  const KnownIds ids = folder_ids(files, defaults);
  for (const LoadedFile& f : files) check_loaded(f, ids, report);
  return report;
}

}  // namespace geo
