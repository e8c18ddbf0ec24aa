// Civil dates and periods: strict ISO parsing, formatting, calendar arithmetic.
#include <gtest/gtest.h>

#include "geo/dates.hpp"

using geo::Date;
using geo::Period;

TEST(Dates, EpochAndRoundTrip) {
  EXPECT_EQ(Date::from_ymd(1970, 1, 1).days(), 0);
  EXPECT_EQ(Date::from_ymd(2000, 3, 1).days(), 11017);
  const Date d = Date::from_ymd(2022, 9, 26);
  EXPECT_EQ(d.iso(), "2022-09-26");
  EXPECT_EQ(d.iso_month(), "2022-09");
  EXPECT_EQ(d.year(), 2022);
  EXPECT_EQ(d.month(), 9u);
  EXPECT_EQ(d.day(), 26u);
  EXPECT_EQ(Date::parse("2022-09-26"), d);
  EXPECT_EQ(Date::parse("1969-12-31")->days(), -1);
}

TEST(Dates, ParseRejectsNonCalendarDays) {
  EXPECT_FALSE(Date::parse("2023-02-30"));
  EXPECT_FALSE(Date::parse("2023-02-29"));  // 2023 is not a leap year
  EXPECT_TRUE(Date::parse("2024-02-29"));
  EXPECT_FALSE(Date::parse("1900-02-29"));  // century rule
  EXPECT_TRUE(Date::parse("2000-02-29"));
  EXPECT_FALSE(Date::parse("2023-13-01"));
  EXPECT_FALSE(Date::parse("2023-00-10"));
  EXPECT_FALSE(Date::parse("2023-04-31"));
  EXPECT_FALSE(Date::parse("2023-04-00"));
}

TEST(Dates, ParseRejectsOtherShapes) {
  for (const char* s : {"", "2023-1-05", "2023-01-5", "23-01-05", "2023/01/05", " 2023-01-05", "2023-01-05 ",
                        "2023-01-05T00:00", "2023-01", "undated", "2023-0a-05", "+023-01-05"})
    EXPECT_FALSE(Date::parse(s)) << s;
  EXPECT_FALSE(Date::parse_month("2023-13"));
  EXPECT_FALSE(Date::parse_month("2023-00"));
  EXPECT_FALSE(Date::parse_month("2023-1"));
  EXPECT_FALSE(Date::parse_month("2023-01-01"));
  EXPECT_EQ(Date::parse_month("2020-01"), Date::from_ymd(2020, 1, 1));
  EXPECT_THROW(Date::from_ymd(2023, 2, 30), std::invalid_argument);
}

TEST(Dates, IsoDateWithPrecision) {
  auto m = geo::parse_iso_date("2020-02");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->precision, geo::DatePrecision::month);
  EXPECT_EQ(m->first.iso(), "2020-02-01");
  EXPECT_EQ(m->last.iso(), "2020-02-29");
  auto d = geo::parse_iso_date("2020-02-05");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->precision, geo::DatePrecision::day);
  EXPECT_EQ(d->first, d->last);
  EXPECT_FALSE(geo::parse_iso_date("2023-02-30"));
  auto q = geo::parse_iso_date("2026-Q3");  // a quarter: its first and last day
  ASSERT_TRUE(q);
  EXPECT_EQ(q->precision, geo::DatePrecision::quarter);
  EXPECT_EQ(q->first.iso(), "2026-07-01");
  EXPECT_EQ(q->last.iso(), "2026-09-30");
  EXPECT_EQ(geo::parse_iso_date("2024-Q1")->last.iso(), "2024-03-31");
  EXPECT_EQ(geo::parse_iso_date("2024-Q4")->last.iso(), "2024-12-31");
  EXPECT_FALSE(geo::parse_iso_date("2026-Q0"));
  EXPECT_FALSE(geo::parse_iso_date("2026-Q5"));
  EXPECT_FALSE(geo::parse_iso_date("2026-q3"));
}

