#include "geo/check.hpp"

#include <cpl_error.h>
#include <cpl_json.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <dirent.h>
#include <ogr_geometry.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>

#include "geo/csv.hpp"
#include "geo/error.hpp"
#include "geo/geos_util.hpp"
#include "geo/limits.hpp"
#include "geo/types.hpp"
#include "geo/vector_io.hpp"

namespace geo {

namespace {

// Why a path of the file system cannot be read ("Permission denied", "Too many levels of symbolic
// links"), or empty when it can. (POSIX rather than <filesystem>, whose <iomanip> brings
// std::quoted into this file's unqualified quoted() calls.)
int stat_errno(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? 0 : errno;
}

std::string folder_problem(const std::string& path) {
  DIR* d = ::opendir(path.c_str());
  if (!d) return std::error_code(errno, std::generic_category()).message();
  ::closedir(d);
  return {};
}

// ---- Text helpers -----------------------------------------------------------------------------

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

// ---- What was read: layers of items (CSV rows or features) -------------------------------------
// The rules each item is judged by are geo/schema.hpp's (check_record), shared with the loaders.

using Item = Record;

struct Layer {
  Schema schema = Schema::unknown;
  std::string name;       // a GeoPackage layer's name (empty for CSV and GeoJSON)
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
  return "unknown schema: properties " + quoted(join(names)) + "; expected the columns of one of " +
         csv_schema_names() +
         " (gates with a Point geometry instead of lon/lat), or `official_km` (frontier), `A3` (land) or `name` "
         "(context layers), see docs/data-format.md" +
         closest_schema_hint(keys);
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
    add_problem(f, "line 1",
                "unknown schema: header " + quoted(join(table.header, ",")) + "; expected one of " +
                    csv_schema_names() + " (see docs/data-format.md)" + closest_schema_hint(keys));
    return;
  }
  layer.items = records_of(table);
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
    case CPLJSONObject::Type::Unknown: return {};
    case CPLJSONObject::Type::Object:
    case CPLJSONObject::Type::Array: return o.Format(CPLJSONObject::PrettyFormat::Plain);
    case CPLJSONObject::Type::Boolean: return o.ToBool() ? "true" : "false";
    case CPLJSONObject::Type::Double: return number_text(o.ToDouble());
    default: return o.ToString();
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

// A (multi)polygon that GEOS finds invalid (a ring crossing itself or another ring), with GEOS's
// reason and place: "Self-intersection[106.7 22.1]". Empty when valid or not a polygon.
std::string polygon_problem(const OGRGeometry* geom) {
  if (!geom) return {};
  std::vector<unsigned char> wkb(geom->WkbSize());
  if (geom->exportToWkb(wkbNDR, wkb.data()) != OGRERR_NONE) return {};
  const GeosContext ctx;
  GeomPtr gg(GEOSGeomFromWKB_buf_r(ctx.get(), wkb.data(), wkb.size()), GeomDeleter{ctx.get()});
  if (!gg || GEOSisValid_r(ctx.get(), gg.get()) == 1) return {};
  char* reason = GEOSisValidReason_r(ctx.get(), gg.get());
  std::string why = reason ? reason : "invalid geometry";
  if (reason) GEOSFree_r(ctx.get(), reason);
  return "invalid polygon: " + why;
}

std::string polygon_problem(const CPLJSONObject& g) {
  std::unique_ptr<OGRGeometry, void (*)(OGRGeometry*)> geom(OGRGeometryFactory::createFromGeoJson(g),
                                                            OGRGeometryFactory::destroyGeometry);
  return polygon_problem(geom.get());
}

// The same judgement of the polygons OGR read (a GeoPackage's), in lon/lat.
std::string polygon_problem(const std::vector<Polygon>& polygons) {
  if (polygons.empty()) return {};
  OGRMultiPolygon multi;
  for (const Polygon& poly : polygons) {
    OGRPolygon p;
    for (const Ring& ring : poly) {
      OGRLinearRing r;
      for (const LonLat& v : ring) r.addPoint(v.lon, v.lat);
      p.addRing(&r);
    }
    multi.addGeometry(&p);
  }
  return polygons.size() == 1 ? polygon_problem(multi.getGeometryRef(0)) : polygon_problem(&multi);
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
    if (item.geometry_problem.empty() && (type == "Polygon" || type == "MultiPolygon"))
      item.geometry_problem = polygon_problem(g);
  } else {
    item.geometry_problem = "unknown geometry type " + quoted(type);
  }
}

// json-c says "JSON parsing error: <state> (at offset N)"; a line number is what a user can act on.
std::string json_error_place(const std::string& gdal_message, const std::string& text) {
  const std::string marker = "(at offset ";
  const size_t at = gdal_message.find(marker);
  if (gdal_message.empty()) {
    // json-c gave no reason (seen with a file that is not JSON text at all): say what it starts with.
    const size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "no JSON text (only white space)";
    return "not JSON text: it starts with " + printable(text.substr(first, 20), 20) + " (expected '{')";
  }
  if (at == std::string::npos) return gdal_message;
  size_t offset = 0;
  const char* digits = gdal_message.c_str() + at + marker.size();
  std::from_chars(digits, gdal_message.c_str() + gdal_message.size(), offset);
  offset = std::min(offset, text.size());
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
  return offset >= text.size()
             ? "JSON syntax error: the text ends too early (truncated file?)"
             : "JSON syntax error on line " + std::to_string(line) + " (byte " + std::to_string(offset) + ")";
}

// GeoJSON is WGS84 lon/lat (RFC 7946); an old-style `crs` member may only say so.
std::string crs_problem(const CPLJSONObject& root) {
  const CPLJSONObject crs = root.GetObj("crs");
  if (!crs.IsValid() || crs.GetType() == CPLJSONObject::Type::Null) return {};
  const std::string name = crs.GetObj("properties").GetString("name");
  const bool wgs84 =
      name.find("CRS84") != std::string::npos || name == "EPSG:4326" || name == "urn:ogc:def:crs:EPSG::4326";
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
  // CPLJSONDocument takes an int length: a text past 2 GiB would read as garbage ("syntax error at
  // byte 0"). Only reached with GATEMAP_MAX_FILE_BYTES raised that far.
  constexpr std::uint64_t kJsonMax = 0x7fffffff;
  if (text.size() > kJsonMax) {
    add_problem(f, "",
                "file too large for the JSON reader: " + std::to_string(text.size()) + " bytes " +
                    limit_text(kJsonMax, "bytes"));
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
    add_problem(f, "",
                "not a GeoJSON FeatureCollection (expected {\"type\": \"FeatureCollection\", \"features\": [...]})");
    return;
  }
  if (std::string p = crs_problem(root); !p.empty()) add_problem(f, "", p);
  if (static_cast<std::uint64_t>(features.Size()) > input_limits().rows) {
    add_problem(f, "feature " + std::to_string(input_limits().rows + 1),
                "too many features " + limit_text(input_limits().rows, "features"));
    return;
  }
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
  if (features.Size() == 0)
    add_problem(f, "", "the FeatureCollection has no features");
  else if (layer.schema == Schema::unknown)
    add_problem(f, "", unknown_feature_schema_message(keys));
  else
    f.layers.push_back(std::move(layer));
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
  if (!ft.points.empty())
    item.geometry_type = ft.points.size() == 1 ? "Point" : "MultiPoint";
  else if (!ft.lines.empty())
    item.geometry_type = ft.lines.size() == 1 ? "LineString" : "MultiLineString";
  else if (!ft.polygons.empty())
    item.geometry_type = ft.polygons.size() == 1 ? "Polygon" : "MultiPolygon";
  item.geometry_problem = polygon_problem(ft.polygons);
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
  layer.name = name;
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
  VSIStatBufL st;
  if (VSIStatL(path.c_str(), &st) == 0 && VSI_ISDIR(st.st_mode)) {  // a folder named events.csv
    f.counted = false;
    add_problem(f, "", "is a directory, not a file");
  } else if (ext == "csv")
    load_csv(f);
  else if (ext == "geojson" || ext == "json")
    load_geojson(f);
  else if (ext == "gpkg")
    load_gpkg(f);
  else {
    f.counted = false;
    add_problem(f, "", "not a data file: expected .csv, .geojson, .json or .gpkg");
  }
  return f;
}

// ---- Ids that events, flows and groups may name -----------------------------------------------

struct DefinedIds {
  std::set<std::string, std::less<>> pairs_listed, pairs_of_gates, groups;
  std::set<std::string, std::less<>> gate_ids;  // `id` of the gates files
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
      for (const Item& item : layer.items) {
        if (!item.shape_problem.empty()) continue;
        if (!item.get(key).empty()) set.insert(item.get(key));
        if (layer.schema == Schema::gates && !item.get("id").empty()) d.gate_ids.insert(item.get("id"));
      }
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
    if (lower_extension(name) == "csv")
      files.push_back(load_file(child(ctx.default_data_dir, name), child(shown_dir, name)));
  DefinedIds d = collect_ids(files);
  ids.pairs = d.pairs_listed;
  ids.pairs.insert(d.pairs_of_gates.begin(), d.pairs_of_gates.end());
  ids.groups = d.groups;
  ids.pair_files = d.pair_list_files;
  ids.pair_files.insert(ids.pair_files.end(), d.gate_files.begin(), d.gate_files.end());
  ids.group_files = d.group_files;
  ids.builtin_gate_ids = d.gate_ids;
  return ids;
}

// A folder holding a frontier is a complete dataset: loaded with `--data`, it replaces the built-in
// data (app/user_data.cpp, is_complete_dataset), so its ids are no reuse of the built-in ones.
bool complete_dataset(const std::vector<std::string>& names) {
  return std::find(names.begin(), names.end(), "frontier.geojson") != names.end();
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

void check_loaded(const LoadedFile& f, const KnownIds& ids, CheckReport& report) {
  CheckedFile checked{f.shown, {}};
  for (const CheckProblem& p : f.problems) report.problems.push_back(p);
  for (const Layer& layer : f.layers) {
    checked.schemas.push_back(layer.schema);
    RecordState state;
    for (const Item& item : layer.items)
      check_record(layer.schema, item, ids, state, layer.features, f.shown, report.problems);
  }
  if (f.counted) report.files.push_back(std::move(checked));
}

}  // namespace

// ---- Public API -------------------------------------------------------------------------------

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
  auto count = [](size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); };
  return "checked " + count(files.size(), "file") + ": " + count(static_cast<size_t>(errors()), "error") + ", " +
         count(static_cast<size_t>(warnings()), "warning");
}

