#pragma once
// `gatemap check`: validates data files and folders against the schemas of docs/data-format.md
// and lists every problem with its place, without loading anything into the map.
//
// The schema of a file is recognised by its content, never by its name: the header of a CSV
// (all the schema's columns present, in any order; extra columns ignored), the property names of
// a GeoJSON FeatureCollection (or of each layer of a GeoPackage).
//
// Places: CSV rows by their 1-based *physical* line (the header is line 1, and a quoted field
// spanning lines counts every line); GeoJSON / GeoPackage features by their 1-based position in
// the layer. Coordinates are WGS84 lon/lat in degrees and must be finite and inside the map area
// 105.5–108.2 E, 21.0–23.2 N. Dates are civil calendar days (no time zone).
//
// Gate ids (events, flows, groups) are resolved against the gate pairs and groups of the default
// data; a folder that holds its own gate_pairs / groups / gates files uses its own instead (its
// gates files' pair_ids always count, as for a planner's load). Pure functions: nothing is
// printed; the caller formats the problems.
#include <cstdint>
#include <string>
#include <vector>

namespace geo {

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

enum class Schema : std::uint8_t {
  unknown,
  // CSV (or GeoJSON/GeoPackage features carrying the same columns as properties)
  gates, gate_pairs, groups, events, flows, trade, district_stretches, attribution, fx_rates,
  // GeoJSON only
  frontier,  // LineString with `official_km`
  land,      // (Multi)Polygons with `A3`
  context,   // provinces, prefectures, rivers, roads, railway, towns: features with `name`
};
const char* to_string(Schema s);

// The CSV schema whose columns the header holds (the one with most columns when several do), or
// Schema::unknown.
Schema detect_csv_schema(const std::vector<std::string>& header);

struct CheckContext {
  // The default data (a folder, /vsimem/ works): gate pairs and groups come from its files of the
  // gate_pairs, gates and groups schemas. Empty: gate ids are not checked.
  std::string default_data_dir;
  // How default_data_dir is named in messages ("data" -> `data/gate_pairs.csv`); empty = as is.
  std::string default_data_shown_as;
  // Ids accepted in events and flows that are neither gate pairs nor groups (shown for comparison).
  std::vector<std::string> context_ids = {"cb_ta_lung"};
};

struct CheckedFile {
  std::string file;             // as shown
  std::vector<Schema> schemas;  // one per layer (CSV and GeoJSON: one); empty when unreadable
};

struct CheckReport {
  std::vector<CheckedFile> files;
  std::vector<CheckProblem> problems;  // in file order, then line / feature order

  int errors() const;
  int warnings() const;
  void append(CheckReport&& other);
  // "checked 18 files: 0 errors, 7 warnings"
  std::string summary() const;
};

// Checks one file or a folder (its *.csv, *.geojson, *.json and *.gpkg files, not recursing; other
// files are ignored). A path that does not exist is one problem, `PATH: not found`. `shown_as`
// replaces `path` in messages (a folder's files become `shown_as/NAME`); empty = `path`.
CheckReport check_path(const std::string& path, const CheckContext& ctx, const std::string& shown_as = {});

}  // namespace geo
