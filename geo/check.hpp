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
// gates files' pair_ids always count, as for a planner's load). A file or folder checked on top of
// the default data (anything but the default data itself or a folder with its own frontier.geojson,
// which replaces it) may not reuse a gate id of the default data's gates files. Pure functions:
// nothing is printed; the caller formats the problems.
//
// The rules of each row are geo/schema.hpp's check_record, which the loaders apply too: check and
// loading agree on every row by construction.
#include <cstdint>
#include <string>
#include <vector>

#include "geo/schema.hpp"  // CheckProblem, Schema, format_problem, detect_csv_schema
#include "geo/vector_io.hpp"

namespace geo {

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

// A planner's vector file (GeoJSON, or one layer of a GeoPackage) read for loading: its features
// through OGR (read_vector), less those whose feature `gatemap check` rejects (judged with `ids`:
// e.g. a gate reusing a built-in id), which `report` lists as skipped. Throws geo::Error as
// read_vector does.
struct CheckedVector {
  Schema schema = Schema::unknown;
  VectorLayer layer;
  LoadReport report;
};
CheckedVector read_checked_vector(const std::string& path, const std::string& layer_name, const KnownIds& ids);

}  // namespace geo
