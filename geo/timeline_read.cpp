// load_timeline from files, read through read_csv (GDAL's file layer, so /vsimem/ paths work).
// Kept apart from timeline.cpp so that the time model itself needs no GDAL.
#include "geo/csv.hpp"
#include "geo/timeline.hpp"

namespace geo {

Timeline load_timeline(const std::string& events_csv, const std::string& flows_csv, const std::string& trade_csv,
                       const std::string& groups_csv, const TimelineOptions& options) {
  TimelineFiles files;
  auto add = [](std::vector<std::string>& v, const std::string& p) {
    if (!p.empty()) v.push_back(p);
  };
  add(files.events, events_csv);
  add(files.flows, flows_csv);
  add(files.trade, trade_csv);
  add(files.groups, groups_csv);
  return load_timeline(files, options);
}

Timeline load_timeline(const TimelineFiles& files, const TimelineOptions& options) {
  return load_timeline(files, options, [](const std::string& path) { return read_csv(path); });
}

}  // namespace geo
