// The scene built from data/: land triangulated without gaps or overlaps (areas compared with the
// shoelace area of the projected GeoJSON rings, computed here), frontier levels of detail, gate
// symbols. Areas in m², positions in metres (EPSG:32648).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "geo/gates.hpp"
#include "geo/projection.hpp"
#include "geo/scene.hpp"
#include "geo/vector_io.hpp"

namespace {

const std::string kDataDir = GATEMAP_DATA_DIR;

const geo::Scene& scene() {
  static const geo::Scene s = geo::build_scene({kDataDir});
  return s;
}

const geo::VectorLayer& land_geojson() {
  static const geo::VectorLayer layer = geo::read_vector(kDataDir + "/land.geojson");
  return layer;
}

// Shoelace area of a lon/lat ring projected to map metres (absolute value, m²).
double ring_area_m2(const geo::Ring& ring) {
  std::vector<geo::XY> xy(ring.size());
  geo::map_projector().forward(ring, xy);
  double twice = 0;
  for (size_t i = 0; i < xy.size(); ++i) {
    const geo::XY& a = xy[i];
    const geo::XY& b = xy[(i + 1) % xy.size()];  // closes the ring if it is open; 0 if closed
    twice += a.x * b.y - b.x * a.y;
  }
  return std::abs(twice) / 2;
}

// Area of a feature's polygons: exteriors minus holes.
double feature_area_m2(const geo::Feature& f) {
  double area = 0;
  for (const geo::Polygon& poly : f.polygons)
    for (size_t r = 0; r < poly.size(); ++r) area += (r == 0 ? 1 : -1) * ring_area_m2(poly[r]);
  return area;
}

geo::XY vertex(const geo::PolygonLayer& layer, uint32_t i) {
  return {layer.xy[2 * size_t{i}], layer.xy[2 * size_t{i} + 1]};
}

double triangle_area_m2(const geo::XY& a, const geo::XY& b, const geo::XY& c) {
  return std::abs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) / 2;
}

double part_area_m2(const geo::PolygonLayer& layer, const geo::PolygonLayer::Part& part) {
  double area = 0;
  for (uint32_t k = part.first_index; k + 3 <= part.first_index + part.index_count; k += 3)
    area += triangle_area_m2(vertex(layer, layer.indices[k]), vertex(layer, layer.indices[k + 1]),
                             vertex(layer, layer.indices[k + 2]));
  return area;
}

bool in_triangle(const geo::XY& p, const geo::XY& a, const geo::XY& b, const geo::XY& c) {
  auto cross = [](const geo::XY& o, const geo::XY& u, const geo::XY& v) {
    return (u.x - o.x) * (v.y - o.y) - (u.y - o.y) * (v.x - o.x);
  };
  const double d1 = cross(a, b, p), d2 = cross(b, c, p), d3 = cross(c, a, p);
  const bool neg = d1 < 0 || d2 < 0 || d3<0, pos = d1> 0 || d2 > 0 || d3 > 0;
  return !(neg && pos);
}

// Whether a point (metres relative to the scene origin) lies on a triangle of a land part.
bool in_part(const geo::PolygonLayer& layer, const geo::PolygonLayer::Part& part, const geo::XY& p) {
  for (uint32_t k = part.first_index; k + 3 <= part.first_index + part.index_count; k += 3)
    if (in_triangle(p, vertex(layer, layer.indices[k]), vertex(layer, layer.indices[k + 1]),
                    vertex(layer, layer.indices[k + 2])))
      return true;
  return false;
}

geo::XY relative(const geo::LonLat& ll) {
  const geo::XY p = geo::map_projector().forward(ll);
  return {p.x - scene().origin.x, p.y - scene().origin.y};
}

size_t level_vertices(const geo::LineLayer::Level& l) { return l.xy.size() / 2; }

}  // namespace

TEST(SceneLand, TwoFeaturesStyledVietnamAndChina) {
  const geo::PolygonLayer& land = scene().land;
  EXPECT_EQ(land.features, 2u);
  ASSERT_EQ(land.parts.size(), 2u);
  const geo::VectorLayer& src = land_geojson();
  ASSERT_EQ(src.features.size(), 2u);
  std::set<uint16_t> styles;
  for (size_t i = 0; i < 2; ++i) {
    const std::string& a3 = src.features[i].prop("A3");
    ASSERT_TRUE(a3 == "VNM" || a3 == "CHN") << a3;
    EXPECT_EQ(land.parts[i].style, a3 == "VNM" ? 0 : 1) << "feature " << i + 1 << " (" << a3 << ")";
    styles.insert(land.parts[i].style);
  }
  EXPECT_EQ(styles, (std::set<uint16_t>{0, 1}));
  EXPECT_EQ(scene().feature_count(geo::LayerId::land), 2u);
}