CheckReport check_path(const std::string& path, const CheckContext& ctx, const std::string& shown_as) {
  CheckReport report;
  const std::string shown = shown_as.empty() ? path : shown_as;
  auto fail = [&](std::string problem) {
    report.problems.push_back({shown, "", std::move(problem), Severity::error});
    return report;
  };
  // A path of the file system (not /vsimem/…, /vsizip/…): std::filesystem says why it cannot be read.
  const bool local = path.rfind("/vsi", 0) != 0;
  VSIStatBufL st;
  const auto folder = list_folder(path);
  if (!folder && VSIStatL(path.c_str(), &st) != 0) {
    const int e = local ? stat_errno(path) : 0;
    return fail(e == 0 || e == ENOENT ? "not found" : "cannot read: " + std::generic_category().message(e));
  }
  if (folder && folder->empty()) {  // never "checked 0 files: 0 errors" when nothing was read
    const std::string why = local ? folder_problem(path) : std::string();
    return fail(!why.empty() ? "cannot read the folder: " + why
                             : "no data file found (expected *.csv, *.geojson, *.json, *.gpkg)");
  }
  const KnownIds defaults = default_ids(ctx);
  if (!folder) {
    check_loaded(load_file(path, shown), defaults, report);
    return report;
  }
  // A folder is read whole, as one file is: its files together stay within the limits.
  std::vector<std::string> paths;
  for (const std::string& name : *folder) paths.push_back(child(path, name));
  try {
    refuse_oversized_folder(shown, paths);
  } catch (const Error& e) {
    return fail(e.problem());
  }
  std::vector<LoadedFile> files;
  std::uint64_t items = 0;
  for (const std::string& name : *folder) {
    files.push_back(load_file(child(path, name), child(shown, name)));
    for (const Layer& l : files.back().layers) items += l.items.size();
    if (items > input_limits().rows)
      return fail("the folder's files hold too many rows and features together " +
                  limit_text(input_limits().rows, "rows"));
  }
  KnownIds ids = folder_ids(files, defaults);
  // The built-in data itself, or a dataset that replaces it: no planner's rows on top of it.
  if (path == ctx.default_data_dir || complete_dataset(*folder)) ids.builtin_gate_ids.clear();
  for (const LoadedFile& f : files) check_loaded(f, ids, report);
  return report;
}

