#pragma once
// The one error type of geo/: it names the file, the place in it (line or feature) and the
// problem, so that a message can be shown to a user as `file:line N: problem`.
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

  static std::string format(const std::string& file, const std::string& where, const std::string& problem) {
    std::string s = file.empty() ? std::string("gatemap") : file;
    if (!where.empty()) s += ":" + where;
    s += ": " + problem;
    return s;
  }

 private:
  std::string file_, where_, problem_;
};

}  // namespace geo