TEST(Dates, Arithmetic) {
  const Date d = Date::from_ymd(2023, 12, 31);
  EXPECT_EQ(d.add_days(1).iso(), "2024-01-01");
  EXPECT_EQ(d.add_days(-365).iso(), "2022-12-31");
  EXPECT_EQ(d.add_weeks(1).iso(), "2024-01-07");
  EXPECT_EQ(d.add_weeks(-2).iso(), "2023-12-17");
  EXPECT_EQ(Date::from_ymd(2024, 3, 1) - Date::from_ymd(2024, 2, 1), 29);
  EXPECT_LT(Date::from_ymd(2024, 2, 28), Date::from_ymd(2024, 2, 29));
}

TEST(Dates, AddMonthsClampsToMonthEnd) {
  EXPECT_EQ(Date::from_ymd(2023, 1, 31).add_months(1).iso(), "2023-02-28");
  EXPECT_EQ(Date::from_ymd(2024, 1, 31).add_months(1).iso(), "2024-02-29");
  EXPECT_EQ(Date::from_ymd(2024, 3, 31).add_months(-1).iso(), "2024-02-29");
  EXPECT_EQ(Date::from_ymd(2023, 11, 15).add_months(3).iso(), "2024-02-15");
  EXPECT_EQ(Date::from_ymd(2023, 1, 15).add_months(-13).iso(), "2021-12-15");
  EXPECT_EQ(Date::from_ymd(2023, 5, 20).first_of_month().iso(), "2023-05-01");
  EXPECT_EQ(Date::from_ymd(2023, 4, 2).last_of_month().iso(), "2023-04-30");
}

TEST(Periods, ContainingNormalisesStart) {
  const Date d = Date::from_ymd(2023, 8, 17);
  const Period m = Period::containing(Period::Kind::month, d);
  EXPECT_EQ(m.start.iso(), "2023-08-01");
  EXPECT_EQ(m.last().iso(), "2023-08-31");
  EXPECT_EQ(m.label(), "2023-08");
  const Period q = Period::containing(Period::Kind::quarter, d);
  EXPECT_EQ(q.start.iso(), "2023-07-01");
  EXPECT_EQ(q.last().iso(), "2023-09-30");
  EXPECT_EQ(q.label(), "2023-Q3");
  const Period y = Period::containing(Period::Kind::year, d);
  EXPECT_EQ(y.start.iso(), "2023-01-01");
  EXPECT_EQ(y.last().iso(), "2023-12-31");
  EXPECT_EQ(y.label(), "2023");
  const Period day = Period::containing(Period::Kind::day, d);
  EXPECT_EQ(day.last(), d);
  EXPECT_EQ(day.label(), "2023-08-17");
}

TEST(Periods, NextPrevContainsCovers) {
  const Period q4 = Period::containing(Period::Kind::quarter, Date::from_ymd(2023, 11, 2));
  EXPECT_EQ(q4.next().label(), "2024-Q1");
  EXPECT_EQ(q4.prev().label(), "2023-Q3");
  EXPECT_EQ(Period::containing(Period::Kind::month, Date::from_ymd(2024, 1, 9)).prev().label(), "2023-12");
  const Period y = Period::containing(Period::Kind::year, Date::from_ymd(2023, 6, 1));
  EXPECT_TRUE(y.contains(Date::from_ymd(2023, 12, 31)));
  EXPECT_FALSE(y.contains(Date::from_ymd(2024, 1, 1)));
  EXPECT_TRUE(y.covers(Date::from_ymd(2023, 1, 1), Date::from_ymd(2023, 6, 30)));
  EXPECT_FALSE(y.covers(Date::from_ymd(2022, 12, 1), Date::from_ymd(2023, 6, 30)));
  EXPECT_EQ(geo::parse_period_kind("quarter"), Period::Kind::quarter);
  EXPECT_FALSE(geo::parse_period_kind("week"));
}
