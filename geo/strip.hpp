#pragma once
// The frontier strip (issue 19): the frontier straightened into one axis of distance along the
// line drawn (km-posts), and each gate pair's status over time as bands on that axis. Plain data
// for app/view/strip_builder, which turns it into a frame; no drawing here.
//
// Km-posts: the geodesic distance (WGS84 ellipsoid, km) along data/frontier.geojson from the
// Quảng Ninh tripoint end (the south-east end: 0 km) towards the Cao Bằng tripoint (221.25 km) of
// the point of the line nearest to the pair's crossing point (the `_x` row of gates.csv; for Hữu
// Nghị the passenger crossing `huu_nghi_x`, not the cargo road). The nearest point is found in
// map metres (UTM 48N, geo/utm.hpp's formulas, so that the lean executable needs no PROJ or
// GEOS); tests/geo/strip_test.cpp checks it against GEOS's linear referencing (GEOSProject_r) on
// the same projected line. The geodesic part uses the same Vincenty distances as the frontier's
// `geodesic_km` (geo::utm::geodesic_distance_m agrees with PROJ's geod to nanometres).
//
// A pair that no source locates gets the middle of its district's stretch of the line
// (data/district_stretches.csv), flagged approximate; without a stretch it gets no km-post at all.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "geo/csv.hpp"
#include "geo/dates.hpp"
#include "geo/gates.hpp"
#include "geo/timeline.hpp"
#include "geo/types.hpp"

namespace geo {

// A polyline as a linear reference: its vertices from the 0-km end, the geodesic km at each one.
class FrontierRef {
 public:
  FrontierRef() = default;
  // `line` as read (lon, lat); oriented so that its south-eastern end (the Quảng Ninh tripoint:
  // the end with the larger longitude) is km 0, whichever way the file runs.
  explicit FrontierRef(std::span<const LonLat> line);

  double length_km() const { return km_.empty() ? 0 : km_.back(); }
  const std::vector<LonLat>& line() const { return line_; }  // from km 0
  bool reversed() const { return reversed_; }                // the file runs from the Cao Bằng end

  struct Projection {
    double km = 0;        // geodesic km along the line to the nearest point
    double offset_m = 0;  // distance from the point to the line (map metres)
    LonLat on_line;       // the nearest point of the line
  };
  // The point of the line nearest to p (in map metres), and its km-post.
  Projection project(LonLat p) const;
  // The point at `km` along the line (linear within a segment).
  LonLat point_at(double km) const;

 private:
  std::vector<LonLat> line_;
  std::vector<XY> xy_;      // line_ in map metres
  std::vector<double> km_;  // cumulative geodesic km at each vertex
  bool reversed_ = false;
};

// A stretch of the line along one district (data/district_stretches.csv), km from the 0-km end.
struct DistrictStretch {
  std::string district;
  double from_km = 0, to_km = 0;
  std::string source;
};
// The rows of district_stretches.csv whose from_km and to_km are numbers with from < to (others
// are skipped: `gatemap check` reports them).
std::vector<DistrictStretch> district_stretches(const CsvTable& table);

// The point a pair's km-post is measured at: its `<pair>_x` row, else its first located border
// row, else its Vietnamese side, else its Chinese side; nullopt when no row is located.
std::optional<LonLat> crossing_point(const GatePair& pair);

struct GateKmPost {
  size_t pair = 0;  // index into the pairs given
  double km = 0;    // from the 0-km (Quảng Ninh) end
  double offset_m = 0;
  bool approximate = false;  // not located: middle of its district's stretch
  std::string basis;         // "gates.csv row huu_nghi_x" / "middle of the Cao Lộc stretch (km 69.18–137.60)"
};
// A km-post for every pair that is located or has a district stretch, in the pairs' order.
std::vector<GateKmPost> gate_km_posts(std::span<const GatePair> pairs, const FrontierRef& line,
                                      std::span<const DistrictStretch> stretches);

// One stretch of time with one overall status of a gate: [first, last], both inclusive.
struct StatusBand {
  Date first, last;
  Status status = Status::unknown;
  bool approximate = false;          // a deciding row is not day-precise
  const EventRow* set_by = nullptr;  // the row that set the status at `first` (null: unknown)
};
// The gate's overall status over [from, to] as bands, from Timeline::status_at: a band begins on
// `from` and on every date in (from, to] where the overall status or its approximation changes
// (exactly the dates of Timeline::changes_of with a different overall status), and ends the day
// before the next one begins. Empty when to < from.
std::vector<StatusBand> status_bands(const Timeline& timeline, std::string_view gate, Date from, Date to);

// Places items at `wanted` positions (ascending or not; any unit) so that neighbours are at least
// `min_gap` apart, moving each as little as possible (clusters centred on their mean), and keeps
// them within [lo, hi] when the room allows. Returns the positions in the input's order.
std::vector<double> spread_apart(std::span<const double> wanted, double min_gap, double lo, double hi);

}  // namespace geo
