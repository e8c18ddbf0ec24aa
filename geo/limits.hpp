#pragma once
// The most gatemap reads from one data file, or from one folder's data files together, so that no
// input can exhaust the machine's memory (issue 20): a file or folder over a limit is refused with
// `FILE: problem (limit N)` before it is read whole. The readers hold a file's text and its rows in
// memory (the CSV reader and check's GeoJSON reader read a whole file; OGR's features are kept), so
// the limits bound the peak resident memory: docs/data-format.md gives them and
// docs/reliability.md the memory measured at each.
//
// Each limit can be changed through the environment (a whole number; anything else is ignored):
// GATEMAP_MAX_FILE_BYTES, GATEMAP_MAX_LINE_BYTES, GATEMAP_MAX_ROWS. The tests lower them to reach
// the same refusals with small files.
#include <cstdint>
#include <string>

namespace geo {

struct InputLimits {
  // Bytes of one data file (CSV, GeoJSON, GeoPackage), and of a folder's data files together.
  std::uint64_t file_bytes = 32ull << 20;
  // Bytes of one CSV row (a quoted field spanning lines counts every line).
  std::uint64_t line_bytes = 64ull << 10;
  // Rows of a CSV file, features of a GeoJSON file or GeoPackage layer, and of a folder together.
  std::uint64_t rows = 100000;
};

// The limits in force: the defaults above, changed by the environment (read once).
const InputLimits& input_limits();

// "(limit 33554432 bytes)": the end of every refusal, so a message names the limit it hit.
std::string limit_text(std::uint64_t limit, const char* unit);

}  // namespace geo
