// geo/scene_io.hpp: the scene blob that the build bakes from data/. A round trip gives back the
// scene of build_scene field by field; a blob that is stale (other sources), of another format
// version, truncated or corrupted anywhere is rejected with a reason, never read.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "geo/scene.hpp"
#include "geo/scene_io.hpp"

namespace {

const geo::Scene& scene() {
  static const geo::Scene s = geo::build_scene({GATEMAP_DATA_DIR});
  return s;
}

constexpr std::uint64_t kHash = 0x0123456789abcdefull;

const std::vector<std::byte>& blob() {
  static const std::vector<std::byte> b = geo::write_scene_blob(scene(), kHash);
  return b;
}

void expect_lines_equal(const geo::LineLayer& a, const geo::LineLayer& b, const char* name) {
  SCOPED_TRACE(name);
  EXPECT_EQ(a.features, b.features);
  ASSERT_EQ(a.levels.size(), b.levels.size());
  for (size_t i = 0; i < a.levels.size(); ++i) {
    EXPECT_EQ(a.levels[i].tolerance_m, b.levels[i].tolerance_m);
    EXPECT_EQ(a.levels[i].xy, b.levels[i].xy);
    EXPECT_EQ(a.levels[i].starts, b.levels[i].starts);
    EXPECT_EQ(a.levels[i].styles, b.levels[i].styles);
  }
}

TEST(SceneIo, RoundTripEqualsBuildSceneFieldByField) {
  const geo::Scene& s = scene();
  ASSERT_FALSE(s.land.indices.empty());
  ASSERT_FALSE(s.gates.empty());
  ASSERT_FALSE(s.labels.empty());
  std::string why;
  const std::optional<geo::Scene> r = geo::read_scene_blob(blob(), kHash, &why);
  ASSERT_TRUE(r) << why;
  EXPECT_EQ(r->origin, s.origin);
  EXPECT_EQ(r->frontier_extent, s.frontier_extent);
  EXPECT_EQ(r->frontier_bbox, s.frontier_bbox);
  EXPECT_EQ(r->frontier_geodesic_km, s.frontier_geodesic_km);
  EXPECT_EQ(r->frontier_official_km, s.frontier_official_km);
  EXPECT_EQ(r->land.xy, s.land.xy);
  EXPECT_EQ(r->land.indices, s.land.indices);
  EXPECT_EQ(r->land.parts, s.land.parts);
  EXPECT_EQ(r->land.features, s.land.features);
  ASSERT_EQ(r->land.simplified.size(), s.land.simplified.size());
  ASSERT_FALSE(s.land.simplified.empty());
  for (size_t i = 0; i < s.land.simplified.size(); ++i)
    EXPECT_EQ(r->land.simplified[i], s.land.simplified[i]) << "land level " << i + 1;
  expect_lines_equal(r->frontier, s.frontier, "frontier");
  expect_lines_equal(r->provinces, s.provinces, "provinces");
  expect_lines_equal(r->prefectures, s.prefectures, "prefectures");
  expect_lines_equal(r->rivers, s.rivers, "rivers");
  expect_lines_equal(r->roads, s.roads, "roads");
  expect_lines_equal(r->railways, s.railways, "railways");
  EXPECT_EQ(r->frontier_lonlat, s.frontier_lonlat);
  EXPECT_EQ(r->towns, s.towns);
  ASSERT_EQ(r->gates.size(), s.gates.size());
  for (size_t i = 0; i < s.gates.size(); ++i) {
    SCOPED_TRACE(s.gates[i].id);
    EXPECT_EQ(r->gates[i].id, s.gates[i].id);
    EXPECT_EQ(r->gates[i].vn, s.gates[i].vn);
    EXPECT_EQ(r->gates[i].cn, s.gates[i].cn);
    EXPECT_EQ(r->gates[i].crossing, s.gates[i].crossing);
    EXPECT_EQ(r->gates[i].rows, s.gates[i].rows);
    EXPECT_EQ(r->gates[i], s.gates[i]);  // names, kind, district, source too
  }
  EXPECT_EQ(r->gate_symbols, s.gate_symbols);
  EXPECT_EQ(r->labels, s.labels);
  EXPECT_EQ(r->attributions, s.attributions);
  EXPECT_EQ(r->problems, s.problems);
  // And every field at once: Scene's operator== lists them all, so a field added to the scene
  // but not to scene_io.cpp fails here.
  EXPECT_TRUE(*r == s);
}

TEST(SceneIo, WritingIsDeterministic) { EXPECT_EQ(geo::write_scene_blob(scene(), kHash), blob()); }

TEST(SceneIo, StaleBlobIsRejected) {
  std::string why;
  EXPECT_FALSE(geo::read_scene_blob(blob(), kHash + 1, &why));
  EXPECT_NE(why.find("stale"), std::string::npos) << why;
}

// The header: magic at 0, version at 8, byte order at 12, source hash at 16, payload size at 24,
// checksum at 32.
TEST(SceneIo, OtherVersionOrNoBlobIsRejected) {
  std::vector<std::byte> b = blob();
  std::string why;
  b[8] = std::byte{static_cast<unsigned char>(static_cast<unsigned char>(b[8]) + 1)};
  EXPECT_FALSE(geo::read_scene_blob(b, kHash, &why));
  EXPECT_NE(why.find("version"), std::string::npos) << why;
  b = blob();
  b[0] = std::byte{'X'};
  EXPECT_FALSE(geo::read_scene_blob(b, kHash, &why));
  EXPECT_NE(why.find("not a scene blob"), std::string::npos) << why;
  EXPECT_FALSE(geo::read_scene_blob({}, kHash, &why));
  const char text[] = "frontier.geojson is not a blob, nor is any other text file of this length!!";
  EXPECT_FALSE(geo::read_scene_blob(std::as_bytes(std::span(text)), kHash, &why));
}

TEST(SceneIo, TruncatedBlobIsRejected) {
  const std::vector<std::byte>& b = blob();
  std::string why;
  for (size_t keep : {size_t{0}, size_t{47}, size_t{48}, b.size() / 2, b.size() - 1}) {
    EXPECT_FALSE(geo::read_scene_blob(std::span(b).first(keep), kHash, &why)) << keep;
    EXPECT_FALSE(why.empty());
  }
}

TEST(SceneIo, CorruptedBlobIsRejectedWherever) {
  // One flipped bit anywhere in the payload: the checksum catches it.
  const std::vector<std::byte>& good = blob();
  for (size_t at = 48; at < good.size(); at += good.size() / 97 + 1) {
    std::vector<std::byte> b = good;
    b[at] ^= std::byte{0x10};
    std::string why;
    EXPECT_FALSE(geo::read_scene_blob(b, kHash, &why)) << "byte " << at;
    EXPECT_NE(why.find("checksum"), std::string::npos) << why;
  }
}

TEST(SceneIo, InconsistentIndicesAreRejectedEvenWithAValidChecksum) {
  // A blob written from a scene whose land indices point past its vertices: the reader refuses it
  // rather than hand the renderer an out-of-range index.
  geo::Scene broken = scene();
  broken.land.indices.back() = static_cast<uint32_t>(broken.land.xy.size());
  std::string why;
  EXPECT_FALSE(geo::read_scene_blob(geo::write_scene_blob(broken, kHash), kHash, &why));
  EXPECT_NE(why.find("land index"), std::string::npos) << why;
  broken = scene();
  broken.land.simplified.back().parts.back().index_count += 3;  // a coarser level's part past its indices
  EXPECT_FALSE(geo::read_scene_blob(geo::write_scene_blob(broken, kHash), kHash, &why));
  EXPECT_NE(why.find("land part"), std::string::npos) << why;
  broken = scene();
  broken.gate_symbols.front().pair_index = broken.gates.size();
  EXPECT_FALSE(geo::read_scene_blob(geo::write_scene_blob(broken, kHash), kHash, &why));
  EXPECT_NE(why.find("gate symbol"), std::string::npos) << why;
}

TEST(SceneIo, Fnv1aIsTheDataVersionHash) {
  // FNV-1a with data_version()'s offset basis, byte by byte, across add() calls.
  geo::Fnv1a h;
  EXPECT_EQ(h.value(), 1469598103934665603ull);
  h.add(std::string_view("ab"));
  std::uint64_t expect = 1469598103934665603ull;
  for (unsigned char c : {'a', 'b'}) expect = (expect ^ c) * 1099511628211ull;
  EXPECT_EQ(h.value(), expect);
  geo::Fnv1a parts;
  parts.add(std::string_view("a"));
  parts.add(std::string_view("b"));
  EXPECT_EQ(parts.value(), expect);
}

}  // namespace