TEST(SceneLand, PartsHoldValidTriangles) {
  const geo::PolygonLayer& land = scene().land;
  ASSERT_EQ(land.xy.size() % 2, 0u);
  const size_t n_vertices = land.xy.size() / 2;
  uint32_t next = 0;
  for (const geo::PolygonLayer::Part& part : land.parts) {
    EXPECT_GT(part.index_count, 0u);
    EXPECT_EQ(part.index_count % 3, 0u);
    EXPECT_EQ(part.first_index, next) << "parts must follow each other";
    next = part.first_index + part.index_count;
  }
  EXPECT_EQ(next, land.indices.size());
  for (uint32_t i : land.indices) ASSERT_LT(i, n_vertices);
  for (float v : land.xy) ASSERT_TRUE(std::isfinite(v));
}

// The sum of the triangles' areas equals the polygon's projected area (holes subtracted): the
// triangulation covers the polygon, without overlaps (overlaps would add area) or gaps.
TEST(SceneLand, TriangleAreasEqualThePolygonArea) {
  const geo::PolygonLayer& land = scene().land;
  const geo::VectorLayer& src = land_geojson();
  ASSERT_EQ(land.parts.size(), src.features.size());
  for (size_t i = 0; i < src.features.size(); ++i) {
    const double polygon = feature_area_m2(src.features[i]);
    const double triangles = part_area_m2(land, land.parts[i]);
    ASSERT_GT(polygon, 1e9) << "feature " << i + 1;  // thousands of km² each
    EXPECT_NEAR(triangles / polygon, 1.0, 0.005) << src.features[i].prop("A3") << ": triangles " << triangles / 1e6
                                                 << " km², polygon " << polygon / 1e6 << " km²";
  }
}

// The land's levels of detail (drawn at small scales): fewer vertices and triangles at each
// coarser level, the same parts, and the same area per part within what moving the outline by
// the tolerance can change (perimeter × tolerance; the frontier-side outlines are ~1,000 km).
TEST(SceneLand, LevelsOfDetailShrinkAndKeepTheArea) {
  const geo::PolygonLayer& land = scene().land;
  ASSERT_EQ(land.simplified.size(), std::size(geo::kLandLodTolerances));
  size_t vertices = land.xy.size() / 2, triangles = land.indices.size() / 3;
  double tolerance = 0;
  for (const geo::PolygonLayer::Level& level : land.simplified) {
    SCOPED_TRACE("tolerance " + std::to_string(level.tolerance_m) + " m");
    EXPECT_GT(level.tolerance_m, tolerance);
    tolerance = level.tolerance_m;
    EXPECT_LT(level.xy.size() / 2, vertices);
    EXPECT_LT(level.indices.size() / 3, triangles);
    vertices = level.xy.size() / 2, triangles = level.indices.size() / 3;
    std::printf("land level %g m: %zu vertices, %zu triangles\n", level.tolerance_m, vertices, triangles);
    geo::PolygonLayer as_layer;
    as_layer.xy = level.xy;
    as_layer.indices = level.indices;
    ASSERT_EQ(level.parts.size(), land.parts.size());
    for (size_t i = 0; i < land.parts.size(); ++i) {
      EXPECT_EQ(level.parts[i].style, land.parts[i].style);
      const double full = part_area_m2(land, land.parts[i]), simple = part_area_m2(as_layer, level.parts[i]);
      EXPECT_NEAR(simple, full, 1'000'000.0 * level.tolerance_m)
          << "part " << i << ": " << simple / 1e6 << " km² vs " << full / 1e6 << " km²";
    }
    for (uint32_t k : level.indices) ASSERT_LT(k, level.xy.size() / 2);
  }
  EXPECT_LT(vertices * 4, land.xy.size() / 2)
      << "the coarsest level should be far lighter: " << vertices << " of " << land.xy.size() / 2;
  // The level chosen for a scale: the coarsest within half a pixel.
  EXPECT_EQ(land.level_for(10), 0u);
  EXPECT_EQ(land.level_for(50), 1u);
  EXPECT_EQ(land.level_for(199), 1u);
  EXPECT_EQ(land.level_for(200), 2u);
  EXPECT_EQ(land.level_for(1e6), land.simplified.size());
}

