#pragma once
// `gatemap check [PATH...]`: validates data files and folders (see geo/check.hpp and
// docs/data-format.md) and prints every problem, one a line, then a summary:
//
//   data/events.csv:12: date "2023-02-30" is not a real calendar date
//   data/flows.csv:34: warning: unverified: seed article, no URL
//   mine/gates.geojson:feature 3: vertex 1 (109.1, 22) is outside the map area (105.5–108.2 E, 21.0–23.2 N)
//   checked 18 files: 0 errors, 7 warnings
//
// All on stdout. Exit code 0 when there is no error (warnings allowed), kExitCheckFailed (3) when
// any error, including a PATH that does not exist (`PATH: not found`), cannot be read (`PATH: cannot
// read: Too many levels of symbolic links`, `DIR: cannot read the folder: Permission denied`), a
// folder with no data file (`DIR: no data file found (expected *.csv, …)`) and a directory named
// like a data file in a folder (`DIR/events.csv: is a directory, not a file`): never "0 errors"
// when nothing was read.
#include <string>
#include <vector>

namespace gatemap {

// Text for the subcommand's --help (the output format and the exit codes).
extern const char* const kCheckHelp;

// `paths` empty: checks the default data, named `data/NAME` in messages. `data_dir` is the default
// data (what `--data DIR` gives; empty = the data embedded in the binary): it is checked when no
// PATH is given, and the gate pairs and groups of its files resolve the gate ids of a single file.
// A folder given as PATH that has its own gate_pairs / groups / gates files uses those.
int run_check(const std::vector<std::string>& paths, const std::string& data_dir);

}  // namespace gatemap
