// The help text of `gatemap check`: here rather than in commands/check.cpp, so that the lean executable,
// which parses the command line but hands `check` to the full program, has it without GDAL.
#include "app/commands/check.hpp"

namespace gatemap {

const char* const kCheckHelp =
    "Validate data files and folders (default: the embedded data, shown as data/NAME).\n"
    "A folder is checked file by file (*.csv, *.geojson, *.json, *.gpkg); the schema is recognised\n"
    "by the CSV header or the GeoJSON properties (docs/data-format.md), not by the file name.\n"
    "Each problem is one line: FILE:LINE: problem (CSV, physical line, header = 1) or\n"
    "FILE:feature N: problem (GeoJSON); warnings read FILE:LINE: warning: problem. A summary ends\n"
    "the output. A PATH that cannot be read, or a folder holding no data file, is an error.\n"
    "Exit code 0 when there is no error (warnings allowed), 3 when there is any.";

}  // namespace gatemap
