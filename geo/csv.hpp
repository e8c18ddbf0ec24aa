#pragma once
// CSV tables (RFC 4180: comma separated, double-quoted fields may hold commas, quotes and
// newlines) with the 1-based *physical* line on which each row starts, so that every
// message can say `file:line N: problem` (the header is line 1).
// Files are read through GDAL's virtual file layer, so /vsimem/ paths work too.
// Why not GDAL's OGR CSV driver: it does not report physical line numbers, and a planner's
// file with one bad row must still give the right line.
#include <string>
#include <string_view>
#include <vector>

namespace geo {

struct CsvRow {
  int line = 0;                    // physical line where the row starts (header = 1)
  std::vector<std::string> cells;  // as many as the row has (may differ from the header)
};

struct CsvTable {
  std::string file;  // for messages
  std::vector<std::string> header;
  std::vector<CsvRow> rows;

  // Index of a column by header name, or -1.
  int column(std::string_view name) const;
  // The cell of `row` in column `col`, or "" when col < 0 or the row is short.
  const std::string& cell(const CsvRow& row, int col) const;
};

// Parses CSV text. Throws geo::Error for an unterminated quote, an empty file, or a row or a row
// count over input_limits() (geo/limits.hpp).
CsvTable parse_csv(std::string_view text, const std::string& file);

// Reads a whole file (through GDAL's VSI layer) and parses it. Throws geo::Error when the file
// cannot be read.
CsvTable read_csv(const std::string& path);

// Reads a whole file through GDAL's VSI layer; throws geo::Error naming the file, also for a file
// larger than input_limits().file_bytes (refused before it is read, geo/limits.hpp).
std::string read_text_file(const std::string& path);

// Throws geo::Error naming `shown` (a folder) when the files of `paths` are together larger than
// input_limits().file_bytes: a folder is read whole, as one file is. A file over the limit on its
// own is not counted (read_text_file / read_vector refuse it with its name).
void refuse_oversized_folder(const std::string& shown, const std::vector<std::string>& paths);

// Returns the header of a CSV file only (empty on a read failure); used to recognise schemas.
std::vector<std::string> csv_header(std::string_view text);

}  // namespace geo
