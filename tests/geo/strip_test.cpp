// The frontier strip's data (geo/strip.hpp): km-posts of the gate pairs along the committed line,
// checked against the reference figures of issue 19 and against GEOS's linear referencing; status
// bands whose edges are the status step function's change dates; columns spread apart.
// Tolerances: km along the line, metres for positions.
#include "geo/strip.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "geo/csv.hpp"
#include "geo/gates.hpp"
#include "geo/geos_util.hpp"
#include "geo/projection.hpp"
#include "geo/timeline.hpp"
#include "geo/vector_io.hpp"

namespace {

const std::string kDataDir = GATEMAP_DATA_DIR;

std::vector<geo::LonLat> frontier_line() {
  geo::VectorLayer layer = geo::read_vector(kDataDir + "/frontier.geojson");
  return layer.features.at(0).lines.at(0);
}

struct Data {
  geo::FrontierRef line;
  std::vector<geo::GatePair> pairs;
  std::vector<geo::DistrictStretch> stretches;
  std::map<std::string, geo::GateKmPost> km;  // by pair id
};

const Data& data() {
  static const Data d = [] {
    Data out;
    out.line = geo::FrontierRef(frontier_line());
    out.pairs = geo::load_gates(kDataDir + "/gates.csv", kDataDir + "/gate_pairs.csv").pairs;
    out.stretches = geo::district_stretches(geo::read_csv(kDataDir + "/district_stretches.csv"));
    for (const geo::GateKmPost& k : geo::gate_km_posts(out.pairs, out.line, out.stretches))
      out.km[out.pairs[k.pair].id] = k;
    return out;
  }();
  return d;
}

}  // namespace

TEST(StripKm, LineRunsFromTheQuangNinhTripoint) {
  const geo::FrontierRef& l = data().line;
  // The Quảng Ninh tripoint (SOURCES.md §1, T_SE 107.362408, 21.599673) is km 0, within 100 m.
  EXPECT_LT(geo::geodesic_distance_m(l.line().front(), {107.362408, 21.599673}), 100.0);
  EXPECT_LT(geo::geodesic_distance_m(l.line().back(), {106.561037, 22.422565}), 100.0);
  EXPECT_NEAR(l.length_km(), 221.25, 0.01);
  // The same line given the other way round gives the same reference.
  std::vector<geo::LonLat> rev = frontier_line();
  std::reverse(rev.begin(), rev.end());
  const geo::FrontierRef r(rev);
  EXPECT_TRUE(r.reversed());
  EXPECT_NEAR(r.project({106.711524, 21.973747}).km, l.project({106.711524, 21.973747}).km, 1e-9);
}

TEST(StripKm, ReferenceKmPostsWithinHalfAKilometre) {
  const auto& km = data().km;
  ASSERT_TRUE(km.count("chi_ma") && km.count("huu_nghi") && km.count("binh_nghi"));
  EXPECT_NEAR(km.at("chi_ma").km, 62.5, 0.5);
  EXPECT_NEAR(km.at("huu_nghi").km, 134.7, 0.5);
  EXPECT_NEAR(km.at("binh_nghi").km, 179.5, 0.5);
  EXPECT_FALSE(km.at("huu_nghi").approximate);
  // Hữu Nghị is measured at its passenger crossing, not at the cargo road (≈1.6 km further on).
  EXPECT_NE(km.at("huu_nghi").basis.find("huu_nghi_x "), std::string::npos) << km.at("huu_nghi").basis;
  const double cargo = data().line.project({106.725621, 21.981012}).km;
  EXPECT_GT(std::abs(cargo - km.at("huu_nghi").km), 1.0);
}

TEST(StripKm, EveryGateGetsAKmPostAndPrintsIt) {
  const Data& d = data();
  for (const geo::GatePair& g : d.pairs) {
    ASSERT_TRUE(d.km.count(g.id)) << g.id;
    const geo::GateKmPost& k = d.km.at(g.id);
    EXPECT_GE(k.km, 0.0);
    EXPECT_LE(k.km, d.line.length_km());
    EXPECT_EQ(k.approximate, !g.located()) << g.id;
    // A located crossing lies on (or within a few hundred metres of) the line.
    if (!k.approximate) {
      EXPECT_LT(k.offset_m, 500.0) << g.id;
    }
    std::printf("km-post %-16s %7.2f km%s (%s)\n", g.id.c_str(), k.km, k.approximate ? " approx." : "",
                k.basis.c_str());
  }
  // Unlocated gates sit at the middle of their district's stretch.
  EXPECT_NEAR(d.km.at("na_nua").km, (172.79 + 221.25) / 2, 1e-9);
  EXPECT_NEAR(d.km.at("po_nhung").km, (69.18 + 137.60) / 2, 1e-9);
}

