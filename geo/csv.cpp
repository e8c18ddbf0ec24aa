#include "geo/csv.hpp"

#include "geo/error.hpp"
#include "geo/limits.hpp"

namespace geo {

int CsvTable::column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

const std::string& CsvTable::cell(const CsvRow& row, int col) const {
  static const std::string kEmpty;
  if (col < 0 || static_cast<size_t>(col) >= row.cells.size()) return kEmpty;
  return row.cells[static_cast<size_t>(col)];
}

namespace {

// Splits text into rows of fields; returns false at an unterminated quote (line set to its start).
struct Parser {
  std::string_view s;
  const std::string& file;
  size_t i = 0;
  int line = 1;

  bool next_row(CsvRow& row, int& bad_line) {
    row.cells.clear();
    row.line = line;
    std::string field;
    bool quoted = false, any = false;
    // A row may not grow past the limit: a 200 MB line is refused once, not copied into cells.
    const std::uint64_t max_bytes = input_limits().line_bytes;
    const size_t start = i;
    while (i < s.size()) {
      if (i - start >= max_bytes)
        throw Error(file, "line " + std::to_string(row.line), "row too long " + limit_text(max_bytes, "bytes"));
      char c = s[i++];
      any = true;
      if (quoted) {
        if (c == '"') {
          if (i < s.size() && s[i] == '"') {
            field += '"';
            ++i;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line;
          field += c;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.cells.push_back(std::move(field));
        field.clear();
      } else if (c == '\r') {
        // tolerated before \n
      } else if (c == '\n') {
        ++line;
        row.cells.push_back(std::move(field));
        return true;
      } else {
        field += c;
      }
    }
    if (quoted) {
      bad_line = row.line;
      return false;
    }
    if (any) row.cells.push_back(std::move(field));
    return any;
  }
};

bool blank(const CsvRow& r) { return r.cells.size() == 1 && r.cells[0].empty(); }

}  // namespace

CsvTable parse_csv(std::string_view text, const std::string& file) {
  CsvTable t;
  t.file = file;
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF && static_cast<unsigned char>(text[1]) == 0xBB &&
      static_cast<unsigned char>(text[2]) == 0xBF)
    text.remove_prefix(3);
  Parser p{text, file};
  CsvRow row;
  int bad = 0;
  if (!p.next_row(row, bad)) {
    if (bad) throw Error(file, "line " + std::to_string(bad), "unterminated quoted field");
    throw Error(file, "", "empty file: expected a header row");
  }
  t.header = row.cells;
  while (true) {
    if (!p.next_row(row, bad)) {
      if (bad) throw Error(file, "line " + std::to_string(bad), "unterminated quoted field (a \" is never closed)");
      break;
    }
    if (blank(row)) continue;
    if (t.rows.size() >= input_limits().rows)
      throw Error(file, "line " + std::to_string(row.line), "too many rows " + limit_text(input_limits().rows, "rows"));
    t.rows.push_back(row);
  }
  return t;
}

std::vector<std::string> csv_header(std::string_view text) {
  try {
    size_t nl = text.find('\n');
    return parse_csv(text.substr(0, nl == std::string_view::npos ? text.size() : nl + 1), "").header;
  } catch (const Error&) {
    return {};
  }
}

}  // namespace geo
