// The parsers of the options' values (app/cli/options.hpp): good input gives the typed value, bad
// input one message per kind of error, naming the value and not where it came from (the caller
// says that once: ValueError::said_of).
#include <gtest/gtest.h>

#include <string>

#include "app/cli/options.hpp"
#include "app/commands/export.hpp"

using namespace gatemap;

namespace {

// The message of parsing `text` with `parse`, said of `name`; "" when it parsed.
template <typename Parse>
std::string said(Parse parse, const std::string& text, const std::string& name) {
  try {
    parse(text);
  } catch (const geo::ValueError& e) {
    return e.said_of(name);
  }
  return {};
}

TEST(ParseDate, RealDaysFrom1990To2100) {
  EXPECT_EQ(parse_date("2024-02-29").iso(), "2024-02-29");
  EXPECT_EQ(parse_date("1990-01-01").iso(), "1990-01-01");
  EXPECT_EQ(parse_date("2100-12-31").iso(), "2100-12-31");
}

TEST(ParseDate, OneMessagePerKindOfError) {
  auto p = [](const std::string& t) { return parse_date(t); };
  EXPECT_EQ(said(p, "2025-02-30", "--date"), "--date '2025-02-30' is not a real date in the form YYYY-MM-DD");
  EXPECT_EQ(said(p, "2023-02-29", "From"), "From '2023-02-29' is not a real date in the form YYYY-MM-DD");
  EXPECT_EQ(said(p, "1 March", "To"), "To '1 March' is not a real date in the form YYYY-MM-DD");
  EXPECT_EQ(said(p, " 2020-01-01", "date"), "date ' 2020-01-01' is not a real date in the form YYYY-MM-DD");
  EXPECT_EQ(said(p, "2020-1-01", "--from"), "--from '2020-1-01' is not a real date in the form YYYY-MM-DD");
  EXPECT_EQ(said(p, "", "--to"), "--to '' is not a real date in the form YYYY-MM-DD");
  EXPECT_EQ(said(p, "1989-12-31", "--date"), "--date 1989-12-31 is out of range (1990-01-01 … 2100-12-31)");
  EXPECT_EQ(said(p, "2101-01-01", "--date"), "--date 2101-01-01 is out of range (1990-01-01 … 2100-12-31)");
}

TEST(ParseStep, DayWeekMonth) {
  EXPECT_EQ(parse_step("day"), Step::day);
  EXPECT_EQ(parse_step("week"), Step::week);
  EXPECT_EQ(parse_step("month"), Step::month);
  for (Step s : {Step::day, Step::week, Step::month}) EXPECT_EQ(parse_step(to_string(s)), s);
  auto p = [](const std::string& t) { return parse_step(t); };
  EXPECT_EQ(said(p, "Week", "--step"), "--step: 'Week' is not one of day, week, month");
  EXPECT_EQ(said(p, "", "--step"), "--step: '' is not one of day, week, month");
}

TEST(ParseFormat, NamesAndExtensions) {
  EXPECT_EQ(parse_format("png"), ImageFormat::png);
  EXPECT_EQ(parse_format("tif"), ImageFormat::tif);
  EXPECT_EQ(parse_format("mp4"), ImageFormat::mp4);
  EXPECT_EQ(parse_format("webm"), ImageFormat::webm);
  auto p = [](const std::string& t) { return parse_format(t); };
  EXPECT_EQ(said(p, "jpg", "--format"), "--format: 'jpg' is not one of png, tif, mp4, webm, geojson, csv, kml");
  EXPECT_EQ(format_of_path("a/b.PNG"), ImageFormat::png);
  EXPECT_EQ(format_of_path("b.tiff"), ImageFormat::tif);
  EXPECT_EQ(format_of_path("b.tif"), ImageFormat::tif);
  EXPECT_EQ(format_of_path("v.Mp4"), ImageFormat::mp4);
  EXPECT_EQ(format_of_path("v.webm"), ImageFormat::webm);
  EXPECT_EQ(format_of_path("b.xyz"), std::nullopt);
  EXPECT_EQ(format_of_path("png"), std::nullopt);
  EXPECT_EQ(format_of_path("s.GeoJSON"), ImageFormat::geojson);
  EXPECT_EQ(format_of_path("s.csv"), ImageFormat::csv);
  EXPECT_EQ(format_of_path("s.kml"), ImageFormat::kml);
  EXPECT_EQ(parse_format("kml"), ImageFormat::kml);
  EXPECT_TRUE(is_state(ImageFormat::csv));
  EXPECT_FALSE(is_state(ImageFormat::png));
  EXPECT_TRUE(is_video(ImageFormat::webm));
  EXPECT_FALSE(is_video(ImageFormat::tif));
}

TEST(ParseWindow, TwoDatesInOrder) {
  const geo::DateWindow w = parse_window("2025-01-01,2025-12-31");
  EXPECT_EQ(w.from.iso(), "2025-01-01");
  EXPECT_EQ(w.to.iso(), "2025-12-31");
  EXPECT_EQ(w.days(), 365);
  EXPECT_EQ(parse_window("2025-03-01,2025-03-01").days(), 1);
  auto p = [](const std::string& t) { return parse_window(t); };
  EXPECT_EQ(said(p, "2025-13-01,2025-01-01", "--window"),
            "--window '2025-13-01' is not a real date in the form YYYY-MM-DD");
  EXPECT_EQ(said(p, "2025-12-31,2025-01-01", "--window"), "--window '2025-12-31,2025-01-01' ends before it starts");
  EXPECT_EQ(said(p, "2025-01-01", "--window"),
            "--window '2025-01-01' is not FROM,TO (two dates YYYY-MM-DD separated by a comma)");
  EXPECT_EQ(said(p, "2025-01-01,2025-02-01,2025-03-01", "--window"),
            "--window '2025-01-01,2025-02-01,2025-03-01' is not FROM,TO (two dates YYYY-MM-DD separated by a comma)");
}

TEST(ParseLayers, NamesOrOneMessage) {
  const geo::LayerSet s = parse_layers("land,frontier,,gates");
  EXPECT_TRUE(s.has(geo::LayerId::land));
  EXPECT_TRUE(s.has(geo::LayerId::frontier));
  EXPECT_TRUE(s.has(geo::LayerId::gates));
  EXPECT_FALSE(s.has(geo::LayerId::status));
  auto p = [](const std::string& t) { return parse_layers(t); };
  EXPECT_EQ(said(p, "land,borders", "--layers"),
            "--layers: unknown layer 'borders' (see `gatemap info` for the layer names)");
}

TEST(TimelapseDates, ByStepBothEndsIncluded) {
  const geo::Date from = parse_date("2020-01-31"), to = parse_date("2020-04-15");
  auto iso = [](const std::vector<geo::Date>& v) {
    std::string s;
    for (geo::Date d : v) s += d.iso() + " ";
    return s;
  };
  EXPECT_EQ(iso(timelapse_dates(from, to, Step::month)), "2020-01-31 2020-02-29 2020-03-31 2020-04-15 ");
  EXPECT_EQ(timelapse_dates(from, to, Step::week).size(), 12u);  // 11 weeks, then the 15th
  EXPECT_EQ(timelapse_dates(from, to, Step::day).size(), 76u);
  EXPECT_EQ(iso(timelapse_dates(from, from, Step::day)), "2020-01-31 ");
}

}  // namespace
