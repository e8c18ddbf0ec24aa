// The frontier strip's frame (app/view/strip_builder, issue 19) on the default data: a column per
// gate pair by km-post, bands that cover the time axis and change where the ticks say, flow bars
// that are the data's own figures over their own periods, the axis from the data's span (or
// --from/--to), and no map layer.
#include "app/view/strip_builder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "app/data/data_source.hpp"

namespace {

const gatemap::AppData& data() {
  static const gatemap::AppData d = *gatemap::load_baked_default_data();
  return d;
}

gatemap::StripInputs inputs() {
  gatemap::StripInputs in;
  in.width = 1920, in.height = 1080;
  in.today = geo::Date::from_ymd(2026, 12, 7);
  in.stretches = gatemap::load_district_stretches("");
  return in;
}

}  // namespace

TEST(StripBuilder, ColumnsBandsAndTicksOfTheDefaultData) {
  const gatemap::render::FrameSnapshot f = gatemap::make_strip_frame(data().scene, data().timeline, inputs());
  ASSERT_TRUE(f.strip);
  const gatemap::render::StripFrame& s = *f.strip;
  EXPECT_NEAR(s.line_km, 221.25, 0.01);
  EXPECT_DOUBLE_EQ(s.official_km, 231.74);
  EXPECT_EQ(s.stretches.size(), 5u);
  ASSERT_EQ(s.columns.size(), data().scene.gates.size());  // every pair: located, or in its district
  EXPECT_TRUE(
      std::is_sorted(s.columns.begin(), s.columns.end(), [](const auto& a, const auto& b) { return a.km < b.km; }));
  // The axis: the data's first date to today (later than the data's as-of date, which is marked).
  EXPECT_EQ(s.first_day, data().timeline.span()->first.days());
  EXPECT_EQ(s.last_day, geo::Date::from_ymd(2026, 12, 7).days());
  ASSERT_TRUE(s.as_of);
  EXPECT_EQ(*s.as_of, data().timeline.as_of_date()->days());
  ASSERT_TRUE(s.today);
  int changes = 0;
  for (const auto& c : s.columns) {
    ASSERT_FALSE(c.bands.empty()) << c.name1;
    EXPECT_EQ(c.bands.front().first, s.first_day);
    EXPECT_EQ(c.bands.back().last, s.last_day);
    std::set<std::int32_t> starts;
    for (size_t i = 1; i < c.bands.size(); ++i) {
      EXPECT_EQ(c.bands[i].first, c.bands[i - 1].last + 1) << c.name1;
      starts.insert(c.bands[i].first);
    }
    std::set<std::int32_t> change_ticks;
    for (const auto& t : c.ticks)
      if (t.status_change) change_ticks.insert(t.day);
    EXPECT_EQ(change_ticks, starts) << c.name1;  // a change tick exactly where a band begins
    changes += static_cast<int>(starts.size());
  }
  EXPECT_GE(changes, 10);
}

TEST(StripBuilder, FlowBarsAreTheDataFiguresOverTheirOwnPeriods) {
  const gatemap::render::FrameSnapshot f = gatemap::make_strip_frame(data().scene, data().timeline, inputs());
  size_t bars = 0;
  for (const auto& c : f.strip->columns)
    for (const auto& sr : c.flows)
      for (const auto& b : sr.bars) {
        const std::string& gate = data().scene.gates[static_cast<size_t>(c.gate)].id;
        bool found = false;
        for (const char* m : {"cargo_vehicles_per_day", "export_vehicles_per_day", "import_vehicles_per_day"})
          for (const geo::FlowRow* r : data().timeline.flow_series(gate, m))
            found |= r->first().days() == b.first && r->end.days() == b.last && r->value == b.value;
        EXPECT_TRUE(found) << gate << " " << b.label;
        ++bars;
      }
  EXPECT_GE(bars, 10u);
  // The side panel: one lane per scope, unit and basis, never mixed.
  std::set<std::string> lanes;
  for (const auto& l : f.strip->side) EXPECT_TRUE(lanes.insert(l.title + l.subtitle).second) << l.title;
  EXPECT_GE(f.strip->side.size(), 3u);
}

TEST(StripBuilder, FromToSetTheAxisAndMapLayersAreOff) {
  gatemap::StripInputs in = inputs();
  in.from = geo::Date::from_ymd(2020, 1, 1);
  in.to = geo::Date::from_ymd(2020, 12, 31);
  in.layers = geo::LayerSet::all();
  const gatemap::render::FrameSnapshot f = gatemap::make_strip_frame(data().scene, data().timeline, in);
  EXPECT_EQ(f.strip->first_day, in.from->days());
  EXPECT_EQ(f.strip->last_day, in.to->days());
  EXPECT_FALSE(f.strip->today);  // outside the axis
  EXPECT_FALSE(f.strip->as_of);
  for (geo::LayerId id : {geo::LayerId::land, geo::LayerId::rivers, geo::LayerId::roads, geo::LayerId::gates,
                          geo::LayerId::scalebar, geo::LayerId::north_arrow})
    EXPECT_FALSE(f.layers.has(id)) << geo::layer_name(id);
  for (geo::LayerId id : {geo::LayerId::status, geo::LayerId::flows, geo::LayerId::trade, geo::LayerId::legend})
    EXPECT_TRUE(f.layers.has(id)) << geo::layer_name(id);
  EXPECT_GE(gatemap::strip_today(), geo::Date::from_ymd(2026, 12, 7));
}
