// The committed frontier line (data/frontier.geojson): its geodesic length is computed from the
// vertices (not read from a property), it runs SE→NW between the two tripoints, and the scene
// reports the same length. Tolerances: km for lengths, metres for positions.
#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "geo/csv.hpp"
#include "geo/projection.hpp"
#include "geo/scene.hpp"
#include "geo/vector_io.hpp"

namespace {

const std::string kDataDir = GATEMAP_DATA_DIR;
const std::string kFrontier = kDataDir + "/frontier.geojson";

// Tripoints copied from ../shared/data/SOURCES.md §1 "Frontier endpoints (tripoints)": the ends of
// the shared Lạng Sơn / Cao Bằng and Lạng Sơn / Quảng Ninh boundaries in the government polygons
// (dvhcvn data/gis/20.json, 04.json, from gis.chinhphu.vn). Copied so that the test does not need
// shared/ to be present.
constexpr geo::LonLat kTripointSE{107.362408, 21.599673};  // T_SE: Lạng Sơn – Quảng Ninh – China
constexpr geo::LonLat kTripointNW{106.561037, 22.422565};  // T_NW: Lạng Sơn – Cao Bằng – China

// The figure quoted in SOURCES.md §1 ("geodesic, WGS84 ellipsoid ... 221.25"), measured there with
// SpatiaLite and `geod -I`, i.e. independently of this code.
constexpr double kExpectedGeodesicKm = 221.25;

std::vector<geo::LonLat> frontier_line() {
  geo::VectorLayer layer = geo::read_vector(kFrontier);
  if (layer.features.size() != 1 || layer.features[0].lines.size() != 1) {
    ADD_FAILURE() << kFrontier << ": expected one feature holding one LineString";
    return {};
  }
  return layer.features[0].lines[0];
}

}  // namespace

TEST(Frontier, IsOneLineStringOf1258Vertices) {
  geo::VectorLayer layer = geo::read_vector(kFrontier);
  ASSERT_EQ(layer.features.size(), 1u);
  const geo::Feature& f = layer.features[0];
  ASSERT_EQ(f.lines.size(), 1u);
  EXPECT_TRUE(f.polygons.empty());
  EXPECT_TRUE(f.points.empty());
  EXPECT_EQ(f.lines[0].size(), 1258u);  // SOURCES.md §2: "LineString, 1 258 vertices, SE→NW"
}

TEST(Frontier, GeodesicLengthIs221_25Km) {
  const std::vector<geo::LonLat> line = frontier_line();
  ASSERT_GE(line.size(), 2u);
  const double km = geo::geodesic_length_m(line) / 1000.0;
  EXPECT_NEAR(km, kExpectedGeodesicKm, 0.5);
}

TEST(Frontier, LengthIsTheSumOfSegmentGeodesics) {
  const std::vector<geo::LonLat> line = frontier_line();
  ASSERT_GE(line.size(), 3u);
  double sum = 0;
  for (size_t i = 1; i < line.size(); ++i) sum += geo::geodesic_distance_m(line[i - 1], line[i]);
  EXPECT_NEAR(geo::geodesic_length_m(line), sum, 1e-6);
  // A prefix is shorter than the whole.
  EXPECT_LT(geo::geodesic_length_m(std::span(line).first(line.size() / 2)), sum);
}

TEST(Frontier, MovingOneVertexChangesTheLength) {
  std::vector<geo::LonLat> line = frontier_line();
  ASSERT_GE(line.size(), 3u);
  const double before = geo::geodesic_length_m(line);
  const size_t mid = line.size() / 2;
  const geo::LonLat a = line[mid - 1], m = line[mid], b = line[mid + 1];
  line[mid].lon += 0.01;  // about 1 km east
  const geo::LonLat moved = line[mid];
  const double after = geo::geodesic_length_m(line);
  EXPECT_GT(std::abs(after - before), 100.0) << "moving a vertex by 0.01 degree must change the length";
  // The change is exactly that of the two segments meeting at the moved vertex.
  const double expected_delta = (geo::geodesic_distance_m(a, moved) + geo::geodesic_distance_m(moved, b)) -
                                (geo::geodesic_distance_m(a, m) + geo::geodesic_distance_m(m, b));
  EXPECT_NEAR(after - before, expected_delta, 1e-6);
}

TEST(Frontier, SceneReportsTheComputedAndTheOfficialLength) {
  const std::vector<geo::LonLat> line = frontier_line();
  ASSERT_GE(line.size(), 2u);
  const geo::Scene s = geo::build_scene({kDataDir});
  EXPECT_NEAR(s.frontier_geodesic_km, geo::geodesic_length_m(line) / 1000.0, 1e-9);
  EXPECT_NEAR(s.frontier_geodesic_km, kExpectedGeodesicKm, 0.5);
  EXPECT_DOUBLE_EQ(s.frontier_official_km, 231.74);
  ASSERT_EQ(s.frontier_lonlat.size(), line.size());
}