// The helper agrees with a known shape: a 1° × 1° cell at 21–22 N is ~ 11 500 km².
TEST(SceneLand, ShoelaceHelperOnAKnownCell) {
  const geo::Ring cell = {{106, 21}, {107, 21}, {107, 22}, {106, 22}, {106, 21}};
  const double km2 = ring_area_m2(cell) / 1e6;
  // Ellipsoidal area of the cell ≈ 11 490 km², times the UTM area scale (k² ≈ 1.0000 here).
  EXPECT_NEAR(km2, 11490, 60);
  const geo::Ring ccw(cell.rbegin(), cell.rend());
  EXPECT_DOUBLE_EQ(ring_area_m2(ccw), ring_area_m2(cell));
}

TEST(SceneLand, VietnameseAndChineseGatesLieOnTheirSide) {
  const geo::PolygonLayer& land = scene().land;
  ASSERT_EQ(land.parts.size(), 2u);
  const geo::PolygonLayer::Part* vn = nullptr;
  const geo::PolygonLayer::Part* cn = nullptr;
  for (const geo::PolygonLayer::Part& p : land.parts) (p.style == 0 ? vn : cn) = &p;
  ASSERT_TRUE(vn && cn);
  // High-confidence facilities 250–300 m from the line (gates.csv): clearly on one side.
  const geo::XY huu_nghi_vn = relative({106.71083, 21.97111}), huu_nghi_cn = relative({106.71222, 21.97639});
  EXPECT_TRUE(in_part(land, *vn, huu_nghi_vn));
  EXPECT_FALSE(in_part(land, *cn, huu_nghi_vn));
  EXPECT_TRUE(in_part(land, *cn, huu_nghi_cn));
  EXPECT_FALSE(in_part(land, *vn, huu_nghi_cn));
  // Lạng Sơn city is in Vietnam, Pingxiang city centre (Natural Earth) in China.
  EXPECT_TRUE(in_part(land, *vn, relative({106.7615, 21.8537})));
  EXPECT_TRUE(in_part(land, *cn, relative({106.756677, 22.097371})));
}

TEST(SceneFrontier, LevelsOfDetail) {
  const geo::LineLayer& f = scene().frontier;
  EXPECT_EQ(f.features, 1u);
  EXPECT_EQ(scene().feature_count(geo::LayerId::frontier), 1u);
  ASSERT_GE(f.levels.size(), 2u);
  EXPECT_EQ(f.levels[0].tolerance_m, 0.0);
  EXPECT_EQ(level_vertices(f.levels[0]), 1258u);
  for (size_t i = 0; i < f.levels.size(); ++i) {
    const geo::LineLayer::Level& l = f.levels[i];
    ASSERT_EQ(l.starts.size(), 2u) << "level " << i << ": one polyline";
    EXPECT_EQ(l.starts.front(), 0u);
    EXPECT_EQ(l.starts.back(), level_vertices(l));
    EXPECT_EQ(l.styles.size(), 1u);
    EXPECT_GE(level_vertices(l), 2u);
    if (i > 0) {
      EXPECT_LE(level_vertices(l), level_vertices(f.levels[i - 1])) << "level " << i;
      EXPECT_GT(l.tolerance_m, f.levels[i - 1].tolerance_m) << "level " << i;
    }
  }
  // The coarsest level really is simplified.
  EXPECT_LT(level_vertices(f.levels.back()), 1258u / 2);
  // Every level keeps the two ends (the tripoints).
  const geo::XY first = relative(scene().frontier_lonlat.front()), last = relative(scene().frontier_lonlat.back());
  for (const geo::LineLayer::Level& l : f.levels) {
    const size_t n = level_vertices(l);
    EXPECT_NEAR(l.xy[0], first.x, 0.05);
    EXPECT_NEAR(l.xy[1], first.y, 0.05);
    EXPECT_NEAR(l.xy[2 * n - 2], last.x, 0.05);
    EXPECT_NEAR(l.xy[2 * n - 1], last.y, 0.05);
  }
}

