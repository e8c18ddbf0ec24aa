// The window rule of geo/window.hpp on synthetic rows: nested year-to-date rows, rows that do not
// overlap, bases kept apart, per-day rates weighted by days, snapshots and percentages, gaps.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "geo/window.hpp"

namespace {

using geo::Date;
using geo::DateWindow;
using geo::FigureRow;

Date D(const char* iso) {
  auto d = Date::parse(iso);
  if (!d) throw std::invalid_argument(iso);
  return *d;
}

FigureRow row(const char* scope, const char* metric, const char* basis, const char* unit, const char* start,
              const char* end, double value, int line) {
  return FigureRow{scope,           metric, basis, unit,         D(start),
                   D(end),          true,   value, std::nullopt, "https://example.org/" + std::to_string(line),
                   "synthetic.csv", line};
}

// Lạng Sơn 2025 as the issue states it: nested year-to-date rows 41.7, 50, 81, 84.4 bn USD.
std::vector<FigureRow> ytd_rows() {
  return {row("lang_son", "import_export", "through_province", "USD_million", "2025-01-01", "2025-04-20", 41700, 2),
          row("lang_son", "import_export", "through_province", "USD_million", "2025-01-01", "2025-05-31", 50000, 3),
          row("lang_son", "import_export", "through_province", "USD_million", "2025-01-01", "2025-10-31", 81000, 4),
          row("lang_son", "import_export", "through_province", "USD_million", "2025-01-01", "2025-11-27", 84400, 5)};
}

TEST(Window, NestedYearToDateRowsTakeTheLongestNeverTheSum) {
  const std::vector<FigureRow> rows = ytd_rows();
  const auto f = geo::window_figures(rows, {D("2025-01-01"), D("2025-12-31")});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_DOUBLE_EQ(f[0].value, 84400);
  ASSERT_EQ(f[0].rows.size(), 1u);
  EXPECT_EQ(f[0].rows[0], 3u);
  EXPECT_EQ(f[0].first, D("2025-01-01"));
  EXPECT_EQ(f[0].last, D("2025-11-27"));
  EXPECT_EQ(f[0].covered_days, D("2025-11-27") - D("2025-01-01") + 1);
  EXPECT_EQ(f[0].describe("Lạng Sơn"),
            "Lạng Sơn, import_export, through-province basis, 2025-01-01 → 2025-11-27 of 2025-01-01 → 2025-12-31, "
            "84.4 bn USD, 1 row");
}

TEST(Window, OnlyRowsLyingInsideTheWindowCount) {
  const std::vector<FigureRow> rows = ytd_rows();
  // Up to the end of October: the row to 11-27 reaches outside; the row to 10-31 is the longest inside.
  auto f = geo::window_figures(rows, {D("2025-01-01"), D("2025-10-31")});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_DOUBLE_EQ(f[0].value, 81000);
  // A window that starts after the rows' start holds none of them: a gap, never a cut-down row or zero.
  f = geo::window_figures(rows, {D("2025-02-01"), D("2025-12-31")});
  EXPECT_TRUE(f.empty());
}

TEST(Window, RowsThatDoNotOverlapAreSummedWithinOneSeries) {
  std::vector<FigureRow> rows = {
      row("lang_son", "import_export", "declared", "USD_million", "2025-01-01", "2025-03-31", 1000, 2),
      row("lang_son", "import_export", "declared", "USD_million", "2025-04-01", "2025-06-30", 1200, 3),
      row("lang_son", "import_export", "declared", "USD_million", "2025-04-01", "2025-04-30", 300, 4),  // inside Q2
      row("lang_son", "import_export", "declared", "USD_million", "2025-10-01", "2025-10-31", 500, 5)};
  const auto f = geo::window_figures(rows, {D("2025-01-01"), D("2025-12-31")});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_DOUBLE_EQ(f[0].value, 1000 + 1200 + 500);  // April is inside Q2: not added again
  EXPECT_EQ(f[0].rows, (std::vector<size_t>{0, 1, 3}));
  EXPECT_EQ(f[0].covered_days, 90 + 91 + 31);
  EXPECT_FALSE(f[0].contiguous());  // July to September is a gap, and says so
  EXPECT_NE(f[0].describe().find("(212 days covered)"), std::string::npos) << f[0].describe();
  EXPECT_NE(f[0].describe().find("2.7 bn USD, 3 rows"), std::string::npos) << f[0].describe();
}

TEST(Window, BasesScopesMetricsAndUnitsAreNeverAddedUp) {
  std::vector<FigureRow> rows = {
      row("lang_son", "import_export", "through_province", "USD_million", "2025-01-01", "2025-03-31", 1000, 2),
      row("lang_son", "import_export", "declared", "USD_million", "2025-04-01", "2025-06-30", 1200, 3),
      row("lang_son", "export", "declared", "USD_million", "2025-07-01", "2025-09-30", 10, 4),
      row("huu_nghi", "import_export", "declared", "USD_million", "2025-07-01", "2025-09-30", 20, 5),
      row("lang_son", "import_export", "declared", "CNY_million", "2025-07-01", "2025-09-30", 30, 6)};
  const auto f = geo::window_figures(rows, {D("2025-01-01"), D("2025-12-31")});
  ASSERT_EQ(f.size(), 5u);  // five series, one row each
  for (const auto& x : f) EXPECT_EQ(x.rows.size(), 1u) << x.describe();
}

TEST(Window, PerDayRatesAreAveragedWeightedByDays) {
  std::vector<FigureRow> rows = {
      row("huu_nghi", "cargo_vehicles_per_day", "", "per_day", "2024-01-01", "2024-01-10", 100, 2),   // 10 days
      row("huu_nghi", "cargo_vehicles_per_day", "", "per_day", "2024-01-20", "2024-01-20", 400, 3),   // 1 day
      row("huu_nghi", "cargo_vehicles_per_day", "", "per_day", "2024-01-05", "2024-01-05", 900, 4)};  // inside row 2
  const auto f = geo::window_figures(rows, {D("2024-01-01"), D("2024-01-31")});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].aggregation, geo::Aggregation::day_mean);
  EXPECT_DOUBLE_EQ(f[0].value, (10 * 100 + 1 * 400) / 11.0);
  EXPECT_EQ(f[0].covered_days, 11);
  EXPECT_EQ(f[0].rows.size(), 2u);
}

