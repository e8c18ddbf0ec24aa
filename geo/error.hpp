#pragma once
// The errors of geo/: Error names the file, the place in it (line or feature) and the problem, so
// that a message can be shown to a user as `file:line N: problem`; ValueError is a value that
// does not parse (a date, a bbox, a layer list), said of the option or field it came from.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace geo {

// Data text made safe to print to a terminal: control characters (bytes below 0x20 and 0x7F, the
// C1 range U+0080–U+009F) and bytes that are not valid UTF-8 are written as escapes (`\x1b`,
// `\u009b`, `\xff`), so a cell holding ESC]0;… cannot retitle or clear the user's terminal. The
// result holds no control byte, so printable(printable(s)) == printable(s). At most `max_chars`
// characters of `s` are kept, then "…" (a 200 MB line is not echoed whole).
inline std::string printable(std::string_view s, size_t max_chars = std::string_view::npos) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() < 256 ? s.size() : 256);
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++chars) {
    if (chars == max_chars) return out + "\xE2\x80\xA6";  // …
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80                          ? 1
                 : (c & 0xE0) == 0xC0 && c >= 0xC2 ? 2
                 : (c & 0xF0) == 0xE0              ? 3
                 : (c & 0xF8) == 0xF0 && c <= 0xF4 ? 4
                                                   : 0;
    char32_t cp = len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (size_t k = 1; k < len; ++k) {
      const auto d = i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
      if ((d & 0xC0) != 0x80)
        len = 0;
      else
        cp = (cp << 6) | (d & 0x3Fu);
    }
    if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp < 0xE000))) len = 0;  // overlong, surrogate
    if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) len = 0;
    if (len == 1 && c >= 0x20 && c != 0x7F) {
      out += static_cast<char>(c);
    } else if (len <= 1) {  // a C0 control, DEL, or a byte that is not valid UTF-8
      out += {'\\', 'x', kHex[c >> 4], kHex[c & 15]};
      len = 1;
    } else if (len == 2 && cp < 0xA0) {  // C1 control
      out += {'\\', 'u', '0', '0', kHex[cp >> 4], kHex[cp & 15]};
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

class Error : public std::runtime_error {
 public:
  // where: "line 12", "feature 3", or empty when the whole file is concerned.
  Error(std::string file, std::string where, std::string problem)
      : std::runtime_error(format(file, where, problem)),
        file_(std::move(file)),
        where_(std::move(where)),
        problem_(std::move(problem)) {}

  const std::string& file() const { return file_; }
  const std::string& where() const { return where_; }
  const std::string& problem() const { return problem_; }

 protected:
  // For ValueError: what() is the problem alone.
  struct Preformatted {};
  Error(Preformatted, std::string what, std::string problem)
      : std::runtime_error(std::move(what)), problem_(std::move(problem)) {}

 public:
  static std::string format(const std::string& file, const std::string& where, const std::string& problem) {
    std::string s = file.empty() ? std::string("gatemap") : file;
    if (!where.empty()) s += ":" + where;
    s += ": " + problem;
    return printable(s);
  }

 private:
  std::string file_, where_, problem_;
};

// A value that does not parse. The message names the value, not where it came from: the caller
// (the command line, a dialog, a scenes file) adds that once with said_of(NAME):
//   value-first problems read "NAME 'TEXT' is not a real date in the form YYYY-MM-DD",
//   the others "NAME: expected 4 numbers LON0,LAT0,LON1,LAT1, found 3".
class ValueError : public Error {
 public:
  enum class Phrase { value_first, after_colon };
  ValueError(Phrase phrase, std::string problem) : Error(Preformatted{}, problem, problem), phrase_(phrase) {}
  std::string said_of(const std::string& name) const {
    return name + (phrase_ == Phrase::value_first ? " " : ": ") + problem();
  }

 private:
  Phrase phrase_;
};

}  // namespace geo
