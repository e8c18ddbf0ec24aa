// The default data baked by the build (tools/bake_scene.cpp, geo/scene_io.hpp) and embedded in the
// binary: it is current (not stale) and equals what GDAL, PROJ and GEOS make of the embedded files,
// scene and time model alike, so the lean export draws exactly what the full program draws.
#include <gtest/gtest.h>

#include <embedded_scene.hpp>

#include "app/data/data_source.hpp"
#include "geo/scene_io.hpp"

namespace {

using gatemap::AppData;

TEST(BakedData, IsCurrentAndEqualsTheSceneBuiltFromTheFiles) {
  std::string why;
  const std::optional<AppData> baked = gatemap::load_baked_default_data(&why);
  ASSERT_TRUE(baked) << "the embedded scene blob was rejected: " << why;
  const geo::Scene built = gatemap::load_scene({});  // build_scene on the embedded files (GDAL)
  EXPECT_TRUE(baked->scene == built);
  EXPECT_EQ(baked->scene.labels.size(), built.labels.size());
  EXPECT_EQ(baked->scene.problems, built.problems);
  EXPECT_EQ(baked->dir, "");
}

TEST(BakedData, TimeModelFromEmbeddedBytesEqualsTheOneReadThroughGdal) {
  const std::optional<AppData> baked = gatemap::load_baked_default_data();
  ASSERT_TRUE(baked);
  const std::string root = gatemap::embedded_data_dir();
  geo::TimelineOptions opt;
  for (const geo::GatePair& g : baked->scene.gates) opt.gate_ids.push_back(g.id);
  opt.context_ids = {"cb_ta_lung"};
  const geo::Timeline t =
      geo::load_timeline(root + "/events.csv", root + "/flows.csv", root + "/trade.csv", root + "/groups.csv", opt);
  const geo::Timeline& b = baked->timeline;
  ASSERT_FALSE(t.events().empty());
  ASSERT_EQ(b.events().size(), t.events().size());
  for (size_t i = 0; i < t.events().size(); ++i) {
    EXPECT_EQ(b.events()[i].file, t.events()[i].file);
    EXPECT_EQ(b.events()[i].line, t.events()[i].line);
    EXPECT_EQ(b.events()[i].date, t.events()[i].date);
    EXPECT_EQ(b.events()[i].event, t.events()[i].event);
  }
  EXPECT_EQ(b.flows().size(), t.flows().size());
  EXPECT_EQ(b.trade().size(), t.trade().size());
  EXPECT_EQ(b.memberships().size(), t.memberships().size());
  EXPECT_EQ(b.gate_ids(), t.gate_ids());
  EXPECT_EQ(b.problems(), t.problems());
  EXPECT_EQ(b.event_dates(), t.event_dates());
  ASSERT_TRUE(t.as_of_date());
  for (const std::string& g : t.gate_ids())
    EXPECT_EQ(b.status_at(g, *t.as_of_date()).overall, t.status_at(g, *t.as_of_date()).overall) << g;
}

TEST(BakedData, LoadDataOfTheDefaultIsTheBakedOne) {
  const std::optional<AppData> baked = gatemap::load_baked_default_data();
  ASSERT_TRUE(baked);
  const AppData d = gatemap::load_data({});
  EXPECT_TRUE(d.scene == baked->scene);
  EXPECT_EQ(d.problems, baked->problems);
}

TEST(BakedData, StampedWithTheHashOfTheEmbeddedFiles) {
  // The same blob checked against other sources is stale: the stamp is what makes it current.
  const std::span<const std::byte> blob = gatemap_embedded_scene("default_scene.bin");
  ASSERT_FALSE(blob.empty());
  std::string why;
  EXPECT_TRUE(geo::read_scene_blob(blob, gatemap::embedded_data_hash(), &why)) << why;
  EXPECT_FALSE(geo::read_scene_blob(blob, gatemap::embedded_data_hash() ^ 1, &why));
  EXPECT_NE(why.find("stale"), std::string::npos);
  EXPECT_EQ(gatemap::data_version().substr(0, 5), "data-");
}

}  // namespace