TEST(Window, SnapshotsTakeTheLatestAndPercentagesTheLongest) {
  std::vector<FigureRow> rows = {
      row("tan_thanh", "trucks_waiting", "", "trucks", "2024-01-03", "2024-01-03", 500, 2),
      row("tan_thanh", "trucks_waiting", "", "trucks", "2024-01-09", "2024-01-09", 200, 3),
      row("lang_son", "import_export_yoy_pct", "b", "percent", "2024-01-01", "2024-01-31", 10, 4),
      row("lang_son", "import_export_yoy_pct", "b", "percent", "2024-02-01", "2024-03-31", 20, 5)};
  const auto f = geo::window_figures(rows, {D("2024-01-01"), D("2024-12-31")});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].metric, "import_export_yoy_pct");
  EXPECT_DOUBLE_EQ(f[0].value, 20);  // never 30
  EXPECT_EQ(f[1].metric, "trucks_waiting");
  EXPECT_DOUBLE_EQ(f[1].value, 200);  // never 700
}

TEST(Window, RangesAreKeptOnlyWhenEveryRowHasOne) {
  std::vector<FigureRow> rows = {row("a", "passengers_total", "", "count", "2024-01-01", "2024-01-31", 100, 2),
                                 row("a", "passengers_total", "", "count", "2024-02-01", "2024-02-29", 200, 3)};
  rows[0].value_high = 150;
  auto f = geo::window_figures(rows, {D("2024-01-01"), D("2024-12-31")});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_DOUBLE_EQ(f[0].value, 300);
  EXPECT_FALSE(f[0].value_high);
  rows[1].value_high = 250;
  f = geo::window_figures(rows, {D("2024-01-01"), D("2024-12-31")});
  ASSERT_TRUE(f[0].value_high);
  EXPECT_DOUBLE_EQ(*f[0].value_high, 400);
}

// A total whose source gives no start ("nearly 20,000 since … ?") is not known to lie inside any
// window: it is left out, never counted as a one-day figure. A snapshot is of its end day.
TEST(Window, RowsWithoutAStartAreLeftOutExceptSnapshots) {
  std::vector<FigureRow> rows = {row("huu_nghi", "passengers_total", "", "count", "2022-09-09", "2022-09-09", 20000, 2),
                                 row("huu_nghi", "passengers_total", "", "count", "2023-01-01", "2023-02-28", 16000, 3),
                                 row("tan_thanh", "trucks_waiting", "", "trucks", "2023-01-08", "2023-01-08", 250, 4)};
  rows[0].start_known = false;
  rows[2].start_known = false;
  const auto f = geo::window_figures(rows, {D("2022-09-01"), D("2023-03-01")});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_DOUBLE_EQ(f[0].value, 16000);  // not 36,000
  EXPECT_EQ(f[0].rows, (std::vector<size_t>{1}));
  EXPECT_DOUBLE_EQ(f[1].value, 250);
}

TEST(Window, ValueText) {
  EXPECT_EQ(geo::value_text(84400, "USD_million"), "84.4 bn USD");
  EXPECT_EQ(geo::value_text(390, "USD_million"), "390 million USD");
  EXPECT_EQ(geo::value_text(41, "percent"), "41 %");
  EXPECT_EQ(geo::value_text(1200.5, "per_day"), "1,200.5 per day");
}

}  // namespace