TEST(SceneFrontier, LevelZeroIsTheProjectedLine) {
  const geo::LineLayer::Level& l0 = scene().frontier.levels.at(0);
  const std::vector<geo::LonLat>& ll = scene().frontier_lonlat;
  ASSERT_EQ(level_vertices(l0), ll.size());
  for (size_t i = 0; i < ll.size(); ++i) {
    const geo::XY p = relative(ll[i]);
    ASSERT_NEAR(l0.xy[2 * i], p.x, 0.05) << i;  // float precision near the origin: < 1 cm
    ASSERT_NEAR(l0.xy[2 * i + 1], p.y, 0.05) << i;
  }
}

TEST(SceneFrontier, LevelForPicksTheCoarsestBelowHalfAPixel) {
  const geo::LineLayer& f = scene().frontier;
  ASSERT_FALSE(f.levels.empty());
  EXPECT_EQ(f.level_for(0.01), &f.levels.front());
  EXPECT_EQ(f.level_for(1e6), &f.levels.back());
  for (double m_per_px : {1.0, 10.0, 60.0, 250.0, 1000.0}) {
    const geo::LineLayer::Level* l = f.level_for(m_per_px);
    ASSERT_NE(l, nullptr);
    EXPECT_LE(l->tolerance_m, 0.5 * m_per_px) << m_per_px;
    for (const geo::LineLayer::Level& other : f.levels)
      if (other.tolerance_m <= 0.5 * m_per_px) {
        EXPECT_LE(other.tolerance_m, l->tolerance_m) << m_per_px;
      }
  }
}

TEST(SceneFrontier, ExtentAndBboxCoverTheLine) {
  const geo::Scene& s = scene();
  for (const geo::LonLat& p : s.frontier_lonlat) {
    ASSERT_TRUE(p.lon >= s.frontier_bbox.lon0 && p.lon <= s.frontier_bbox.lon1);
    ASSERT_TRUE(p.lat >= s.frontier_bbox.lat0 && p.lat <= s.frontier_bbox.lat1);
    const geo::XY m = geo::map_projector().forward(p);
    ASSERT_TRUE(m.x >= s.frontier_extent.x0 - 1e-6 && m.x <= s.frontier_extent.x1 + 1e-6);
    ASSERT_TRUE(m.y >= s.frontier_extent.y0 - 1e-6 && m.y <= s.frontier_extent.y1 + 1e-6);
  }
  // Tight: the frontier spans ~0.8° of longitude and of latitude.
  EXPECT_NEAR(s.frontier_bbox.lon1 - s.frontier_bbox.lon0, 0.83, 0.05);
  EXPECT_NEAR(s.frontier_bbox.lat1 - s.frontier_bbox.lat0, 0.83, 0.05);
}

TEST(SceneGates, SymbolsLieWithinTheLandExtent) {
  const geo::Scene& s = scene();
  const geo::PolygonLayer& land = s.land;
  ASSERT_FALSE(land.xy.empty());
  float x0 = land.xy[0], x1 = x0, y0 = land.xy[1], y1 = y0;
  for (size_t i = 0; i + 1 < land.xy.size(); i += 2) {
    x0 = std::min(x0, land.xy[i]), x1 = std::max(x1, land.xy[i]);
    y0 = std::min(y0, land.xy[i + 1]), y1 = std::max(y1, land.xy[i + 1]);
  }
  auto inside = [&](const float p[2]) { return p[0] >= x0 && p[0] <= x1 && p[1] >= y0 && p[1] <= y1; };
  ASSERT_FALSE(s.gate_symbols.empty());
  for (const geo::GateSymbol& g : s.gate_symbols) {
    ASSERT_LT(g.pair_index, s.gates.size());
    const std::string& id = s.gates[g.pair_index].id;
    EXPECT_TRUE(g.has_vn || g.has_cn || g.has_crossing) << id;
    if (g.has_vn) {
      EXPECT_TRUE(inside(g.vn)) << id << " vn";
    }
    if (g.has_cn) {
      EXPECT_TRUE(inside(g.cn)) << id << " cn";
    }
    if (g.has_crossing) {
      EXPECT_TRUE(inside(g.crossing)) << id << " crossing";
    }
  }
}

