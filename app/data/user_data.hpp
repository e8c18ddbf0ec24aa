#pragma once
// Planners' own data: gates, events, flows or trade files (CSV or GeoJSON in the documented
// schemas, or a GeoPackage) loaded on top of the default data as separate layers that can be
// toggled and removed. The default data is never changed: the time model is rebuilt from the
// default files followed by the visible user files (so a user's row wins a same-day tie).
#include <string>
#include <vector>

#include "app/data/data_source.hpp"

namespace gatemap {

inline const char* to_string(UserLayer::Kind k) {
  switch (k) {
    case UserLayer::Kind::gates: return "gates";
    case UserLayer::Kind::events: return "events";
    case UserLayer::Kind::flows: return "flows";
    case UserLayer::Kind::trade: return "trade";
    case UserLayer::Kind::groups: return "groups";
    case UserLayer::Kind::vector: return "features";
  }
  return "features";
}

// The ids of the built-in data that a planner's own rows may not reuse (its gates' ids).
geo::KnownIds builtin_ids(const geo::Scene& scene);

// Reads one file (or every data file of a folder) as user layers. Throws geo::Error when nothing
// can be read (missing file, unknown schema); rows that `gatemap check` rejects (a gate id of
// `builtin` among them) are skipped and listed in each layer's `report`.
std::vector<UserLayer> load_user_files(const std::string& path, const geo::KnownIds& builtin = {});

// Projects a layer's geometry for drawing (fills point_xy and segments).
void project_user_layer(UserLayer& l, const geo::Scene& scene);

// Loads `path` and adds its layers to `data` (projected, timeline rebuilt). Returns a message for
// the status bar; on an error the data is unchanged and the message says why.
std::string add_user_files(AppData& data, const std::string& path);

// Rebuilds `data.timeline` from the default files plus the visible user layers' files, and
// `data.report` / `data.problems` with it. Throws geo::Error (a file that cannot be read), and then
// `data` is unchanged.
void rebuild_timeline(AppData& data);

// True when `dir` holds a complete dataset (a frontier), which then replaces the default data;
// otherwise `--data DIR` adds the folder's files as user layers.
bool is_complete_dataset(const std::string& dir);

}  // namespace gatemap
