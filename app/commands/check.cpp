// `gatemap check`: the command-line front end of geo/check.hpp.
#include "app/commands/check.hpp"

#include <exception>
#include <iostream>

#include "app/cli/cli.hpp"
#include "app/data/data_folders.hpp"
#include "app/data/data_source.hpp"
#include "geo/check.hpp"

namespace gatemap {

int run_check(const std::vector<std::string>& paths, const std::string& given_data_dir) {
  // An installed gatemap's data folders (app/data/data_folders.hpp): the bottom of the stack is the
  // default data; with no PATH, the folders stacked on it are checked after it.
  std::string data_dir = given_data_dir;
  std::vector<std::string> stacked;
  if (!installed_data_folders().empty()) {
    stacked = data_folders_read(given_data_dir);
    data_dir = stacked.front() == kBuiltinData ? std::string() : stacked.front();
    stacked.erase(stacked.begin());
  }
  geo::CheckContext ctx;
  ctx.default_data_dir = data_dir.empty() ? embedded_data_dir() : data_dir;
  ctx.default_data_shown_as = data_dir.empty() ? "data" : "";
  geo::CheckReport report;
  try {
    if (paths.empty()) report = geo::check_path(ctx.default_data_dir, ctx, ctx.default_data_shown_as);
    if (paths.empty())
      for (const std::string& dir : stacked) report.append(geo::check_path(dir, ctx));
    for (const std::string& path : paths) report.append(geo::check_path(path, ctx));
  } catch (const std::exception& e) {
    // check_path reports bad files as problems; reaching here is a failure of the program itself.
    std::cerr << "gatemap check: " << e.what() << '\n';
    return kExitFailure;
  }
  for (const geo::CheckProblem& p : report.problems) std::cout << geo::format_problem(p) << '\n';
  std::cout << report.summary() << std::endl;
  return report.errors() > 0 ? kExitCheckFailed : kExitOk;
}

}  // namespace gatemap
