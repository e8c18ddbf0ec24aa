#pragma once
// The data folders an installed gatemap reads on top of its built-in default, so that a briefing
// room can update the data without reinstalling (docs/install.md):
//   1. /etc/gatemap/data                       (the machine's; $sysconfdir of the package build)
//   2. ${XDG_DATA_HOME:-~/.local/share}/gatemap/data   (the user's)
// each where it exists, then an explicit --data DIR, in that order, each loaded as if given with
// --data (a folder holding a frontier.geojson replaces everything below it; any other folder adds
// its files as layers on top).
//
// Only an installed gatemap reads 1 and 2: the package build sets GATEMAP_INSTALL_PREFIX and the
// running executable must be PREFIX/bin/gatemap; a build tree never reads them, so tests and
// golden images do not depend on what a machine has in /etc. GATEMAP_SYSTEM_DATA_DIRS (a
// colon-separated list; empty for none) replaces folders 1 and 2, installed or not: the tests'
// hook. No GDAL here: the lean executable asks installed_data_folders() whether it must hand an
// export of the default data to the full program.
#include <string>
#include <vector>

namespace gatemap {

// True when a file's name marks it as a data file that a folder's loading reads: .csv, .geojson,
// .json or .gpkg, in any case (EVENTS.CSV too). One rule for load_user_data and for the folders
// below.
bool is_data_file_name(const std::string& path);

// True when this process runs an installed gatemap (see above).
bool running_installed();

// Folders 1 and 2 that exist (directories) and hold a data file (.csv, .geojson, .json, .gpkg), in
// order; empty in a build tree. An empty folder, made ready for later updates, is skipped.
std::vector<std::string> installed_data_folders();

// The folders a command reads on top of the built-in default: installed_data_folders() followed
// by `explicit_dir` (--data) when it is not empty.
std::vector<std::string> data_folder_stack(const std::string& explicit_dir);

// The folders a running window watches (app/view/data_watch.hpp): folders 1 and 2, existing or not
// (an installed gatemap's; GATEMAP_SYSTEM_DATA_DIRS's), followed by `explicit_dir` when it is not
// empty. A folder that appears later, or an empty one that gets a data file, is then read too:
// load_data() looks again at every load.
std::vector<std::string> data_folders_to_watch(const std::string& explicit_dir);

// What load_data(explicit_dir) reads, in order: the stack from its last complete dataset (a folder
// with a frontier.geojson: it replaces what is below it) or, with none, kBuiltinData followed by
// the whole stack. `gatemap info` lists it.
inline constexpr const char* kBuiltinData = "(built-in default)";
std::vector<std::string> data_folders_read(const std::string& explicit_dir);

}  // namespace gatemap