TEST(SceneGates, SymbolsSitAtTheProjectedRows) {
  const geo::Scene& s = scene();
  for (const geo::GateSymbol& sym : s.gate_symbols) {
    if (sym.approximate) continue;  // checked below
    const geo::GatePair& g = s.gates.at(sym.pair_index);
    auto check = [&](bool has, const std::optional<geo::GatePoint>& row, const float p[2], const char* side) {
      ASSERT_EQ(has, row && row->pos) << g.id << " " << side;
      if (!has) return;
      const geo::XY want = relative(*row->pos);
      EXPECT_NEAR(p[0], want.x, 0.05) << g.id << " " << side;
      EXPECT_NEAR(p[1], want.y, 0.05) << g.id << " " << side;
    };
    check(sym.has_vn, g.vn, sym.vn, "vn");
    check(sym.has_cn, g.cn, sym.cn, "cn");
    check(sym.has_crossing, g.crossing, sym.crossing, "crossing");
  }
}

// Every located pair has exactly one exact symbol; a pair that no source locates has none (it may
// have an approximate marker, which is never taken for a position of a source).
TEST(SceneGates, ExactSymbolsAreTheLocatedPairs) {
  const geo::Scene& s = scene();
  std::vector<int> exact(s.gates.size(), 0);
  for (const geo::GateSymbol& sym : s.gate_symbols) {
    ASSERT_LT(sym.pair_index, s.gates.size());
    const geo::GatePair& g = s.gates[sym.pair_index];
    if (sym.approximate) {
      EXPECT_FALSE(g.located()) << g.id << ": a located pair drawn as approximate";
      EXPECT_FALSE(sym.has_vn || sym.has_cn) << g.id << ": an approximate marker has no side of its own";
    } else {
      ++exact[sym.pair_index];
    }
  }
  for (size_t i = 0; i < s.gates.size(); ++i) EXPECT_EQ(exact[i], s.gates[i].located() ? 1 : 0) << s.gates[i].id;
}

// Approximate markers (if any) sit on the frontier line.
TEST(SceneGates, ApproximateMarkersLieOnTheFrontier) {
  const geo::Scene& s = scene();
  const geo::LineLayer::Level& l0 = s.frontier.levels.at(0);
  for (const geo::GateSymbol& sym : s.gate_symbols) {
    if (!sym.approximate) continue;
    ASSERT_TRUE(sym.has_crossing) << s.gates[sym.pair_index].id;
    double best = 1e300;
    for (size_t i = 1; i < level_vertices(l0); ++i) {
      const double ax = l0.xy[2 * i - 2], ay = l0.xy[2 * i - 1], bx = l0.xy[2 * i], by = l0.xy[2 * i + 1];
      const double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
      const double t =
          len2 > 0 ? std::clamp(((sym.crossing[0] - ax) * dx + (sym.crossing[1] - ay) * dy) / len2, 0.0, 1.0) : 0.0;
      best = std::min(best, std::hypot(sym.crossing[0] - (ax + t * dx), sym.crossing[1] - (ay + t * dy)));
    }
    EXPECT_LT(best, 1.0) << s.gates[sym.pair_index].id;
  }
}

TEST(SceneGates, LocatedPairs) {
  const geo::GateLoadResult r = geo::load_gates(kDataDir + "/gates.csv", kDataDir + "/gate_pairs.csv");
  const auto located = static_cast<size_t>(
      std::count_if(r.pairs.begin(), r.pairs.end(), [](const geo::GatePair& g) { return g.located(); }));
  EXPECT_EQ(located, 6u);  // the ten pairs minus na_hinh, na_nua, po_nhung, coc_sau
  EXPECT_EQ(scene().gates.size(), r.pairs.size());
  EXPECT_TRUE(scene().problems.empty()) << scene().problems.front();
  const auto exact = static_cast<size_t>(std::count_if(scene().gate_symbols.begin(), scene().gate_symbols.end(),
                                                       [](const geo::GateSymbol& g) { return !g.approximate; }));
  EXPECT_EQ(exact, located);
}

// The brief's rule "feature_count(LayerId::gates) == number of located pairs": the hollow
// approximate markers of unlocated pairs are drawn but are not located features.
TEST(SceneGates, FeatureCountIsTheNumberOfLocatedPairs) {
  const geo::GateLoadResult r = geo::load_gates(kDataDir + "/gates.csv", kDataDir + "/gate_pairs.csv");
  const auto located = static_cast<size_t>(
      std::count_if(r.pairs.begin(), r.pairs.end(), [](const geo::GatePair& g) { return g.located(); }));
  EXPECT_EQ(scene().feature_count(geo::LayerId::gates), located);
}
