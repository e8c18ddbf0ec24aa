#pragma once
// The errors of geo/: Error names the file, the place in it (line or feature) and the problem, so
// that a message can be shown to a user as `file:line N: problem`; ValueError is a value that
// does not parse (a date, a bbox, a layer list), said of the option or field it came from.
#include <stdexcept>
#include <string>

namespace geo {

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
    return s;
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
