#pragma once
// The state at a date (or over a window) as data: one feature per gate pair and a second layer
// `figures` for the figures of groups and statistical scopes that belong to no pair. Written as
// GeoJSON (two files: NAME.geojson and NAME.figures.geojson) or KML (two folders of one file)
// through GDAL/OGR, or as CSV (NAME.csv and NAME.figures.csv, UTF-8 with a header). Every file
// appears whole or not at all: GDAL writes into memory (/vsimem/), the bytes go to an AtomicFile,
// and the files are renamed into place only when all of them are written. Columns: docs/exports.md.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "geo/types.hpp"

namespace gatemap::exporter {

enum class StateFormat { geojson, csv, kml };

// One figure: a row of the data (at a date) or the window rule's figure (over a window).
struct StateFigure {
  std::string kind;  // the column prefix on a pair: metric, and for trade _basis_unit
  std::string scope, metric, unit, basis;
  double value = 0;
  std::optional<double> value_high;
  std::string period;      // ISO 8601 interval START/END of the rows used
  std::string source_url;  // the URLs of the rows used, " | " between them
  std::string source_file;
  int source_line = 0;  // the first row used (physical line, header = 1)
  int rows = 1;
  std::string description;  // geo::WindowFigure::describe()
};

struct StatePair {
  std::string pair_id, name_vi, name_zh;
  std::optional<geo::LonLat> pos;  // the crossing, else the VN point; none when unlocated
  bool located = false;
  std::string status, cargo, passengers;
  std::string set_by_file, set_by_date, set_by_url, set_by_event;
  std::optional<int> set_by_line;
  std::string changes;  // every status change in the window ("reopened 2025-02-01; …")
  std::vector<StateFigure> figures;
};

struct StateTable {
  std::string date;                       // "2025-03-01", or for a window "2025-01-01/2025-12-31"
  std::vector<std::string> figure_kinds;  // the column sets of the pairs' figures, sorted
  std::vector<StatePair> pairs;
  std::vector<StateFigure> figures;  // the `figures` layer
};

// NAME.geojson -> NAME.figures.geojson, NAME.csv -> NAME.figures.csv; nullopt for KML (one file).
inline std::optional<std::filesystem::path> figures_path(const std::filesystem::path& out, StateFormat f) {
  if (f == StateFormat::kml) return std::nullopt;
  std::filesystem::path p = out;
  p.replace_extension();
  p += f == StateFormat::csv ? ".figures.csv" : ".figures.geojson";
  return p;
}

// Writes the table. Throws ExportError (exists without force, I/O, GDAL); then no file is left.
void write_state(const StateTable& table, const std::filesystem::path& out, StateFormat format, bool force);

}  // namespace gatemap::exporter