// The same km-posts through GEOS: GEOSProject_r on the projected line gives the planar distance
// of the nearest point; its geodesic km must agree with ours within a metre.
TEST(StripKm, AgreesWithGeosLinearReferencing) {
  const Data& d = data();
  geo::GeosContext ctx;
  std::vector<geo::XY> xy(d.line.line().size());
  geo::map_projector().forward(d.line.line(), xy);
  geo::GeomPtr line = geo::make_line(ctx, xy);
  // Planar cumulative length at each vertex, to find the segment GEOS's distance falls in.
  std::vector<double> planar(xy.size(), 0);
  for (size_t i = 1; i < xy.size(); ++i)
    planar[i] = planar[i - 1] + std::hypot(xy[i].x - xy[i - 1].x, xy[i].y - xy[i - 1].y);
  int checked = 0;
  for (const geo::GatePair& g : d.pairs) {
    const std::optional<geo::LonLat> p = geo::crossing_point(g);
    if (!p) continue;
    const geo::XY q = geo::map_projector().forward(*p);
    geo::GeomPtr pt(GEOSGeom_createPointFromXY_r(ctx.get(), q.x, q.y), geo::GeomDeleter{ctx.get()});
    const double s = GEOSProject_r(ctx.get(), line.get(), pt.get());
    size_t i = static_cast<size_t>(std::upper_bound(planar.begin(), planar.end(), s) - planar.begin());
    i = std::clamp<size_t>(i, 1, xy.size() - 1) - 1;
    const double t = planar[i + 1] > planar[i] ? (s - planar[i]) / (planar[i + 1] - planar[i]) : 0;
    const geo::LonLat on =
        geo::map_projector().inverse({xy[i].x + t * (xy[i + 1].x - xy[i].x), xy[i].y + t * (xy[i + 1].y - xy[i].y)});
    double km = geo::geodesic_distance_m(on, d.line.line()[i]) / 1000.0;
    for (size_t k = 1; k <= i; ++k) km += geo::geodesic_distance_m(d.line.line()[k - 1], d.line.line()[k]) / 1000.0;
    EXPECT_NEAR(d.km.at(g.id).km, km, 0.001) << g.id;
    ++checked;
  }
  EXPECT_GE(checked, 6);
}

TEST(StripBands, EdgesAreTheChangeDates) {
  geo::TimelineOptions o;
  for (const geo::GatePair& g : data().pairs) o.gate_ids.push_back(g.id);
  o.context_ids = {"cb_ta_lung"};
  const geo::Timeline tl = geo::load_timeline(kDataDir + "/events.csv", "", "", kDataDir + "/groups.csv", o);
  ASSERT_TRUE(tl.span());
  const geo::Date from = tl.span()->first, to = *tl.as_of_date();
  int edges = 0;
  for (const std::string& gate : o.gate_ids) {
    const std::vector<geo::StatusBand> bands = geo::status_bands(tl, gate, from, to);
    ASSERT_FALSE(bands.empty()) << gate;
    EXPECT_EQ(bands.front().first, from);
    EXPECT_EQ(bands.back().last, to);
    std::vector<geo::Date> changes;  // where the overall status changes, within (from, to]
    for (const geo::Transition& t : tl.changes_of(gate))
      if (t.from != t.to && t.date > from && t.date <= to) changes.push_back(t.date);
    std::vector<geo::Date> starts;
    for (size_t i = 1; i < bands.size(); ++i) {
      starts.push_back(bands[i].first);
      EXPECT_EQ(bands[i].first, bands[i - 1].last.add_days(1)) << gate;  // no gap, no overlap
      EXPECT_NE(bands[i].status, bands[i - 1].status) << gate;
    }
    EXPECT_EQ(starts, changes) << gate;
    // Every day of a band has the band's status.
    for (const geo::StatusBand& b : bands) {
      EXPECT_EQ(tl.status_at(gate, b.first).overall, b.status) << gate << " " << b.first.iso();
      EXPECT_EQ(tl.status_at(gate, b.last).overall, b.status) << gate << " " << b.last.iso();
    }
    edges += static_cast<int>(starts.size());
  }
  EXPECT_GE(edges, 10);
}

TEST(StripBands, OneDayAndEmptyRanges) {
  geo::Timeline empty;
  const geo::Date d = geo::Date::from_ymd(2022, 1, 1);
  EXPECT_TRUE(geo::status_bands(empty, "x", d, d.add_days(-1)).empty());
  const auto one = geo::status_bands(empty, "x", d, d);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].status, geo::Status::unknown);
}

TEST(StripSpread, KeepsGapsAndMovesLittle) {
  const std::vector<double> wanted = {134.7, 132.5, 10, 11, 200};
  const std::vector<double> got = geo::spread_apart(wanted, 4, 0, 221.25);
  std::vector<double> sorted = got;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 1; i < sorted.size(); ++i) EXPECT_GE(sorted[i] - sorted[i - 1], 4 - 1e-9);
  EXPECT_NEAR(got[0] + got[1], 134.7 + 132.5, 1e-9);  // a pair centred on its mean
  EXPECT_GT(got[0], got[1]);                          // order kept
  EXPECT_NEAR(got[4], 200, 1e-9);                     // alone: not moved
  const std::vector<double> edge = geo::spread_apart(std::vector<double>{0, 0.5}, 4, 0, 100);
  EXPECT_GE(edge[0], 0);
  EXPECT_NEAR(edge[1] - edge[0], 4, 1e-9);
}
