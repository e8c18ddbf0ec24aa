#pragma once
// `gatemap export --out F.geojson|.csv|.kml`: the state at a date, or over a window, as data (the
// full program only: GDAL writes GeoJSON and KML). Columns and rules: docs/exports.md.
#include <optional>

#include "app/data/data_source.hpp"
#include "app/export/state_writer.hpp"
#include "geo/window.hpp"

namespace gatemap {

// One feature per gate pair (the data's, then a planner's gates files' pairs that are new) with
// its status at the date (or at the window's end, with the window's changes) and the figures of
// the pair; the figures of groups and scopes that are no pair in `figures`.
// At a date a figure is the row whose own period contains the date (the shortest; per scope,
// metric, basis and unit), as on the map; over a window it is the window rule's (geo/window.hpp).
exporter::StateTable state_table(const AppData& data, geo::Date date);
exporter::StateTable state_table(const AppData& data, geo::DateWindow window);

}  // namespace gatemap
