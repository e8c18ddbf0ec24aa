// `gatemap check`: the command-line front end of geo/check.hpp.
#include "app/check_cmd.hpp"

#include <exception>
#include <iostream>

#include "app/cli.hpp"
#include "app/data_source.hpp"
#include "geo/check.hpp"

namespace gatemap {

const char* const kCheckHelp =
    "Validate data files and folders (default: the embedded data, shown as data/NAME).\n"
    "A folder is checked file by file (*.csv, *.geojson, *.json, *.gpkg); the schema is recognised\n"
    "by the CSV header or the GeoJSON properties (docs/data-format.md), not by the file name.\n"
    "Each problem is one line: FILE:LINE: problem (CSV, physical line, header = 1) or\n"
    "FILE:feature N: problem (GeoJSON); warnings read FILE:LINE: warning: problem. A summary ends\n"
    "the output. Exit code 0 when there is no error (warnings allowed), 3 when there is any.";

int run_check(const std::vector<std::string>& paths, const std::string& data_dir) {
  geo::CheckContext ctx;
  ctx.default_data_dir = data_dir.empty() ? embedded_data_dir() : data_dir;
  ctx.default_data_shown_as = data_dir.empty() ? "data" : "";
  geo::CheckReport report;
  try {
    if (paths.empty()) report = geo::check_path(ctx.default_data_dir, ctx, ctx.default_data_shown_as);
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
