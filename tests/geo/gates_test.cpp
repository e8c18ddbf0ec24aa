// The committed gates (data/gates.csv + data/gate_pairs.csv): the ten pairs, their rows, names,
// and positions against the frontier line. Distances are point→polyline in UTM 48N metres
// (EPSG:32648, scale error < 0.03 % here), computed in this file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "geo/gates.hpp"
#include "geo/projection.hpp"
#include "geo/vector_io.hpp"

namespace {

const std::string kDataDir = GATEMAP_DATA_DIR;

const geo::GateLoadResult& gates() {
  static const geo::GateLoadResult r = geo::load_gates(kDataDir + "/gates.csv", kDataDir + "/gate_pairs.csv");
  return r;
}

const geo::GatePair* find_pair(const std::string& id) {
  for (const geo::GatePair& g : gates().pairs)
    if (g.id == id) return &g;
  return nullptr;
}

const geo::GatePoint* find_row(const std::string& row_id) {
  for (const geo::GatePair& g : gates().pairs)
    for (const geo::GatePoint& p : g.rows)
      if (p.row_id == row_id) return &p;
  return nullptr;
}

// The frontier in map metres.
const std::vector<geo::XY>& frontier_xy() {
  static const std::vector<geo::XY> xy = [] {
    geo::VectorLayer layer = geo::read_vector(kDataDir + "/frontier.geojson");
    std::vector<geo::XY> out;
    if (layer.features.empty() || layer.features[0].lines.empty()) return out;
    for (const geo::LonLat& p : layer.features[0].lines[0]) out.push_back(geo::map_projector().forward(p));
    return out;
  }();
  return xy;
}

double point_segment_distance(const geo::XY& p, const geo::XY& a, const geo::XY& b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

// Distance in map metres from a lon/lat point to the frontier polyline.
double distance_to_frontier_m(const geo::LonLat& ll) {
  const std::vector<geo::XY>& line = frontier_xy();
  const geo::XY p = geo::map_projector().forward(ll);
  double best = std::numeric_limits<double>::infinity();
  for (size_t i = 1; i < line.size(); ++i) best = std::min(best, point_segment_distance(p, line[i - 1], line[i]));
  return best;
}

}  // namespace

// The helper itself: a point on a segment is at 0, a point beside it at its offset, and beyond an
// end at the distance to that end.
TEST(GatesDistanceHelper, PointSegmentDistance) {
  const geo::XY a{0, 0}, b{100, 0};
  EXPECT_DOUBLE_EQ(point_segment_distance({50, 0}, a, b), 0.0);
  EXPECT_DOUBLE_EQ(point_segment_distance({50, 30}, a, b), 30.0);
  EXPECT_DOUBLE_EQ(point_segment_distance({130, 40}, a, b), 50.0);
  EXPECT_DOUBLE_EQ(point_segment_distance({-3, -4}, a, b), 5.0);
  // A vertex of the frontier is on the frontier.
  ASSERT_GE(frontier_xy().size(), 2u);
  EXPECT_LT(distance_to_frontier_m(geo::map_projector().inverse(frontier_xy()[100])), 0.01);
}

TEST(Gates, LoadWithoutProblems) {
  EXPECT_TRUE(gates().problems.empty()) << (gates().problems.empty() ? "" : gates().problems.front());
}

TEST(Gates, ExactlyTheTenPairs) {
  std::vector<std::string> ids;
  for (const geo::GatePair& g : gates().pairs) ids.push_back(g.id);
  // The order of gate_pairs.csv.
  const std::vector<std::string> expected = {"huu_nghi",  "dong_dang_rail", "tan_thanh", "coc_nam",  "chi_ma",
                                             "binh_nghi", "na_hinh",        "na_nua",    "po_nhung", "coc_sau"};
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << "duplicate pair ids";
}

TEST(Gates, HuuNghiHasFourRowsIncludingTheCargoRoad) {
  const geo::GatePair* g = find_pair("huu_nghi");
  ASSERT_NE(g, nullptr);
  ASSERT_EQ(g->rows.size(), 4u);
  std::set<std::string> rows;
  for (const geo::GatePoint& p : g->rows) rows.insert(p.row_id);
  EXPECT_EQ(rows, (std::set<std::string>{"huu_nghi_vn", "huu_nghi_cn", "huu_nghi_x", "huu_nghi_cargo_x"}));
  // The pair's crossing is the first border row (the main road), not the cargo road.
  ASSERT_TRUE(g->crossing);
  EXPECT_EQ(g->crossing->row_id, "huu_nghi_x");
  ASSERT_TRUE(g->vn && g->cn);
  EXPECT_EQ(g->vn->side, geo::Side::vn);
  EXPECT_EQ(g->cn->side, geo::Side::cn);
  EXPECT_EQ(g->kind, "international");
}

TEST(Gates, EveryRowBelongsToItsPair) {
  size_t rows = 0;
  for (const geo::GatePair& g : gates().pairs) {
    EXPECT_FALSE(g.rows.empty()) << g.id << " has no row in gates.csv";
    rows += g.rows.size();
    for (const geo::GatePoint& p : g.rows) {
      EXPECT_EQ(p.row_id.rfind(g.id, 0), 0u) << p.row_id << " is filed under " << g.id;
      EXPECT_GT(p.line, 1) << p.row_id;
      EXPECT_FALSE(p.source.empty()) << p.row_id << ": every row needs a source";
    }
  }
  EXPECT_EQ(rows, 22u);  // shared/data/gates-reference.csv: 22 rows
}

TEST(Gates, CrossingPointsLieWithin50MetresOfTheFrontier) {
  ASSERT_GE(frontier_xy().size(), 2u);
  int checked = 0;
  for (const geo::GatePair& g : gates().pairs)
    for (const geo::GatePoint& p : g.rows) {
      if (p.side != geo::Side::border || !p.pos) continue;
      ++checked;
      EXPECT_LT(distance_to_frontier_m(*p.pos), 50.0) << p.row_id << " (line " << p.line << ")";
    }
  // huu_nghi_x, huu_nghi_cargo_x, dong_dang_rail_x, tan_thanh_x, coc_nam_x, binh_nghi_x
  EXPECT_EQ(checked, 6);
}

TEST(Gates, FacilitiesLieWithin2KmOfTheFrontier) {
  ASSERT_GE(frontier_xy().size(), 2u);
  int checked = 0;
  for (const geo::GatePair& g : gates().pairs)
    for (const geo::GatePoint& p : g.rows) {
      if (p.side == geo::Side::border || !p.pos) continue;
      ++checked;
      EXPECT_LT(distance_to_frontier_m(*p.pos), 2000.0) << p.row_id << " (line " << p.line << ")";
    }
  // huu_nghi_vn, huu_nghi_cn, dong_dang_rail_vn, tan_thanh_vn, chi_ma_vn, chi_ma_cn
  EXPECT_EQ(checked, 6);
}

// SOURCES.md §3 / gates.csv sources: the Hữu Nghị buildings are 249 m (VN) and 301 m (CN) from the
// OSM line; the Đồng Đăng station estimate 1.8 km.
TEST(Gates, KnownDistancesFromTheFrontier) {
  struct Case {
    const char* row;
    double lo_m, hi_m;
  };
  for (const Case& c :
       {Case{"huu_nghi_vn", 240, 310}, Case{"huu_nghi_cn", 240, 310}, Case{"dong_dang_rail_vn", 1700, 1900}}) {
    const geo::GatePoint* p = find_row(c.row);
    ASSERT_NE(p, nullptr) << c.row;
    ASSERT_TRUE(p->pos) << c.row;
    const double d = distance_to_frontier_m(*p->pos);
    EXPECT_GE(d, c.lo_m) << c.row;
    EXPECT_LE(d, c.hi_m) << c.row;
  }
}

TEST(Gates, NotFoundRowsHaveNoCoordinateAndLocatedRowsAreNotNotFound) {
  int not_found = 0;
  for (const geo::GatePair& g : gates().pairs)
    for (const geo::GatePoint& p : g.rows) {
      if (p.confidence == geo::Confidence::not_found) {
        ++not_found;
        EXPECT_FALSE(p.pos) << p.row_id << " is not_found but has a coordinate";
      } else {
        EXPECT_TRUE(p.pos) << p.row_id << " has confidence " << geo::to_string(p.confidence) << " but no coordinate";
      }
    }
  EXPECT_EQ(not_found, 10);  // 22 rows, 12 located (SOURCES.md §2, geo/gates.geojson)
}

TEST(Gates, CoordinatesAreLonThenLat) {
  const geo::GatePoint* p = find_row("huu_nghi_vn");
  ASSERT_NE(p, nullptr);
  ASSERT_TRUE(p->pos);
  // gates.csv: 106.71083,21.97111 (zh.wikipedia 21°58′16″N 106°42′39″E)
  EXPECT_NEAR(p->pos->lon, 106.71083, 1e-9);
  EXPECT_NEAR(p->pos->lat, 21.97111, 1e-9);
  EXPECT_EQ(p->confidence, geo::Confidence::high);
}

TEST(Gates, VietnameseAndChineseNamesKeepTheirCharacters) {
  const geo::GatePair* huu_nghi = find_pair("huu_nghi");
  ASSERT_NE(huu_nghi, nullptr);
  EXPECT_NE(huu_nghi->name_vi.find("Hữu Nghị"), std::string::npos) << huu_nghi->name_vi;
  EXPECT_EQ(huu_nghi->name_zh, "友谊关");
  const geo::GatePoint* vn = find_row("huu_nghi_vn");
  ASSERT_NE(vn, nullptr);
  EXPECT_EQ(vn->name_vi, "Cửa khẩu quốc tế Hữu Nghị");
  struct Name {
    const char* pair;
    const char* vi;
  };
  for (const Name& n : {Name{"dong_dang_rail", "Đồng Đăng"}, Name{"tan_thanh", "Tân Thanh"}, Name{"coc_nam", "Cốc Nam"},
                        Name{"binh_nghi", "Bình Nghi"}, Name{"na_hinh", "Na Hình"}, Name{"na_nua", "Nà Nưa"},
                        Name{"po_nhung", "Pò Nhùng"}, Name{"coc_sau", "Cốc Sâu"}}) {
    const geo::GatePair* g = find_pair(n.pair);
    ASSERT_NE(g, nullptr) << n.pair;
    EXPECT_NE(g->name_vi.find(n.vi), std::string::npos) << n.pair << ": name_vi '" << g->name_vi << "'";
  }
  const geo::GatePair* chi_ma = find_pair("chi_ma");
  ASSERT_NE(chi_ma, nullptr);
  EXPECT_EQ(chi_ma->name_zh, "爱店");
  EXPECT_EQ(chi_ma->district, "Lộc Bình");
}

TEST(Gates, UnconfirmedChineseNames) {
  for (const char* id : {"po_nhung", "coc_sau"}) {
    const geo::GatePair* g = find_pair(id);
    ASSERT_NE(g, nullptr) << id;
    EXPECT_EQ(g->name_zh_status, "unconfirmed") << id;
  }
  const geo::GatePair* huu_nghi = find_pair("huu_nghi");
  ASSERT_NE(huu_nghi, nullptr);
  EXPECT_EQ(huu_nghi->name_zh_status, "confirmed");
}

TEST(Gates, GatesWithoutAnyCoordinateAreNotLocated) {
  const std::set<std::string> unlocated = {"na_hinh", "na_nua", "po_nhung", "coc_sau"};
  for (const geo::GatePair& g : gates().pairs) {
    const bool any_pos =
        std::any_of(g.rows.begin(), g.rows.end(), [](const geo::GatePoint& p) { return p.pos.has_value(); });
    if (unlocated.count(g.id)) {
      EXPECT_FALSE(any_pos) << g.id;
      EXPECT_FALSE(g.located()) << g.id;
      EXPECT_FALSE(g.anchor()) << g.id;
    } else {
      EXPECT_TRUE(g.located()) << g.id;
      ASSERT_TRUE(g.anchor()) << g.id;
    }
  }
}

TEST(Gates, AnchorPrefersTheCrossing) {
  const geo::GatePair* g = find_pair("huu_nghi");
  ASSERT_NE(g, nullptr);
  ASSERT_TRUE(g->anchor());
  EXPECT_NEAR(g->anchor()->lon, 106.711524, 1e-9);  // huu_nghi_x, not huu_nghi_vn
  EXPECT_NEAR(g->anchor()->lat, 21.973747, 1e-9);
  // chi_ma has no crossing row: the VN side is used.
  const geo::GatePair* chi_ma = find_pair("chi_ma");
  ASSERT_NE(chi_ma, nullptr);
  ASSERT_FALSE(chi_ma->crossing);
  ASSERT_TRUE(chi_ma->anchor());
  EXPECT_NEAR(chi_ma->anchor()->lon, 107.027050, 1e-9);
}
