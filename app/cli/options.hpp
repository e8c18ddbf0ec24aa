#pragma once
// The values of gatemap's options, typed, and their parsers: one parser per kind of value, used
// wherever the value enters the program (the command line, the Export dialog, a scenes file), with
// one message per kind of error. A parser throws geo::ValueError, whose message names the value
// but not where it came from; the caller adds that once (ValueError::said_of: "--date '2025-02-30'
// is not a real date in the form YYYY-MM-DD", "--bbox: expected 4 numbers …", "scene 2: date …").
// A lon/lat box is geo::BboxLL, parsed by geo::parse_bbox (geo/view.hpp).
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "geo/dates.hpp"
#include "geo/error.hpp"
#include "geo/layers.hpp"
#include "geo/window.hpp"

namespace gatemap {

// Bad options or a bad combination of them: the command prints "gatemap CMD: " + what() and exits
// with kExitUsage (2). Nothing was written.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The step of a time-lapse.
enum class Step { day, week, month };
const char* to_string(Step s);
// "day", "week" or "month".
Step parse_step(std::string_view text);

// What an export writes: a picture (PNG, GeoTIFF), a video, or the state at a date as data
// (GeoJSON, CSV, KML: docs/exports.md).
enum class ImageFormat { png, tif, mp4, webm, geojson, csv, kml };
const char* to_string(ImageFormat f);
inline bool is_video(ImageFormat f) { return f == ImageFormat::mp4 || f == ImageFormat::webm; }
inline bool is_state(ImageFormat f) {
  return f == ImageFormat::geojson || f == ImageFormat::csv || f == ImageFormat::kml;
}
// "png", "tif", "mp4", "webm", "geojson", "csv" or "kml" (--format).
ImageFormat parse_format(std::string_view text);
// The format a file name's extension says (.png, .tif / .tiff, .mp4, .webm, .geojson / .json,
// .csv, .kml, any case); nullopt for another extension.
std::optional<ImageFormat> format_of_path(const std::filesystem::path& path);

// What an export draws: the map at a date, or the frontier strip (every gate's status along the
// frontier over time, issue 19).
enum class ExportView { map, strip };
// "map" or "strip" (--view). Message: "'TEXT' is not one of map, strip".
ExportView parse_view(std::string_view text);

// A date of an option: a real calendar day YYYY-MM-DD from 1990-01-01 to 2100-12-31. Messages
// (value first): "'TEXT' is not a real date in the form YYYY-MM-DD", "TEXT is out of range
// (1990-01-01 … 2100-12-31)".
geo::Date parse_date(std::string_view text);

// A window of dates "FROM,TO" (--window), each a date of parse_date, FROM <= TO. Messages: the
// date's, "'TEXT' is not FROM,TO (two dates YYYY-MM-DD separated by a comma)", "'TEXT' ends
// before it starts".
geo::DateWindow parse_window(std::string_view text);

// Two dates "D1,D2" (--compare), each a date of parse_date, in any order. Message: "'TEXT' is not
// D1,D2 (two dates YYYY-MM-DD separated by a comma)".
std::pair<geo::Date, geo::Date> parse_date_pair(std::string_view text);

// A comma-separated list of layer names (empty names are skipped). Message: "unknown layer 'NAME'
// (see `gatemap info` for the layer names)".
geo::LayerSet parse_layers(std::string_view list);

}  // namespace gatemap