CheckedVector read_checked_vector(const std::string& path, const std::string& layer_name, const KnownIds& ids) {
  CheckedVector out;
  out.layer = read_vector(path, layer_name);
  const LoadedFile f = load_file(path, path);
  const Layer* layer = nullptr;
  for (const Layer& l : f.layers)
    if (l.name.empty() || l.name == out.layer.name) layer = &l;
  if (!layer) {  // check recognises no schema in it: nothing to judge the features by
    out.report.files.push_back({path, Schema::unknown, out.layer.features.size(), 0});
    return out;
  }
  out.schema = layer->schema;
  std::vector<CheckProblem> problems;
  std::vector<bool> verdicts;
  RecordState state;
  for (const Item& item : layer->items)
    verdicts.push_back(check_record(layer->schema, item, ids, state, true, path, problems));
  // OGR and check's reader see the same features in the same order (feature N is the Nth of both).
  std::vector<Feature> kept;
  for (Feature& ft : out.layer.features) {
    const size_t i = static_cast<size_t>(ft.index) - 1;
    if (i >= verdicts.size() || verdicts[i]) kept.push_back(std::move(ft));
  }
  out.layer.features = std::move(kept);
  out.report.add(path, layer->schema, verdicts, problems);
  return out;
}

}  // namespace geo