// build_scene on a copy of data/ in which one vertex of the frontier has moved (the file's
// geodesic_km property is left as it is): the scene's length must follow the vertices.
TEST(Frontier, SceneLengthIsComputedNotReadFromTheFile) {
  // GDAL reads /vsimem/ files in place (no copy), so the bytes live as long as the program.
  static const std::string frontier = [] {
    std::string text = geo::read_text_file(kFrontier);
    // The second vertex as written in the file; its longitude moves by 0.01 degree (~1 km).
    const std::string from = "[ 107.36209, 21.59968 ]", to = "[ 107.37209, 21.59968 ]";
    const size_t at = text.find(from);
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
  }();
  ASSERT_NE(frontier.find("[ 107.37209, 21.59968 ]"), std::string::npos)
      << "fixture assumption: the second vertex is written as [ 107.36209, 21.59968 ]";
  ASSERT_NE(frontier.find("\"geodesic_km\""), std::string::npos);

  static const std::string land = geo::read_text_file(kDataDir + "/land.geojson");
  static const std::string gates = geo::read_text_file(kDataDir + "/gates.csv");
  static const std::string pairs = geo::read_text_file(kDataDir + "/gate_pairs.csv");
  const std::string dir = "/vsimem/frontier_test_moved_vertex";
  auto put = [&](const char* name, const std::string& bytes) {
    geo::register_memory_file(dir + "/" + name, std::as_bytes(std::span(bytes.data(), bytes.size())));
  };
  put("frontier.geojson", frontier);
  put("land.geojson", land);
  put("gates.csv", gates);
  put("gate_pairs.csv", pairs);

  const geo::Scene original = geo::build_scene({kDataDir});
  const geo::Scene moved = geo::build_scene({dir});
  ASSERT_EQ(moved.frontier_lonlat.size(), original.frontier_lonlat.size());
  EXPECT_DOUBLE_EQ(moved.frontier_lonlat[1].lon, 107.37209);
  EXPECT_GT(std::abs(moved.frontier_geodesic_km - original.frontier_geodesic_km), 0.1)
      << "frontier_geodesic_km did not change when a vertex moved by ~1 km: it is not computed";
  EXPECT_NEAR(moved.frontier_geodesic_km, geo::geodesic_length_m(moved.frontier_lonlat) / 1000.0, 1e-9);
}

TEST(Frontier, EndsLieWithin100MetresOfTheTripoints) {
  const std::vector<geo::LonLat> line = frontier_line();
  ASSERT_GE(line.size(), 2u);
  const double se = geo::geodesic_distance_m(line.front(), kTripointSE);
  const double nw = geo::geodesic_distance_m(line.back(), kTripointNW);
  EXPECT_LT(se, 100.0) << "first vertex " << line.front().lon << ", " << line.front().lat;
  EXPECT_LT(nw, 100.0) << "last vertex " << line.back().lon << ", " << line.back().lat;
}

TEST(Frontier, RunsSouthEastToNorthWest) {
  const std::vector<geo::LonLat> line = frontier_line();
  ASSERT_GE(line.size(), 2u);
  // The first vertex is the SE tripoint, not the NW one (a reversed line would fail here).
  EXPECT_LT(geo::geodesic_distance_m(line.front(), kTripointSE), geo::geodesic_distance_m(line.front(), kTripointNW));
  EXPECT_LT(geo::geodesic_distance_m(line.back(), kTripointNW), geo::geodesic_distance_m(line.back(), kTripointSE));
  EXPECT_GT(line.front().lon, line.back().lon);
  EXPECT_LT(line.front().lat, line.back().lat);
  // The tripoints are about 120 km apart, so the check above is not a near tie.
  EXPECT_GT(geo::geodesic_distance_m(kTripointSE, kTripointNW), 100000.0);
}

TEST(Frontier, VerticesAreInTheLangSonArea) {
  const std::vector<geo::LonLat> line = frontier_line();
  ASSERT_FALSE(line.empty());
  for (const geo::LonLat& p : line) {
    ASSERT_TRUE(p.lon > 106.4 && p.lon < 107.5 && p.lat > 21.5 && p.lat < 22.6)
        << "vertex " << p.lon << ", " << p.lat << " is outside the frontier area (axis order?)";
  }
}

// The tripoints above are copies; where ../shared/data is present, check that they still match it.
TEST(Frontier, TripointCopiesMatchSharedSources) {
  const std::filesystem::path sources = std::filesystem::path(GATEMAP_SHARED_DATA_DIR) / "SOURCES.md";
  if (!std::filesystem::exists(sources)) GTEST_SKIP() << sources << " is absent";
  std::ifstream in(sources);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("| T_SE | Lạng Sơn – Quảng Ninh – China | 107.362408 | 21.599673 |"), std::string::npos);
  EXPECT_NE(text.str().find("| T_NW | Lạng Sơn – Cao Bằng – China | 106.561037 | 22.422565 |"), std::string::npos);
}
