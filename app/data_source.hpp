#pragma once
// Where the data comes from: the embedded default (files of data/ compiled into the binary and
// exposed to GDAL under /vsimem/gatemap/data/) or a folder given with --data.
#include <string>

#include "geo/scene.hpp"
#include "geo/timeline.hpp"

namespace gatemap {

// The folder GDAL reads the embedded default data from.
const std::string& embedded_data_dir();

// Builds the scene from `dir` (empty = the embedded default). Throws geo::Error.
geo::Scene load_scene(const std::string& dir = {});

// Everything the program shows: the scene (geometry) and the time model (events, flows, trade).
struct AppData {
  std::string dir;                    // where it was read from ("" = embedded default)
  geo::Scene scene;
  geo::Timeline timeline;
  std::vector<std::string> problems;  // rows skipped while loading, `file:line N: problem`
};

// Builds the scene and the time model from `dir` (empty = the embedded default). Throws geo::Error
// for a missing or broken required file; bad rows are skipped and listed in `problems`.
AppData load_data(const std::string& dir = {});

// A short version string of the embedded data (a hash of its bytes), for export metadata.
std::string data_version();

}  // namespace gatemap
